
export const settings = {
  title: "Organization settings",
  intro: "How your organization appears on its campaign pages. Only owners can change these settings. Every change is recorded in the audit log.",
  nameLabel: "Name",
  nameHint: "As supporters and MPs' offices will see it.",
  contactLabel: "Contact address (optional)",
  contactHint: "Shown on your campaign pages, so supporters know whom to write to about a campaign or their data.",
  localeLabel: "Working language",
  localeHint: "New campaigns start in this language. You can add the other one in the editor.",
  logoLabel: "Logo (optional)",
  logoHint: "PNG, JPEG or WebP, at most 100 kB. It is stored and served by this site.",
  currentLogo: "Current logo",
  removeLogo: "Remove the logo",
  save: "Save settings",
  saved: "Settings saved.",
  errors: {
    organization: {
      name: {
        required: "Enter the organization's name (at least 2 characters).",
        tooLong: "The name must be 120 characters or fewer.",
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
    generic: "Something went wrong: nothing was changed. Please try again.",
  },
};
