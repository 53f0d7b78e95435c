/** The embeddable sign form and its snippet (docs/decisions/0031-embeddable-sign-form.md). */
export const embed = {
  readCampaign: "Read the whole campaign (opens in a new tab)",
  privacy: "How we handle your data (opens in a new tab)",
  sentBody: "We sent a message to the address you gave. Open the link in it to confirm your signature: it opens a new tab, where you can then find your Member of Parliament and write to them. Only confirmed signatures count.",
  signAgain: "Sign with another address",
  snippet: {
    heading: "Embed on another site",
    intro: "A partner can show this campaign’s sign form on their own site: paste this code where the form should appear. Supporters sign inside the frame, confirm by email, then find their MP and write to them on this site. Signatures made there carry the tag embed, or the tag you put in the frame’s address (?src=…).",
    code: "Code to paste",
    copy: "Copy the code",
    preview: "See the form as a partner’s site shows it",
  },
};
