/**
 * The escaping rules shared by the Markdown exporter (server/export/markdown.ts)
 * and the importer (server/import/parse-bulletin.ts), so that importing an
 * exported bulletin gives back the same bulletin.
 *
 * Inline: `\`, `*`, `_`, `[`, `]`, `` ` `` and `<` in text get a backslash.
 * Line start: a line that would read as a list item, quote, heading, setext
 * underline, code fence, HTML block, closing mark or comment gets a backslash
 * before its first marker character (`\- `, `\> `, `\# `, `\=`, `\~~~`, `\· `,
 * `1\. `); spaces and tabs that open a line (four make a code block) are dropped.
 * Unescape: a backslash before any ASCII punctuation or a bullet character is
 * dropped; any other backslash is kept as written.
 */

/** Characters escaped anywhere in text. */
const INLINE_SPECIAL = /[\\*_[\]`<]/g;

/** Characters that, first on a line, would make the line something other than text. */
export const LINE_START_MARKERS = "-+>#<=~·•●▪–";

/** Bullet characters that are not ASCII but still may be escaped. */
const EXTRA_ESCAPABLE = "·•●▪–";

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;

/** Text as Markdown inline content: `2 * 3` → `2 \* 3`, `[Lugar]` → `\[Lugar\]`. */
export function escapeMarkdownInline(text: string): string {
  return text.replace(INLINE_SPECIAL, (character) => `\\${character}`);
}

/**
 * One rendered line made safe to start a line: `- no es lista` → `\- no es lista`,
 * `1. no es lista` → `1\. no es lista`, `===` → `\===`. Call it on every physical
 * line of a paragraph (after escapeMarkdownInline and the mark delimiters), on the
 * headline and on the date line.
 */
export function escapeMarkdownLineStart(text: string): string {
  const line = text.replace(/^[ \t]+/, "");
  const first = line.charAt(0);
  if (first && LINE_START_MARKERS.includes(first)) return `\\${line}`;
  const ordered = /^(\d{1,9})([.)])/.exec(line);
  if (ordered) return `${ordered[1]}\\${line.slice(ordered[1]!.length)}`;
  return line;
}

/** True when `character` may follow a backslash as an escape. */
export function isEscapable(character: string): boolean {
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
