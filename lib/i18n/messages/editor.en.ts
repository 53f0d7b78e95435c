/** Strings of the organizer editor pages (English, the reference: editor.fr.ts is type-checked against it). */
export const editorEn = {
  title: "Editor",
};
