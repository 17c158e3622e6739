import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import type { Transaction } from "@tiptap/pm/state";
import { changedRanges } from "../changed-ranges";

export interface FindOptions {
  /** `Hospital` does not find `hospital`. */
  matchCase: boolean;
  /** `medico` does not find `médico`. */
  matchAccents: boolean;
}

/** A match as document positions, `[from, to)`. */
export interface FindMatch {
  from: number;
  to: number;
}

const NON_ASCII = /[^\x00-\x7f]/g;
const MARKS = /\p{M}+/gu;

/** One UTF-16 unit folded to one unit (so offsets stay put): lower-cased and/or without its accent. */
function foldUnit(unit: string, options: FindOptions): string {
  let folded = unit;
  if (!options.matchCase) {
    const lower = folded.toLowerCase();
    if (lower.length === 1) folded = lower;
  }
  if (!options.matchAccents) {
    const base = folded.normalize("NFD").replace(MARKS, "");
    if (base.length === 1) folded = base;
  }
  return folded;
}

/** `text` folded unit by unit: the same length, each offset the same character. */
export function foldForSearch(text: string, options: FindOptions): string {
  const lowered = options.matchCase ? text : text.replace(/[A-Z]+/g, (upper) => upper.toLowerCase());
  return lowered.replace(NON_ASCII, (unit) => foldUnit(unit, options));
}

/** The matches in one textblock at `position`. */
function matchesOf(node: ProseMirrorNode, position: number, needle: string, options: FindOptions, into: FindMatch[]): void {
  // Leaf nodes (hard breaks) count as one character, so text offsets map 1:1 to positions.
  const text = foldForSearch(node.textBetween(0, node.content.size, "\n", "\n"), options);
  for (let index = text.indexOf(needle); index !== -1; index = text.indexOf(needle, index + needle.length)) {
    into.push({ from: position + 1 + index, to: position + 1 + index + needle.length });
  }
}

/**
 * Every non-overlapping occurrence of `query` in the document's text, in order. A match
 * never crosses a paragraph or a line break, and may cross bold or a link inside one.
 */
export function findMatches(doc: ProseMirrorNode, query: string, options: FindOptions): FindMatch[] {
  if (query === "") return [];
  const needle = foldForSearch(query, options);
  const matches: FindMatch[] = [];
  doc.descendants((node, position) => {
    if (!node.isTextblock) return true;
    matchesOf(node, position, needle, options, matches);
    return false;
  });
  return matches;
}

/**
 * The matches after `tr`, equal to findMatches on its new document: the others mapped,
 * only the textblocks it changed searched again (typing with the bar open never searches the whole body).
 */
export function mapMatches(previous: FindMatch[], tr: Transaction, query: string, options: FindOptions): FindMatch[] {
  if (query === "") return [];
  const needle = foldForSearch(query, options);
  const blocks: { from: number; to: number }[] = [];
  const found: FindMatch[] = [];
  for (const range of changedRanges(tr)) {
    tr.doc.nodesBetween(range.from, range.to, (node, position) => {
      if (!node.isTextblock) return true;
      if (blocks.some((block) => block.from === position)) return false;
      blocks.push({ from: position, to: position + node.nodeSize });
      matchesOf(node, position, needle, options, found);
      return false;
    });
  }
  const kept: FindMatch[] = [];
  for (const match of previous) {
    const from = tr.mapping.mapResult(match.from, 1);
    const to = tr.mapping.mapResult(match.to, -1);
    if (from.deleted || to.deleted || to.pos - from.pos !== match.to - match.from) continue;
    if (blocks.some((block) => from.pos < block.to && to.pos > block.from)) continue;
    kept.push({ from: from.pos, to: to.pos });
  }
  return [...kept, ...found].sort((a, b) => a.from - b.from);
}
