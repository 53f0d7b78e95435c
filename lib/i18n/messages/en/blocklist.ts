
export const blocklist = {
  title: "Block list",
  intro: "Signatures from these email domains (and their subdomains) or IP ranges are not refused: the signer sees the usual pages, but the signature is flagged, does not count and waits in each campaign's flag queue with the reason.",
  own: "This organization's entries",
  empty: "The block list is empty.",
  global: "Platform-wide entries",
  globalIntro: "Set by the platform for every organization; they cannot be removed here.",
  kindHeading: "Kind",
  kind: {
    ip_range: "IP range",
    email_domain: "Email domain",
  },
  value: "Value",
  reason: "Reason",
  added: "Added",
  addedBy: "Added by",
  actions: "Actions",
  unknownUser: "—",
  remove: "Remove",
  removeLabel: "Remove {value} from the block list",
  addHeading: "Add an entry",
  kindLabel: "Kind",
  valueLabel: "Email domain or IP range",
  valueHint: "A domain like spam.example (its subdomains are blocked too), or an IP range like 203.0.113.0/24 or 2001:db8::/48. Ranges wider than /8 (IPv4) or /32 (IPv6) are refused.",
  reasonLabel: "Reason (optional)",
  reasonHint: "For your colleagues: why this entry was added.",
  addButton: "Add to the block list",
  addedOk: "{value} added to the block list.",
  removedOk: "{value} removed from the block list.",
  notFound: "That entry no longer exists: nothing was changed.",
  errors: {
    blocklist: {
      kind: {
        invalid: "Choose email domain or IP range.",
      },
      value: {
        required: "Enter an email domain or an IP range.",
        invalid: "This value is too long.",
      },
      reason: {
        tooLong: "Keep the reason under 300 characters.",
      },
      ipRange: {
        invalid: "Enter an IP range like 203.0.113.0/24 or 2001:db8::/48.",
        tooWide: "This range is too wide: at most /8 for IPv4 and /32 for IPv6.",
      },
      emailDomain: {
        invalid: "Enter a domain like spam.example (without the name and @).",
      },
    },
    duplicate: "This entry is already on the block list.",
    generic: "Something went wrong: nothing was changed. Please try again.",
  },
  queuePager: {
    label: "Flag queue pages",
    range: "Showing {from}–{to} of {count}.",
  },
};
