import type { directoryEn } from "./directory.en";

export const directoryFr: typeof directoryEn = {
  title: "Répertoire des députés",
};
