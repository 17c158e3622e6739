import { bodyPlainText } from "../bulletin/plain-text";
import { warning, type CheckContext, type CheckResult, type Glossary } from "./types";

interface Finding {
  start: number;
  end: number;
  written: string;
  canonical: string;
}

/** Strips accents letter by letter, so positions in the folded text are positions in the original. */
function foldKeepingLength(text: string): string {
  // Only non-ASCII letters can carry accents; ASCII text (most of it) is left as it is.
  return text.replace(/[^\x00-\x7f]/g, (character) => {
    const folded = character.normalize("NFD").replace(/\p{Diacritic}/gu, "");
    return folded.length === character.length ? folded : character;
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

interface NamePattern {
  /** Sticky: tried only where the first word occurs. */
  regex: RegExp;
  /** Every match starts with it. */
  firstWord: string;
}

/** A name as a whole-word, case-sensitive pattern; any run of spaces between its words. */
function namePattern(name: string): NamePattern {
  const words = name.trim().split(/\s+/);
  const regex = new RegExp(`(?<![\\p{L}\\p{N}])${words.map(escapeRegExp).join("\\s+")}(?![\\p{L}\\p{N}])`, "uy");
  return { regex, firstWord: words[0]! };
}

/**
 * The pattern's matches, left to right, none overlapping (as a global match would find them).
 * A match starts with the first word, so the pattern is tried only where indexOf finds it:
 * a regex that starts with a lookbehind is otherwise tried at every position of the text.
 */
function ranges(pattern: NamePattern, text: string): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  let at = text.indexOf(pattern.firstWord);
  while (at !== -1) {
    pattern.regex.lastIndex = at;
    const match = pattern.regex.exec(text);
    if (match) {
      found.push({ start: at, end: at + match[0].length });
      at = text.indexOf(pattern.firstWord, at + match[0].length);
    } else {
      at = text.indexOf(pattern.firstWord, at + 1);
    }
  }
  return found;
}

const sameSpacing = (text: string) => text.replace(/\s+/g, " ");

interface CompiledEntry {
  canonical: string;
  canonicalPattern: NamePattern;
  accentlessPattern: NamePattern;
  variantPatterns: NamePattern[];
}

/** A copy of a glossary's entries, to tell later whether the same object was changed in place. */
export type GlossarySnapshot = readonly { canonical: string; variants: readonly string[] }[];

export function glossarySnapshot(glossary: Glossary): GlossarySnapshot {
  return glossary.entries.map((entry) => ({ canonical: entry.canonical, variants: [...entry.variants] }));
}

/** Whether `glossary` still holds what `snapshot` copied (a walk of a few dozen strings, not a JSON.stringify per check). */
export function glossaryUnchanged(snapshot: GlossarySnapshot, glossary: Glossary): boolean {
  const entries = glossary.entries;
  if (entries.length !== snapshot.length) return false;
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index]!;
    const copy = snapshot[index]!;
    if (entry.canonical !== copy.canonical || entry.variants.length !== copy.variants.length) return false;
    for (let variant = 0; variant < copy.variants.length; variant++) if (entry.variants[variant] !== copy.variants[variant]) return false;
  }
  return true;
}

// Patterns are built once per glossary, not once per paragraph (checks run on every GET and save);
// rebuilt when the same object's entries were changed in place.
const compiled = new WeakMap<Glossary, { snapshot: GlossarySnapshot; entries: CompiledEntry[] }>();

function compile(glossary: Glossary): CompiledEntry[] {
  const cached = compiled.get(glossary);
  if (cached && glossaryUnchanged(cached.snapshot, glossary)) return cached.entries;
  const snapshot = glossarySnapshot(glossary);
  const entries = glossary.entries
    .map((entry) => ({ ...entry, canonical: entry.canonical.normalize("NFC").trim() }))
    .filter((entry) => entry.canonical)
    .map((entry) => ({
      canonical: entry.canonical,
      canonicalPattern: namePattern(entry.canonical),
      accentlessPattern: namePattern(foldKeepingLength(entry.canonical)),
      variantPatterns: entry.variants
        .map((variant) => variant.normalize("NFC").trim())
        .filter((variant) => variant && variant !== entry.canonical)
        .map(namePattern),
    }));
  compiled.set(glossary, { snapshot, entries });
  return entries;
}

