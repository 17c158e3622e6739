/**
 * The escaping of the lines the Markdown exporter (server/export/markdown.ts)
 * writes itself (label, date line, headline, highlights, and every line start of
 * the body, whose inline text mdast-util-to-markdown writes), so that the importer
 * (server/import/parse-bulletin.ts, CommonMark through micromark) reads back the
 * same bulletin.
 *
 * Inline: `\`, `*`, `_`, `[`, `]`, `` ` `` and `<` in text get a backslash.
 * Line start: a line that CommonMark (or the importer) would read as something
 * other than text gets a backslash before its first marker character, and only
 * then, so `---o0o---`, `-30-`, `#hashtag` and `1.5 millones` are written as they are:
 * - `-`, `+` and the importer's bullets `·•●▪–` followed by a space, a tab or the
 *   line end (a list item): `\- `; `1.`/`1)` likewise: `1\. `;
 * - `#` to `######` followed by a space, a tab or the line end (a heading): `\# `;
 * - a line of `-` alone or `=` alone (a setext underline of the line above) and
 *   `---`, `- - -` (a thematic break): `\---`, `\===`;
 * - `>` (a quote), `<` (HTML), three or more `~` (a code fence): `\>`, `\<`, `\~~~`.
 * `*`, `_` and `` ` `` need nothing more: inline escaping has put a backslash before
 * them. Spaces and tabs that open a line (four make a code block) are dropped.
 * The importer's markers are followed by any white space (`\s`), CommonMark's by a
 * space or tab: the line is escaped when either would read a marker. (A CommonMark
 * reader shows the backslash of `\· `: it unescapes ASCII punctuation only.)
 * Unescape: a backslash before any ASCII punctuation or a bullet character is
 * dropped; any other backslash is kept as written.
 */

/** Characters escaped anywhere in text. */
const INLINE_SPECIAL = /[\\*_[\]`<]/g;

/** Characters that, first on a line and followed by white space or nothing, open a list item. */
const LIST_BULLETS = "-+·•●▪–";

/** Bullet characters that are not ASCII but still may be escaped. */
const EXTRA_ESCAPABLE = "·•●▪–";

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;

// What opens a block, first on a line (leading spaces and tabs already dropped).
const ALWAYS_BLOCK = /^(?:[><]|~{3})/;
const HEADING = /^#{1,6}(?:\s|$)/;
const SETEXT_UNDERLINE = /^(?:-+|=+)[ \t]*$/;
const THEMATIC_BREAK = /^(?:-[ \t]*){3,}$/;
const ORDERED_MARKER = /^(\d{1,9})[.)](?:\s|$)/;

/** Text as Markdown inline content: `2 * 3` → `2 \* 3`, `[Lugar]` → `\[Lugar\]`. */
export function escapeMarkdownInline(text: string): string {
  return text.replace(INLINE_SPECIAL, (character) => `\\${character}`);
}

/**
 * One rendered line made safe to start a line: `- no es lista` → `\- no es lista`,
 * `1. no es lista` → `1\. no es lista`, `===` → `\===`; `---o0o---` stays. Call it on
 * every physical line of a paragraph (after escapeMarkdownInline and the mark
 * delimiters), on the headline and on the date line.
 */
export function escapeMarkdownLineStart(text: string): string {
  const line = text.replace(/^[ \t]+/, "");
  const first = line.charAt(0);
  if (first === "") return line;
  const opensList = LIST_BULLETS.includes(first) && (line.length === 1 || /\s/.test(line.charAt(1)));
  if (opensList || ALWAYS_BLOCK.test(line) || HEADING.test(line) || SETEXT_UNDERLINE.test(line) || THEMATIC_BREAK.test(line)) {
    return `\\${line}`;
  }
  const ordered = ORDERED_MARKER.exec(line);
  if (ordered) return `${ordered[1]}\\${line.slice(ordered[1]!.length)}`;
  return line;
}

/** A line of plain text (a profile line: label, closing mark, link section title) as one line of Markdown. */
export function escapeMarkdownLine(text: string): string {
  return escapeMarkdownLineStart(escapeMarkdownInline(text));
}

/** True when `character` may follow a backslash as an escape. */
function isEscapable(character: string): boolean {
  return character.length === 1 && (ASCII_PUNCTUATION.test(character) || EXTRA_ESCAPABLE.includes(character));
}

/** Drops the backslash of every escape: `\*hola\*` → `*hola*`; `C:\dir` stays. */
export function unescapeMarkdown(text: string): string {
  if (!text.includes("\\")) return text;
  let result = "";
  for (let index = 0; index < text.length; index++) {
    const character = text[index]!;
    const next = text[index + 1];
    if (character === "\\" && next !== undefined && isEscapable(next)) {
      result += next;
      index++;
    } else {
      result += character;
    }
  }
  return result;
}
