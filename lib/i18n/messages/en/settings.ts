
export const settings = {
  title: "Organization settings",
  intro: "How your organization appears on its campaign pages. Only owners can change these settings. Every change is recorded in the audit log.",
  nameLabel: "Name",
  nameHint: "As supporters and MPs' offices will see it.",
  contactLabel: "Contact address (optional)",
  contactHint: "Shown on your campaign pages, so supporters know whom to write to about a campaign or their data.",
  mailingAddressLabel: "Mailing address (needed to send updates)",
  mailingAddressHint: "Your organization's postal address, printed at the foot of every update to supporters, as Canada's anti-spam law requires. Several lines are fine.",
  embedSitesLabel: "Sites that may show your sign forms (optional)",
  embedSitesHint: "One address per line, like https://partner.example. Only these sites can frame your campaigns' embeddable sign form; leave empty to allow any secure (https) site.",
  localeLabel: "Working language",
  localeHint: "New campaigns start in this language. You can add the other one in the editor.",
  logoLabel: "Logo (optional)",
  logoHint: "PNG, JPEG or WebP, at most 100 kB. It is stored and served by this site.",
  currentLogo: "Current logo",
  removeLogo: "Remove the logo",
  save: "Save settings",
  saved: "Settings saved.",
  exportsHeading: "Exports and anonymisation",
  approvalLabel: "Require a second owner's approval for every export",
  approvalHint: "An owner or editor requests each export, another owner approves it, and the requester downloads it once within 24 hours. Turning this on needs at least two owners; turning it off takes effect at once, is recorded in the audit log, and every other owner is emailed.",
  retentionLabel: "Anonymise supporters this many months after a campaign closes",
  retentionHint: "Once this many months (1 to 60) have passed since a campaign closed or reached its end date, its supporters' names, email addresses, postal codes, comments and letters are erased for good, while the counts and the figures by riding stay.",
  exportsSave: "Save export and anonymisation choices",
  exportsSaved: "Export and anonymisation choices saved.",
  approvalTurnedOff: "Export approval is off. The other owners have been emailed.",
  errors: {
    organization: {
      name: {
        required: "Enter the organization's name (at least 2 characters).",
        tooLong: "The name must be 120 characters or fewer.",
      },
      mailingAddress: {
        tooLong: "The mailing address must be 300 characters or fewer.",
      },
      embedSites: {
        invalid: "Enter each site as an https address, like https://partner.example.",
        tooMany: "List at most 20 sites.",
      },
      locale: {
        invalid: "Choose English or French.",
      },
      logo: {
        tooLarge: "The logo must be 100 kB or smaller.",
        type: "The logo must be a PNG, JPEG or WebP image.",
      },
    },
    email: {
      invalid: "Enter an email address like contact@example.org.",
    },
    exportApproval: {
      needsTwoOwners: "Approval needs at least two owners: make another member an owner in Members first.",
    },
    retention: {
      months: "Enter a whole number of months from 1 to 60.",
    },
    generic: "Something went wrong: nothing was changed. Please try again.",
  },
};
