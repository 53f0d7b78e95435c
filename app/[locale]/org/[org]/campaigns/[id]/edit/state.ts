import type { EditorValues } from "@/lib/campaigns/editor/form";
import type { LetterPreview } from "@/lib/campaigns/editor/preview";
import type { RepresentativeChoice } from "@/lib/campaigns/editor/representatives";

/** What the editor form's action hands back to the form: everything typed, and what to show with it. */
export interface EditorState {
  values: EditorValues;
  /** Field name → message code (lib/i18n/messages/editor.*.ts `errors`), "code:param" for a parameter. */
  errors: Record<string, string>;
  formError?: string;
  saved?: boolean;
  /** Named targets (the ticked ones), for display. */
  repChoices: RepresentativeChoice[];
  repQuery?: string;
  repResults?: RepresentativeChoice[];
  /** Markdown previews rendered by lib/campaigns/markdown.ts, by locale. */
  previews?: Record<string, string>;
  letterPreviews?: LetterPreview[];
  extraSourceRows?: number;
}
