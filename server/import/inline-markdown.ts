import { isHttpUrl, type InlineNode, type Mark } from "../../shared/bulletin/body-schema";
import { isEscapable } from "../../shared/bulletin/markdown-escape";

/**
 * Inline Markdown of one paragraph → Tiptap inline nodes. Reads `**bold**`,
 * `*italic*`, `_italic_`, `__bold__`, `[text](https://…)` (also `(<…>)`),
 * backslash escapes and `\` + newline as a hard break. Runs in one pass plus
 * one pass per delimiter kind, so no input can make it slow.
 */

type Emphasis = "bold" | "italic";

type Piece =
  | { kind: "text"; text: string }
  | { kind: "break" }
  | { kind: "open"; mark: Emphasis; closed: boolean; source: string }
  | { kind: "close"; mark: Emphasis }
  | { kind: "linkOpen"; href: string | null }
  | { kind: "linkClose" };

// A run of `_` waits for its partner; unpaired runs stay literal.
interface UnderscoreRun {
  pieceIndex: number;
  length: number;
  canOpen: boolean;
  canClose: boolean;
}

const MAX_HREF_LENGTH = 2048;
// A destination that runs 2 KB without closing is debris; after a few, `](` is read as text, so
// `[](` repeated over 100 KB costs milliseconds instead of seconds (each scan would read 2 KB).
const MAX_LONG_DESTINATION_SCANS = 8;
const SPECIAL = /[\\*_[\]\n]/g;
const MAX_UNDERSCORE_SEARCH = 50;

const isWhitespace = (character: string | undefined) => character === undefined || /\s/.test(character);
const isPunctuation = (character: string | undefined) => character !== undefined && /[\p{P}\p{S}]/u.test(character);

/** The link destination after `](`: `(href)` or `(<href>)`; null when there is none. */
function readDestination(source: string, start: number, scans: { long: number }): { href: string; end: number } | null {
  const limit = Math.min(source.length, start + MAX_HREF_LENGTH + 2);
  let href = "";
  if (source[start] === "<") {
    for (let index = start + 1; index < limit; index++) {
      const character = source[index]!;
      if (character === "\n") return null;
      if (character === "\\" && isEscapable(source[index + 1] ?? "")) {
        href += source[++index];
      } else if (character === ">") {
        return source[index + 1] === ")" ? { href, end: index + 2 } : null;
      } else {
        href += character;
      }
    }
    scans.long++;
    return null;
  }
  let depth = 0;
  for (let index = start; index < limit; index++) {
    const character = source[index]!;
    if (/\s/.test(character)) return null;
    if (character === "\\" && isEscapable(source[index + 1] ?? "")) {
      href += source[++index];
    } else if (character === "(") {
      depth++;
      href += character;
    } else if (character === ")") {
      if (depth === 0) return { href, end: index + 1 };
      depth--;
      href += character;
    } else {
      href += character;
    }
  }
  scans.long++;
  return null;
}

