import type { membersEn } from "./members.en";

export const membersFr: typeof membersEn = {
  title: "Membres",
};
