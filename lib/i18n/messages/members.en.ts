/** Strings of the organizer members pages (English, the reference: members.fr.ts is type-checked against it). */
export const membersEn = {
  title: "Members",
};