/** Splits the source into pieces; links are paired here, emphasis later. */
function tokenize(source: string, emphasis = true): { pieces: Piece[]; stars: number[]; underscores: UnderscoreRun[] } {
  const pieces: Piece[] = [];
  const stars: number[] = [];
  const underscores: UnderscoreRun[] = [];
  let openBrackets: number[] = [];
  const scans = { long: 0 };
  let text = "";
  const flush = () => {
    if (text) pieces.push({ kind: "text", text });
    text = "";
  };
  for (let index = 0; index < source.length; ) {
    const character = source[index]!;
    const next = source[index + 1];
    if (character === "\\" && next === "\n") {
      flush();
      pieces.push({ kind: "break" });
      index += 2;
    } else if (character === "\\" && next !== undefined && isEscapable(next)) {
      text += next;
      index += 2;
    } else if (emphasis && (character === "*" || character === "_")) {
      let end = index;
      while (source[end] === character) end++;
      flush();
      const length = end - index;
      if (character === "*") {
        stars.push(pieces.length);
        pieces.push({ kind: "text", text: "*".repeat(length) });
      } else {
        const before = source[index - 1];
        const after = source[end];
        const leftFlanking = !isWhitespace(after) && (!isPunctuation(after) || isWhitespace(before) || isPunctuation(before));
        const rightFlanking = !isWhitespace(before) && (!isPunctuation(before) || isWhitespace(after) || isPunctuation(after));
        underscores.push({
          pieceIndex: pieces.length,
          length,
          canOpen: leftFlanking && (!rightFlanking || isPunctuation(before)),
          canClose: rightFlanking && (!leftFlanking || isPunctuation(after)),
        });
        pieces.push({ kind: "text", text: "_".repeat(length) });
      }
      index = end;
    } else if (character === "[") {
      flush();
      openBrackets.push(pieces.length);
      pieces.push({ kind: "text", text: "[" });
      index++;
    } else if (character === "]" && next === "(" && openBrackets.length > 0 && scans.long < MAX_LONG_DESTINATION_SCANS) {
      const destination = readDestination(source, index + 2, scans);
      if (destination && isHttpUrl(destination.href.trim())) {
        flush();
        const openIndex = openBrackets.pop()!;
        pieces[openIndex] = { kind: "linkOpen", href: destination.href.trim() };
        pieces.push({ kind: "linkClose" });
        // Brackets opened before a link cannot hold it: they stay literal.
        openBrackets = [];
        index = destination.end;
      } else {
        text += character;
        index++;
      }
    } else if (character === "\n") {
      // A newline only reaches here after an escaped backslash: it is a space.
      text += " ";
      index++;
    } else {
      // Plain text up to the next character that may mean something, in one slice.
      SPECIAL.lastIndex = index + 1;
      const end = SPECIAL.test(source) ? SPECIAL.lastIndex - 1 : source.length;
      text += source.slice(index, end);
      index = end;
    }
  }
  flush();
  return { pieces, stars, underscores };
}

/**
 * Pairs `*` runs: a run first closes what is open, innermost first, then opens
 * bold (`**`) and italic (`*`). This is the exact inverse of an exporter that
 * nests italic inside bold, and reads hand-written text the usual way.
 */
function resolveStars(pieces: Piece[], starIndexes: number[]): (Piece[] | null)[] {
  // Dense from the start: a sparse array of 75 000 slots falls into V8's slow dictionary mode.
  const replacements: (Piece[] | null)[] = new Array<Piece[] | null>(pieces.length).fill(null);
  const stack: { mark: Emphasis; piece: Extract<Piece, { kind: "open" }> }[] = [];
  for (const pieceIndex of starIndexes) {
    const run = pieces[pieceIndex] as { kind: "text"; text: string };
    let remaining = run.text.length;
    const parts: Piece[] = [];
    while (remaining > 0) {
      const top = stack[stack.length - 1];
      if (top && top.mark === "bold" && remaining >= 2) {
        top.piece.closed = true;
        stack.pop();
        parts.push({ kind: "close", mark: "bold" });
        remaining -= 2;
      } else if (top && top.mark === "italic") {
        top.piece.closed = true;
        stack.pop();
        parts.push({ kind: "close", mark: "italic" });
        remaining -= 1;
      } else {
        const boldOpen = stack.length > 0 && (stack[0]!.mark === "bold" || stack[1]?.mark === "bold");
        const italicOpen = stack.length > 0 && (stack[0]!.mark === "italic" || stack[1]?.mark === "italic");
        const mark: Emphasis | null = remaining >= 2 && !boldOpen ? "bold" : !italicOpen ? "italic" : null;
        if (!mark) {
          parts.push({ kind: "text", text: "*".repeat(remaining) });
          break;
        }
        const open: Extract<Piece, { kind: "open" }> = { kind: "open", mark, closed: false, source: mark === "bold" ? "**" : "*" };
        stack.push({ mark, piece: open });
        parts.push(open);
        remaining -= mark === "bold" ? 2 : 1;
      }
    }
    replacements[pieceIndex] = parts;
  }
  return replacements;
}

