import type { Node as ProseMirrorNode } from "@tiptap/pm/model";

/** A word of the body and where it is: `[from, to)` document positions. */
export interface PlacedWord {
  word: string;
  from: number;
  to: number;
}

// Letters with their accents, joined by an apostrophe or a hyphen inside the word (médico-cirujano).
const WORD = /\p{L}[\p{L}\p{M}]*(?:['’-]\p{L}[\p{L}\p{M}]*)*/gu;

/** Words the checker leaves alone: one letter, acronyms in capitals (IMSS, ISSSTE), words with digits around. */
function checkable(word: string): boolean {
  return word.length > 1 && word !== word.toUpperCase();
}

/**
 * Every checkable word of the document with its position. Link text is skipped (an
 * address is not Spanish), and so is text touching a digit (`COVID19`, `2da`).
 */
export function wordsOf(doc: ProseMirrorNode): PlacedWord[] {
  const words: PlacedWord[] = [];
  doc.descendants((node, position) => {
    if (!node.isText) return true;
    if (node.marks.some((mark) => mark.type.name === "link")) return false;
    const text = node.text ?? "";
    for (const match of text.matchAll(WORD)) {
      const before = text[match.index - 1] ?? "";
      const after = text[match.index + match[0].length] ?? "";
      if (/\d/.test(before) || /\d/.test(after) || !checkable(match[0])) continue;
      words.push({ word: match[0], from: position + match.index, to: position + match.index + match[0].length });
    }
    return false;
  });
  return words;
}

/** The words of names and terms the office writes (the glossary): known, whatever the dictionary says. */
export function knownWordsOf(phrases: string[]): string[] {
  const known = new Set<string>();
  for (const phrase of phrases) for (const match of phrase.matchAll(WORD)) known.add(match[0]);
  return [...known];
}

/** The speller's two questions (nspell's shape), so the worker's logic is tested without a worker. */
export interface Speller {
  correct(word: string): boolean;
  add(word: string): unknown;
}

/**
 * Which of `words` are misspelt. A word is right if the dictionary has it as written,
 * or in lower case at the start of a sentence (`Hospital`), or each part of a hyphenated
 * compound is right (`médico-cirujano`).
 */
export function misspelt(speller: Speller, words: string[]): string[] {
  const right = (word: string): boolean =>
    speller.correct(word) ||
    speller.correct(word.toLowerCase()) ||
    (word.includes("-") && word.split("-").every((part) => part === "" || right(part))) ||
    (/['’]/.test(word) && word.split(/['’]/).every((part) => part === "" || right(part)));
  return words.filter((word) => !right(word));
}
