import type { Bulletin } from "../../../shared/bulletin/schema";
import { bodyText } from "./bulletin-text";

// Spaces and the dashes Spanish sets between words (—dijo—, 2023–2024) separate words.
const SEPARATORS = /[\s\u2013\u2014\u2015]+/u;
const WORD_CHARACTER = /[\p{L}\p{N}]/u;

/**
 * Words in `text` as a writer counts them: a run of characters between spaces that holds
 * a letter or a digit. A URL, an e-mail, `1,500.50`, `COVID-19`, `y/o` and `l'Hospitalet`
 * are one word each; a lone `-`, `·` or `…` is none, and repeated spaces count nothing.
 */
export function countWords(text: string): number {
  let count = 0;
  for (const token of text.split(SEPARATORS)) if (WORD_CHARACTER.test(token)) count += 1;
  return count;
}

export interface WordCounts {
  body: number;
  /** Headline, highlights and body: what a reader reads (the date line and links are not counted). */
  bulletin: number;
}

/** The body's and the whole bulletin's word counts. */
export function bulletinWordCounts(bulletin: Pick<Bulletin, "title" | "highlights" | "body">): WordCounts {
  const body = countWords(bodyText(bulletin.body));
  const rest = countWords(bulletin.title) + bulletin.highlights.reduce((sum, highlight) => sum + countWords(highlight), 0);
  return { body, bulletin: body + rest };
}
