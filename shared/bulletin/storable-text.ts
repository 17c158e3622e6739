/**
 * What text may be stored, so that every export of it opens. XML 1.0 (the DOCX
 * parts) allows only #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] |
 * [#x10000-#x10FFFF]. The code points outside it are handled per class:
 * - C0 controls other than tab, LF and CR (what Word and PDFs leave in pasted
 *   text) are dropped silently; vertical tab and form feed, which Word writes for
 *   a manual line and page break, become a line break.
 * - NUL, U+FFFE, U+FFFF and lone UTF-16 surrogates are refused, naming the code
 *   point: they are never typed, they mean the text was damaged on the way
 *   (wrong encoding, a byte-swapped BOM), and the writer has to look at it.
 * The importer, whose input is a file and not a writer, drops them all instead
 * (`stripForbiddenCodePoints`).
 *
 * Bidirectional controls ("Trojan Source") show text in another order than it is
 * stored: `\u202EarotuA anA` displays as `Ana Autora`, and a right-to-left mark
 * before `10 - 20` displays `20 - 10`. A reviewer would approve, and the audit trail
 * show as author, words that the search, the glossary check and the diff never saw.
 * They are dropped silently (`dropBidiControls`) from every field of a bulletin, the
 * body included, from names and from the organisation profile; per class:
 * - embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) reorder whole
 *   runs of letters; nobody types them, a paste or a forger brings them;
 * - the marks (U+200E, U+200F, U+061C) reorder digits and punctuation around them.
 *   A Spanish bulletin never needs them: words in Arabic or Hebrew script run
 *   right-to-left by their own letters, and the office quotes them rarely if ever.
 * Dropping rather than refusing, like the C0 controls: the writer sees the same
 * text without them and has nothing to fix. Links refuse them instead (web-link.ts):
 * there a hidden character is a sign of a disguised address.
 *
 * Invisible characters at the edges of a name (`trimInvisible`): the zero-width space
 * and joiners, the word joiner, the BOM, the soft hyphen are trimmed like spaces, so
 * `\u200B` alone is an empty name (`hasVisibleText`), not a user nobody can see.
 */

/** C0 controls XML forbids, line-break-like ones excluded. */
const DROPPED_CONTROLS = /[\u0001-\u0008\u000E-\u001F]/g;
const CONTROL_BREAKS = /[\u000B\u000C]/g;
const REFUSED =
  /[\u0000\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const FORBIDDEN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Every line break a paste can carry: CRLF, LF, CR, vertical tab, form feed, NEL, U+2028, U+2029. */
const LINE_BREAKS = /[ \t]*(?:\r\n|[\n\r\u000B\u000C\u0085\u2028\u2029])+[ \t]*/g;

/** `U+FFFE` for a code point (or a lone surrogate). */
export function codePointName(character: string): string {
  return `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** The first code point that is refused (NUL, U+FFFE, U+FFFF, a lone surrogate), or null. */
export function refusedCodePoint(text: string): string | null {
  const match = REFUSED.exec(text);
  return match ? codePointName(match[0]) : null;
}

/** The Spanish refusal for `text`, or null when it may be stored (after `dropControls`). */
export function refusedCodePointMessage(text: string): string | null {
  const name = refusedCodePoint(text);
  if (!name) return null;
  if (name === "U+0000") return "El texto tiene un carácter nulo (U+0000), que no se puede guardar.";
  if (/^U\+D[89A-F]/.test(name)) {
    return `El texto tiene un carácter Unicode incompleto (${name}, un sustituto UTF-16 suelto), que no se puede guardar.`;
  }
  return `El texto tiene el carácter no válido ${name}, que no se puede guardar ni exportar; bórralo o vuelve a escribir esa parte.`;
}

/** Drops the C0 controls XML forbids; vertical tab and form feed become `\n`. Tab, LF, CR stay. */
export function dropControls(text: string): string {
  if (!/[\u0001-\u0008\u000B\u000C\u000E-\u001F]/.test(text)) return text;
  return text.replace(CONTROL_BREAKS, "\n").replace(DROPPED_CONTROLS, "");
}

/** Every code point XML 1.0 forbids, dropped (vertical tab and form feed become `\n`). For imported text. */
export function stripForbiddenCodePoints(text: string): string {
  return text.replace(CONTROL_BREAKS, "\n").replace(FORBIDDEN, "");
}

/** True when `text` has a code point XML 1.0 forbids. */
export function hasForbiddenCodePoint(text: string): boolean {
  FORBIDDEN.lastIndex = 0;
  const found = FORBIDDEN.test(text);
  FORBIDDEN.lastIndex = 0;
  return found;
}

const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** Drops the bidirectional marks, embeddings, overrides and isolates (see above). */
export function dropBidiControls(text: string): string {
  BIDI_CONTROLS.lastIndex = 0;
  return BIDI_CONTROLS.test(text) ? text.replace(BIDI_CONTROLS, "") : text;
}

/** Spaces of any kind and the characters that show nothing (zero-width space and joiners, word joiner, BOM, soft hyphen…). */
const INVISIBLE_EDGE = /[\s\u00AD\u180E\u200B-\u200F\u2060-\u2064\uFEFF]/;

/**
 * `text` without the spaces and invisible characters at both ends: `\u200B Ana\u2060 ` → `Ana`.
 * A scan, not a regex: an anchored `[…]+$` would go quadratic on a long run of spaces.
 */
export function trimInvisible(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && INVISIBLE_EDGE.test(text[start]!)) start++;
  while (end > start && INVISIBLE_EDGE.test(text[end - 1]!)) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** What shows nothing on its own: spaces, controls, format and default-ignorable characters, combining marks, blank look-alikes (U+2800, U+3164). */
const VISIBLE = /[^\s\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{M}\u2800\u3164\uFFA0]/u;

/** True when `text` shows at least one character: `\u200B` or `\u2800\u00A0` alone show nothing. */
export function hasVisibleText(text: string): boolean {
  return VISIBLE.test(text);
}

/** A one-line field (headline, place, highlight): every line break, with the spaces around it, is one space. */
export function toOneLine(text: string): string {
  return text.replace(LINE_BREAKS, " ");
}

/** Body text: CRLF and CR become LF, the line break every exporter reads. */
export function normalizeLineEnds(text: string): string {
  return text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
}
