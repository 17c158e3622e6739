import type { CheckResult } from "../api/schemas";
import type { Bulletin } from "../bulletin/schema";

export type { CheckResult };

/** One name of the office glossary: how it must be written, and the wrong spellings seen. */
export interface GlossaryEntry {
  canonical: string;
  variants: string[];
}

/** The office glossary (`templates/glossary.json`). */
export interface Glossary {
  entries: GlossaryEntry[];
}

/** Everything an editorial check may look at. */
export interface CheckContext {
  bulletin: Bulletin;
  glossary: Glossary;
  /** True when another archived bulletin holds the same number (the caller queries it). */
  duplicateNumber?: boolean;
  /** Today in America/Mexico_City (`yyyy-mm-dd`); given only while the bulletin is being written. */
  today?: string;
  /** Today in America/Mexico_City (`yyyy-mm-dd`); given by the approval, which numbers a bulletin that has no number yet. */
  approvingOn?: string;
}

/** An editorial check: pure, returns what it found (nothing when all is well). */
export type Check = (context: CheckContext) => CheckResult[];

/** A blocking result: the bulletin cannot be approved until it is fixed. */
export function blocking(code: string, field: string | null, message: string): CheckResult {
  return { code, severity: "blocking", field, message };
}

/** A warning: shown to writer and reviewer, never stops approval. */
export function warning(code: string, field: string | null, message: string): CheckResult {
  return { code, severity: "warning", field, message };
}
