import { formatLongDate, parseDateLine, WEEKDAYS, weekdayOf } from "../../shared/bulletin/date-line";
import { isNumberPlaceholder, parseNumber } from "../../shared/bulletin/number";
import type { BulletinNumber } from "../../shared/bulletin/schema";
import { isBlank, isEmptyBlockLine, matchListMarker, startsBlock } from "./block-markdown";
import { isStrayCapitalsLine, type LineClassifier } from "./bulletin-lines";
import { inlinePlainText } from "./inline-markdown";
import { unescapeMarkdown } from "../../shared/bulletin/markdown-escape";

/**
 * The top of a bulletin: label, date line, number and headline in any order a
 * real archive holds them (headline first when there is no label), then the
 * 1–5 highlight bullets.
 */

export interface Header {
  number: BulletinNumber | null;
  place: string | null;
  date: string | null;
  title: string;
  /** Index of the first line after the header. */
  next: number;
}

/** A headline is short; a long line ending a sentence is the body's first paragraph. */
const MAX_TITLE_LENGTH = 400;
const MAX_TITLE_WRAP = 300;
const MAX_SCHEMA_TITLE = 1000;

/** `«texto»` shortened for a warning. */
export function quote(text: string): string {
  const trimmed = text.trim();
  return `«${trimmed.length > 80 ? `${trimmed.slice(0, 80)}…` : trimmed}»`;
}

/** The warning for a footer line that was dropped. */
export function footerWarning(line: string): string {
  return `Se descartó la línea de pie de página ${quote(line)}.`;
}

interface MetaState {
  number: BulletinNumber | null;
  numberSeen: boolean;
  place: string | null;
  date: string | null;
}

// Consumes a line that is letterhead, label, draft mark, date or number; false for anything else.
function consumeMeta(line: string, state: MetaState, classifier: LineClassifier, warnings: string[]): "date" | "number" | "other" | null {
  if (classifier.isLetterhead(line) || classifier.isDraftMark(line) || classifier.isPageNumber(line) || classifier.isLabel(line)) {
    return "other";
  }
  if (classifier.isConfiguredFooter(line)) {
    warnings.push(footerWarning(line));
    return "other";
  }
  if (!state.numberSeen) {
    const number = parseNumber(line);
    if (number || isNumberPlaceholder(line)) {
      state.number = number;
      state.numberSeen = true;
      return "number";
    }
  }
  if (!state.date) {
    const parsed = parseDateLine(line);
    if (parsed) {
      state.date = parsed.date;
      // The Markdown export escapes the place like any text (`\# Falso, …`).
      state.place = parsed.place === null ? null : unescapeMarkdown(parsed.place);
      if (!parsed.weekdayMatches) {
        warnings.push(
          `El día de la semana «${parsed.weekday}» no corresponde a la fecha: el ${formatLongDate(parsed.date).replace(/^\S+ /, "")} fue ${WEEKDAYS[weekdayOf(parsed.date)]}.`,
        );
      }
      return "date";
    }
  }
  return null;
}

function isTitleCandidate(line: string, classifier: LineClassifier): boolean {
  const text = line.trim();
  // Longer than the schema allows a headline: the body's first paragraph.
  if (text.length > MAX_SCHEMA_TITLE) return false;
  if (startsBlock(line) || classifier.isClosingMark(text) || classifier.linkHeader(text, false)) return false;
  return !(text.length > MAX_TITLE_LENGTH && /[.”"»]$/.test(text));
}

// The headline's lines: a wrapped headline continues on the next line until a blank one.
function readTitleLines(lines: string[], start: number, classifier: LineClassifier): { text: string; next: number } {
  let text = lines[start]!.trim().replace(/^#{1,6}\s+/, "");
  let index = start + 1;
  while (index < lines.length) {
    const line = lines[index]!;
    if (isBlank(line) || !isTitleCandidate(line, classifier) || /[.]$/.test(text)) break;
    if (parseDateLine(line) || parseNumber(line) || classifier.isLabel(line) || classifier.isLetterhead(line)) break;
    if (text.length + line.length > MAX_TITLE_WRAP) break;
    text += ` ${line.trim()}`;
    index++;
  }
  return { text: inlinePlainText(text), next: index };
}

/** Reads label, date, number and headline from the top; warns about what is missing or wrong. */
export function readHeader(lines: string[], classifier: LineClassifier, warnings: string[]): Header {
  const state: MetaState = { number: null, numberSeen: false, place: null, date: null };
  let index = 0;
  const skipMeta = (): boolean => {
    let sawDateOrNumber = false;
    while (index < lines.length) {
      const line = lines[index]!;
      if (isBlank(line)) {
        index++;
        continue;
      }
      const kind = consumeMeta(line, state, classifier, warnings);
      if (!kind) break;
      if (kind !== "other") sawDateOrNumber = true;
      index++;
    }
    return sawDateOrNumber;
  };
  skipMeta();
  let title = "";
  if (index < lines.length && isTitleCandidate(lines[index]!, classifier)) {
    const titleStart = index;
    const first = readTitleLines(lines, titleStart, classifier);
    index = first.next;
    title = first.text;
    // Headline before the date line is read as written; a line in capitals before it was a label.
    const metaFollowed = skipMeta();
    const firstLine = lines[titleStart]!;
    if (metaFollowed && first.next === titleStart + 1 && isStrayCapitalsLine(firstLine) && firstLine.trim().length <= 60) {
      if (index < lines.length && isTitleCandidate(lines[index]!, classifier)) {
        const second = readTitleLines(lines, index, classifier);
        title = second.text;
        index = second.next;
        skipMeta();
      }
    }
  }
  if (!title) warnings.push("No se encontró el titular.");
  if (!state.date) warnings.push("No se encontró la línea de fecha.");
  if (!state.number) warnings.push("No se encontró el número del boletín.");
  if (state.number && state.date && state.number.year !== Number(state.date.slice(0, 4))) {
    warnings.push(`El año del número (${state.number.year}) no coincide con el año de la fecha (${state.date.slice(0, 4)}).`);
  }
  return { number: state.number, place: state.date ? state.place : null, date: state.date, title, next: index };
}

/** Highlights: the run of bullet lines right after the headline; a wrapped bullet continues in lower case. */
export function readHighlights(lines: string[], start: number, classifier: LineClassifier): { highlights: string[]; next: number } {
  let index = start;
  while (index < lines.length && (isBlank(lines[index]!) || classifier.isLetterhead(lines[index]!))) index++;
  // `<!-- -->` right after the headline: no highlights, the body starts with a list.
  if (index < lines.length && isEmptyBlockLine(lines[index]!)) return { highlights: [], next: index + 1 };
  const highlights: string[] = [];
  while (index < lines.length) {
    const marker = matchListMarker(lines[index]!);
    if (!marker || marker.ordered) break;
    let text = marker.rest;
    index++;
    while (index < lines.length && !startsBlock(lines[index]!) && /^\s*\p{Ll}/u.test(lines[index]!)) {
      text += ` ${lines[index]!.trim()}`;
      index++;
    }
    const plain = inlinePlainText(text);
    if (plain) highlights.push(plain);
  }
  return { highlights, next: index };
}
