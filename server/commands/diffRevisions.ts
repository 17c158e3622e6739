import { diffLines, diffWordsWithSpace, lineDiff, wordsWithSpaceDiff } from "diff";
import type { DiffMode, DiffPart } from "../../shared/api/schemas";
import type { Database } from "../db/client";
import { findRevision } from "../db/queries/bulletins";
import { loadOrganizationProfile } from "../db/queries/organization";
import { notFound } from "../errors";
import { renderText } from "../export/text";

// Myers' diff costs about the square of the edits it finds (as much to give up at a cap):
// these caps keep one diff within some tens of milliseconds whatever the texts, and a
// linear lower bound skips the attempts that could only give up.
/** Lines (paragraphs) added or removed beyond which only the two texts are shown. */
const LINE_EDIT_LIMIT = 600;
/** Words and spaces added or removed within one changed passage before it is shown whole. */
const WORD_EDIT_LIMIT = 600;
/** Words and spaces added or removed over all passages of one diff. */
const WORD_EDIT_BUDGET = 1_500;
/**
 * Words and spaces in one passage beyond which it is shown whole: Myers walks every token
 * once per edit it tries, so a huge passage of few but scattered edits (a shuffle) costs
 * tokens × edits even under the edit cap. About 10,000 words: far beyond a real paragraph.
 */
const WORD_TOKEN_LIMIT = 20_000;
/** Paragraph lines beyond which only the two texts are shown, for the same reason. */
const LINE_TOKEN_LIMIT = 20_000;

const part = (kind: DiffPart["kind"], text: string): DiffPart => ({ kind, text });

/**
 * The fewest tokens any diff of these two lists adds or removes: every token one side has
 * more copies of than the other. Never more than the edit length Myers finds.
 */
function fewestEdits(older: readonly string[], newer: readonly string[]): number {
  const balance = new Map<string, number>();
  for (const token of older) balance.set(token, (balance.get(token) ?? 0) + 1);
  for (const token of newer) balance.set(token, (balance.get(token) ?? 0) - 1);
  let edits = 0;
  for (const count of balance.values()) edits += Math.abs(count);
  return edits;
}

const lines = (text: string) => lineDiff.tokenize(text, {}).filter(Boolean);
const words = (text: string) => [...wordsWithSpaceDiff.tokenize(text)].filter(Boolean);

/**
 * The changes from `older` to `newer` as the reviewer reads them: paragraphs first, then
 * word by word within each changed passage (`words`). A passage with too many changes is
 * shown as its removed and added paragraphs (`lines`); when even the paragraphs differ
 * too much, the two texts whole (`too_large`). Bounded work, whatever the input.
 */
export function diffTexts(older: string, newer: string): { mode: DiffMode; parts: DiffPart[] } {
  const olderLines = lines(older);
  const newerLines = lines(newer);
  const byLine =
    olderLines.length + newerLines.length <= LINE_TOKEN_LIMIT && fewestEdits(olderLines, newerLines) <= LINE_EDIT_LIMIT
      ? diffLines(older, newer, { maxEditLength: LINE_EDIT_LIMIT })
      : undefined;
  if (!byLine) return { mode: "too_large", parts: [part("removed", older), part("added", newer)] };
  const parts: DiffPart[] = [];
  let budget = WORD_EDIT_BUDGET;
  let everyPassageByWord = true;
  let removed = "";
  let added = "";
  const flushPassage = () => {
    const limit = Math.min(WORD_EDIT_LIMIT, budget);
    const removedWords = removed !== "" && added !== "" ? words(removed) : [];
    const addedWords = removedWords.length > 0 ? words(added) : [];
    const attempt =
      removedWords.length > 0 &&
      removedWords.length + addedWords.length <= WORD_TOKEN_LIMIT &&
      fewestEdits(removedWords, addedWords) <= limit;
    const byWord = attempt ? diffWordsWithSpace(removed, added, { maxEditLength: limit }) : undefined;
    if (byWord) {
      for (const change of byWord) {
        if (change.added || change.removed) budget -= change.count;
        parts.push(part(change.added ? "added" : change.removed ? "removed" : "same", change.value));
      }
    } else {
      if (removed && added) everyPassageByWord = false;
      if (attempt) budget -= limit;
      if (removed) parts.push(part("removed", removed));
      if (added) parts.push(part("added", added));
    }
    removed = added = "";
  };
  for (const change of byLine) {
    if (change.removed) removed += change.value;
    else if (change.added) added += change.value;
    else {
      flushPassage();
      parts.push(part("same", change.value));
    }
  }
  flushPassage();
  return { mode: everyPassageByWord ? "words" : "lines", parts };
}

/** Diff of two revisions, on the text a reader sees (the plain-text export); see `diffTexts`. */
export async function diffRevisions(db: Database, bulletinId: number, from: number, to: number) {
  const [older, newer] = await Promise.all([findRevision(db, bulletinId, from), findRevision(db, bulletinId, to)]);
  if (!older) throw notFound(`La revisión ${from}`);
  if (!newer) throw notFound(`La revisión ${to}`);
  const organization = await loadOrganizationProfile(db);
  const options = { organization, draft: false };
  return { from, to, ...diffTexts(renderText(older.content, options), renderText(newer.content, options)) };
}