/** Pairs `_`/`__` runs by the CommonMark flanking rules (`snake_case` stays literal). */
function resolveUnderscores(runs: UnderscoreRun[], replacements: (Piece[] | null)[]): void {
  const openers: UnderscoreRun[] = [];
  for (const run of runs) {
    const mark: Emphasis | null = run.length === 1 ? "italic" : run.length === 2 ? "bold" : null;
    if (!mark) continue;
    if (run.canClose) {
      const lowest = Math.max(0, openers.length - MAX_UNDERSCORE_SEARCH);
      let found = -1;
      for (let index = openers.length - 1; index >= lowest; index--) {
        if (openers[index]!.length === run.length) {
          found = index;
          break;
        }
      }
      if (found >= 0) {
        const opener = openers[found]!;
        openers.length = found;
        replacements[opener.pieceIndex] = [{ kind: "open", mark, closed: true, source: "" }];
        replacements[run.pieceIndex] = [{ kind: "close", mark }];
        continue;
      }
    }
    if (run.canOpen) openers.push(run);
  }
}

function marksFor(href: string | null, bold: number, italic: number): Mark[] | undefined {
  const marks: Mark[] = [];
  if (href) marks.push({ type: "link", attrs: { href } });
  if (bold > 0) marks.push({ type: "bold" });
  if (italic > 0) marks.push({ type: "italic" });
  return marks.length > 0 ? marks : undefined;
}

function sameMarks(left: Mark[] | undefined, right: Mark[] | undefined): boolean {
  if (!left || !right) return left === right;
  if (left.length !== right.length) return false;
  return left.every((mark, index) => {
    const other = right[index]!;
    return mark.type === other.type && (mark.type !== "link" || (other.type === "link" && mark.attrs.href === other.attrs.href));
  });
}

function pushText(nodes: InlineNode[], text: string, marks: Mark[] | undefined): void {
  if (!text) return;
  const last = nodes[nodes.length - 1];
  if (last && last.type === "text" && sameMarks(last.marks, marks)) last.text += text;
  else nodes.push(marks ? { type: "text", text, marks: [...marks] } : { type: "text", text });
}

const MARKUP = /[\\*_[]/;
const MAX_EMPHASIS_DELIMITERS = 4_000;

function countEmphasisDelimiters(source: string): number {
  let count = 0;
  for (let index = 0; index < source.length; index++) {
    const code = source.charCodeAt(index);
    if (code === 42 || code === 95) count++;
  }
  return count;
}

/** Inline Markdown → text and hardBreak nodes; adjacent texts with the same marks merged. */
export function parseInlineMarkdown(source: string): InlineNode[] {
  // Most paragraphs carry no markup at all.
  if (!MARKUP.test(source)) return source ? [{ type: "text", text: source }] : [];
  // Thousands of `*`/`_` in one paragraph are debris (rules, ASCII art), not formatting: read as
  // literal text, so a 100 KB paragraph of `_-_-…` costs a few ms instead of 100.
  const { pieces, stars, underscores } = tokenize(source, countEmphasisDelimiters(source) <= MAX_EMPHASIS_DELIMITERS);
  const replacements = resolveStars(pieces, stars);
  resolveUnderscores(underscores, replacements);
  const nodes: InlineNode[] = [];
  let href: string | null = null;
  let bold = 0;
  let italic = 0;
  let marks = marksFor(href, bold, italic);
  for (let index = 0; index < pieces.length; index++) {
    for (const piece of replacements[index] ?? [pieces[index]!]) {
      switch (piece.kind) {
        case "text":
          pushText(nodes, piece.text, marks);
          continue;
        case "break":
          nodes.push(marks ? { type: "hardBreak", marks: [...marks] } : { type: "hardBreak" });
          continue;
        case "open":
          // An opener never closed is literal text.
          if (!piece.closed) {
            pushText(nodes, piece.source, marks);
            continue;
          }
          if (piece.mark === "bold") bold++;
          else italic++;
          break;
        case "close":
          if (piece.mark === "bold") bold = Math.max(0, bold - 1);
          else italic = Math.max(0, italic - 1);
          break;
        case "linkOpen":
          href = piece.href;
          break;
        case "linkClose":
          href = null;
          break;
      }
      marks = marksFor(href, bold, italic);
    }
  }
  return nodes;
}

/** The text a person reads in inline Markdown, marks dropped: `**Hola** *mundo*` → `Hola mundo`. */
export function inlinePlainText(source: string): string {
  return parseInlineMarkdown(source)
    .map((node) => (node.type === "text" ? node.text : " "))
    .join("")
    .trim();
}
