import type { editorEn } from "./editor.en";

export const editorFr: typeof editorEn = {
  title: "Éditeur",
};
