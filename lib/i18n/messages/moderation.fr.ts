import type { moderationEn } from "./moderation.en";

export const moderationFr: typeof moderationEn = {
  title: "Modération",
};
