/** Strings of the organizer moderation pages (English, the reference: moderation.fr.ts is type-checked against it). */
export const moderationEn = {
  title: "Moderation",
};
