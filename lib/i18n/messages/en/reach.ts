/** Share cards, QR codes and tagged campaign links (docs/decisions/0030-share-cards-qr-and-sources.md). */
export const reach = {
  /** The share card's text for people who cannot see it: the same figures the image shows. */
  shareImageAlt: "{title}, by {organization}: {count} of {goal} verified signatures",
  /** On "What do you hold about me?": the tag of the link a signature was made from. */
  heldSource: "Link you signed from",
  links: {
    heading: "Links and QR codes",
    intro: "Give each place you share the campaign its own link (a newsletter, a poster, a partner’s site): the dashboard then shows how many signatures and letters came through each one. The tag only names the link; nothing about the person who signed is added.",
    campaignLink: "The campaign’s link",
    campaignLinkQr: "Its QR code, tagged {source}:",
    named: "Named links",
    none: "No named links yet.",
    label: "Name",
    labelHint: "For you and your team, for example “Newsletter, December”.",
    source: "Tag",
    sourceHint: "Lower-case letters, digits and hyphens, up to 40 characters, for example newsletter-dec. It appears in the link.",
    create: "Create the link",
    created: "Link created: {label}.",
    address: "Address",
    qrCode: "QR code",
    svg: "SVG",
    png: "PNG",
    qrFor: "QR code for {label}, {format}",
    copy: "Copy",
    copied: "Copied.",
    viewerNotice: "Owners and editors create named links.",
    errors: {
      generic: "The link could not be created. Please try again.",
      label: {
        required: "Give the link a name.",
        tooLong: "The name is too long (100 characters at most).",
      },
      source: {
        required: "Give the link a tag.",
        tooLong: "The tag is too long (40 characters at most).",
        invalid: "Use lower-case letters, digits and hyphens, starting with a letter or digit.",
        taken: "This campaign already has a link with this tag.",
      },
    },
  },
  bySource: {
    heading: "By source",
    hint: "Where confirmed signatures and letters came from: the tag of the link each supporter signed from.",
    source: "Source",
    direct: "No tag (direct)",
    confirmed: "Confirmed signatures",
    lettersQueued: "Letters queued",
    lettersSent: "Letters sent",
    nothingYet: "Nothing yet.",
  },
};
