import type { ImportDiff } from "@/lib/directory/import-diff";

/** What the import action returns to its form: everything typed, the problems found, or the diff to approve. */
export interface ImportState {
  /** Changes on every answer, so the form's fields take the returned values (React resets forms after an action). */
  seq: number;
  values: { text: string; asOf: string };
  errors: { line: number; code: string; value?: string }[];
  stale?: boolean;
  diff?: ImportDiff;
}
