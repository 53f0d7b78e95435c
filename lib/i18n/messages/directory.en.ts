/** Strings of the organizer directory pages (English, the reference: directory.fr.ts is type-checked against it). */
export const directoryEn = {
  title: "Directory",
};
