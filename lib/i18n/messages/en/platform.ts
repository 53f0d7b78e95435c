
export const platform = {
  title: "Organizations on the platform",
  intro: "Open the platform to a new group. The organization is created at once, and its first owner gets an email invitation valid for 7 days. They sign in with that address and can then invite their own members.",
  listHeading: "Organizations",
  name: "Name",
  slug: "Address",
  members: "Members",
  created: "Created",
  platformBadge: "platform",
  status: "Status",
  active: "Active",
  suspendedSince: "Suspended since {date}: {reason}",
  reasonLabel: "Reason for suspending {name}",
  suspend: "Suspend",
  reinstate: "Reinstate",
  suspendedOk: "{name} is suspended: its campaigns are hidden, take no signatures, and its letters wait.",
  reinstatedOk: "{name} is reinstated.",
  notFound: "That organization cannot be changed here: nothing was changed.",
  newHeading: "New organization",
  nameLabel: "Name",
  slugLabel: "Web address (slug)",
  slugHint: "Lower-case letters, digits and hyphens, as in /en/org/your-group. It cannot be changed later.",
  localeLabel: "Working language",
  ownerLabel: "First owner's email address",
  ownerHint: "They receive the invitation and will manage the organization's members.",
  create: "Create the organization",
  created_ok: "{name} was created; the invitation went to {email}.",
  created_noMail: "{name} was created, but the invitation email could not be sent: the owner can still sign in with {email}.",
  errors: {
    organization: {
      name: {
        required: "Enter the organization's name (at least 2 characters).",
        tooLong: "The name must be 120 characters or fewer.",
      },
      slug: {
        invalid: "Use 3 to 60 lower-case letters, digits and hyphens, like prairie-peace.",
        taken: "That address is already taken: choose another.",
      },
      locale: {
        invalid: "Choose English or French.",
      },
      suspension: {
        reason: "Give a reason of 3 to 300 characters: the organization's members will read it.",
      },
    },
    email: {
      invalid: "Enter an email address like name@example.org.",
    },
    generic: "Something went wrong: nothing was changed. Please try again.",
  },
};