const byStartThenLongest = (left: { start: number; end: number }, right: { start: number; end: number }) =>
  left.start - right.start || right.end - left.end;

/**
 * Misspelt names in one text, in order. One sweep over the matches sorted by start: a
 * match lies inside an earlier range exactly when the furthest end reached by the ranges
 * starting at or before it covers its end, so nothing is compared pairwise.
 */
function findingsIn(rawText: string, glossary: Glossary): Finding[] {
  const text = rawText.normalize("NFC");
  const folded = foldKeepingLength(text);
  const entries = compile(glossary);
  // A variant may be part of a correctly written name ("Robledo" in "Zoé Robledo"): never flag inside one.
  const correct = entries
    .flatMap((entry) =>
      ranges(entry.canonicalPattern, text).filter(
        (range) => sameSpacing(text.slice(range.start, range.end)) === entry.canonical,
      ),
    )
    .sort(byStartThenLongest);
  const found: Finding[] = [];
  for (const entry of entries) {
    const accentless = ranges(entry.accentlessPattern, folded);
    const variants = entry.variantPatterns.flatMap((pattern) => ranges(pattern, text));
    for (const range of [...accentless, ...variants]) {
      const written = sameSpacing(text.slice(range.start, range.end));
      if (written !== entry.canonical) found.push({ ...range, written, canonical: entry.canonical });
    }
  }
  // Longest first, so "Zoe Robledo Aburto" is reported once, not also as "Zoe Robledo".
  found.sort(byStartThenLongest);
  const kept: Finding[] = [];
  let nextCorrect = 0;
  let correctReach = -1;
  let keptReach = -1;
  for (const finding of found) {
    while (nextCorrect < correct.length && correct[nextCorrect]!.start <= finding.start) {
      correctReach = Math.max(correctReach, correct[nextCorrect]!.end);
      nextCorrect++;
    }
    if (finding.end <= correctReach || finding.end <= keptReach) continue;
    kept.push(finding);
    keptReach = Math.max(keptReach, finding.end);
  }
  return kept;
}

function resultsFor(field: string, texts: string[], glossary: Glossary): CheckResult[] {
  const messages = new Set(
    texts.flatMap((text) => findingsIn(text, glossary)).map(({ written, canonical }) => `«${written}» debería escribirse «${canonical}».`),
  );
  return [...messages].map((message) => warning("glossary_spelling", field, message));
}

/** At most this many misspellings are listed; the rest are counted in one more result. */
export const MAX_GLOSSARY_FINDINGS = 50;

/**
 * Names written otherwise than the glossary's canonical spelling, in the title, the
 * highlights and the body: listed variants and accent-less forms of the canonical,
 * matched as whole words, case-sensitive. Each spelling is reported once per field, the
 * first MAX_GLOSSARY_FINDINGS of them; more are summed up in one `glossary_spelling_more`.
 * Linear in the text and in the number of matches.
 */
export function checkGlossary({ bulletin, glossary }: CheckContext): CheckResult[] {
  if (glossary.entries.length === 0) return [];
  const results = [
    ...resultsFor("title", [bulletin.title], glossary),
    ...bulletin.highlights.flatMap((highlight, index) => resultsFor(`highlights.${index}`, [highlight], glossary)),
    // One text for the whole body; NUL between paragraphs is not a space, so no name spans two.
    ...resultsFor("body", [bodyPlainText(bulletin.body).join("\u0000")], glossary),
  ];
  if (results.length <= MAX_GLOSSARY_FINDINGS) return results;
  const rest = results.length - MAX_GLOSSARY_FINDINGS;
  return [
    ...results.slice(0, MAX_GLOSSARY_FINDINGS),
    warning(
      "glossary_spelling_more",
      null,
      `Hay ${rest === 1 ? "otro nombre escrito" : `otros ${rest} nombres escritos`} de otra forma que en el glosario; corrige los anteriores y vuelve a revisar.`,
    ),
  ];
}
