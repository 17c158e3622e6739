import { formatLongDate, parseDateLine, WEEKDAYS, weekdayOf } from "../../shared/bulletin/date-line";
import { isNumberPlaceholder, parseNumber } from "../../shared/bulletin/number";
import type { BulletinNumber } from "../../shared/bulletin/schema";
import { isBlank, isEmptyBlockLine, matchListMarker, startsBlock } from "./block-markdown";
import { isStrayCapitalsLine, type LineClassifier } from "./bulletin-lines";
import { inlinePlainText } from "./inline-markdown";
import { foldText } from "./bulletin-lines";
import { readDateline, type Dateline } from "./read-dateline";
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
  /** What the top said, for the lines after the highlights (the dateline may open the body). */
  state: MetaState;
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

export interface MetaState {
  number: BulletinNumber | null;
  numberSeen: boolean;
  /** `Boletín 386`, `COMUNICADO 12`, `COMROS - 325`: a number whose year comes from the date. */
  seqWithoutYear: number | null;
  /** `Comunicado 045/24`: the year's last two digits, checked against the date. */
  shortYear: number | null;
  place: string | null;
  date: string | null;
  /** A dateline was read, even one whose date could not be taken. */
  datelineSeen: boolean;
  /** Labels other than the profile's (`Nota informativa`): the first is the bulletin's label. */
  labels: string[];
}

// Labels of other offices; the profile's own label and `BOLETÍN DE PRENSA` are the classifier's.
const OTHER_LABEL =
  /^(?:comunicado|boletin|nota|tarjeta|aviso|informacion)(?: (?:de prensa|informativ[oa]|oficial|para (?:los )?medios|urgente))*$/;
// `Comisión Estatal de Seguridad Pública`, `SECRETARÍA DE SALUD`: an issuer name, every word capitalised.
const ISSUER_HEAD =
  /^(?:h\. )?(?:comision|secretaria|subsecretaria|gobierno|ayuntamiento|instituto|direccion|coordinacion|unidad|consejo|fiscalia|procuraduria|universidad|sistema|congreso|poder|tribunal|presidencia|municipio|oficina|comite|agencia|junta|organismo|servicios|cabildo|departamento)\b/;
const SMALL_WORDS = new Set(["de", "del", "la", "las", "los", "y", "e", "el", "en", "para", "a", "al"]);
const BYLINE = /^(?:por|texto|redaccion|autor|autora|reportero|reportera|fuente|fotos?|fotografia)\s*(?::|\s\p{Lu}|$)/u;
const CATEGORY = /^(?:categoria|seccion|tema|rubro|area)\s*:/;
export const SEQ_ONLY = /^(?:bolet[ií]n|comunicado|nota(?:\s+informativa)?)(?:\s+de\s+prensa)?\s*(?:(?:n[úu]mero|n[úu]m|no|n\.?\s*[º°])\s*\.?\s*)?(\d{1,6})(?:\s*[/-]\s*(\d{2}))?\s*\.?$/i;

export function isIssuerLine(line: string): boolean {
  const text = line.trim();
  if (text.length > 120 || /[.!?:]$/.test(text) || /\d/.test(text)) return false;
  if (!ISSUER_HEAD.test(foldText(text))) return false;
  return text.split(/\s+/).every((word) => SMALL_WORDS.has(word.toLowerCase()) || /^[\p{Lu}("]/u.test(word));
}

function isBylineOrCategory(line: string): boolean {
  const text = line.trim();
  if (text.length > 100) return false;
  const folded = foldText(text);
  // `Por Ciudad Juárez pasa la caravana` is a headline; a byline without a colon is a name.
  if (!text.includes(":") && text.split(/\s+/).length > 5) return CATEGORY.test(folded);
  return CATEGORY.test(folded) || (BYLINE.test(text.normalize("NFD").replace(/\p{Diacritic}/gu, "").replace(/^\p{Lu}+/u, (word) => word.toLowerCase())) && !/[.]$/.test(text.replace(/\b\p{Lu}\.$/u, "")));
}

/** Takes a dateline's place and date into the state, with a warning for what could not be taken. */
export function applyDateline(dateline: Dateline, state: MetaState, warnings: string[]): void {
  state.datelineSeen = true;
  state.place = dateline.place === null ? null : unescapeMarkdown(dateline.place);
  if (state.place && (state.place.length > 60 || /^\p{Ll}/u.test(state.place))) {
    warnings.push(`Revise el lugar ${quote(state.place)}, leído de la línea de fecha.`);
  }
  state.date = dateline.date;
  if (dateline.problem === "no-year") {
    warnings.push(`La fecha «${dateline.written}» no tiene año; no se tomó. Escriba la fecha completa.`);
  } else if (dateline.problem === "impossible") {
    warnings.push(`La fecha «${dateline.written}» no existe en el calendario; no se tomó.`);
  } else if (dateline.ambiguous && dateline.date) {
    warnings.push(
      `La fecha «${dateline.written}» se leyó como día/mes/año (${formatLongDate(dateline.date).replace(/^\S+ /, "")}); confírmela.`,
    );
  } else if (!dateline.weekdayMatches && dateline.date) {
    warnings.push(
      `El día de la semana «${dateline.weekday}» no corresponde a la fecha: el ${formatLongDate(dateline.date).replace(/^\S+ /, "")} fue ${WEEKDAYS[weekdayOf(dateline.date)]}.`,
    );
  }
}

// Consumes a line that is letterhead, label, draft mark, date or number; false for anything else.
function consumeMeta(line: string, state: MetaState, classifier: LineClassifier, warnings: string[]): "date" | "number" | "other" | null {
  if (line.length <= 120 && !classifier.isProfileLabel(line) && OTHER_LABEL.test(foldText(line).replace(/[.:]+$/, ""))) {
    state.labels.push(line.trim().replace(/[.:]+$/, ""));
    return "other";
  }
  if (classifier.isLetterhead(line) || classifier.isDraftMark(line) || classifier.isPageNumber(line) || classifier.isLabel(line)) {
    return "other";
  }
  if (isIssuerLine(line) || isBylineOrCategory(line)) return "other";
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
    const seqOnly = line.length <= 100 ? SEQ_ONLY.exec(line.trim()) : null;
    if (seqOnly && Number(seqOnly[1]) >= 1) {
      state.seqWithoutYear = Number(seqOnly[1]);
      state.shortYear = seqOnly[2] === undefined ? null : Number(seqOnly[2]);
      state.numberSeen = true;
      return "number";
    }
  }
  if (!state.datelineSeen) {
    // Other offices' date lines: `Saltillo, Coahuila. 6 de septiembre de 2017`, `(16-01-2016)`.
    const own = parseDateLine(line) ? null : readDateline(line);
    if (own && own.rest === "") {
      applyDateline(own, state, warnings);
      return "date";
    }
  }
  if (!state.datelineSeen) {
    const parsed = parseDateLine(line);
    if (parsed) {
      state.datelineSeen = true;
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
  // `Chilpancingo, Gro., 5 de mayo de 2022. El presidente …`: the body's first paragraph, not a headline.
  if (text.length > 40 && readDateline(text)?.rest) return false;
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
    if (readDateline(line) || SEQ_ONLY.test(line.trim()) || isIssuerLine(line)) break;
    if (text.length + line.length > MAX_TITLE_WRAP) break;
    text += ` ${line.trim()}`;
    index++;
  }
  // PDF text and hand-typed archives space words unevenly; a headline reads with single spaces.
  return { text: inlinePlainText(text).replace(/ {2,}/g, " "), next: index };
}

/** Reads label, date, number and headline from the top; warns about what is missing or wrong. */
export function readHeader(lines: string[], classifier: LineClassifier, warnings: string[]): Header {
  const state: MetaState = {
    number: null,
    numberSeen: false,
    seqWithoutYear: null,
    shortYear: null,
    place: null,
    date: null,
    datelineSeen: false,
    labels: [],
  };
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
  return { number: state.number, place: state.place, date: state.date, title, next: index, state };
}

/** The warnings for what the header lacks, and the number's year from the date; after the lead was read. */
export function finishHeader(header: Header, warnings: string[]): Header {
  const { state } = header;
  if (!state.number && state.seqWithoutYear !== null) {
    if (state.date) {
      const year = Number(state.date.slice(0, 4));
      state.number = { seq: state.seqWithoutYear, year };
      if (state.shortYear === null) {
        warnings.push(`El número ${state.seqWithoutYear} no llevaba año; se tomó el año ${year} de la fecha.`);
      } else if (state.shortYear !== year % 100) {
        warnings.push(`El número ${state.seqWithoutYear}/${String(state.shortYear).padStart(2, "0")} no coincide con el año de la fecha (${year}); se tomó ${year}.`);
      }
    } else {
      warnings.push(`El número ${state.seqWithoutYear} no lleva año y no hay fecha de la que tomarlo; no se tomó.`);
    }
  }
  const [label, ...others] = state.labels;
  if (label) warnings.push(`Se tomó ${quote(label)} como etiqueta del boletín, en lugar de la de la oficina.`);
  for (const other of others) warnings.push(`Se descartó la etiqueta ${quote(other)}: el boletín ya tenía ${quote(label!)}.`);
  if (!state.datelineSeen) warnings.push("No se encontró la línea de fecha.");
  if (!state.number) warnings.push("No se encontró el número del boletín.");
  if (state.number && state.date && state.number.year !== Number(state.date.slice(0, 4))) {
    warnings.push(`El año del número (${state.number.year}) no coincide con el año de la fecha (${state.date.slice(0, 4)}).`);
  }
  const place = state.datelineSeen ? state.place : null;
  return { ...header, number: state.number, place, date: state.date };
}

/** A date line at the top and the same dateline again opening the body: the body keeps the text after it. */
function repeatedDateline(lines: string[], start: number, state: MetaState, warnings: string[]): void {
  let index = start;
  while (index < lines.length && isBlank(lines[index]!)) index++;
  if (index >= lines.length || lines[index]!.length > 4000) return;
  const dateline = readDateline(lines[index]!);
  if (!dateline?.rest || !dateline.date) return;
  if (dateline.date !== state.date) {
    warnings.push(`El primer párrafo empieza con otra fecha («${dateline.written}»); se dejó en el cuerpo.`);
    return;
  }
  lines[index] = dateline.rest;
  if (!state.place && dateline.place) state.place = dateline.place;
}

/** `SALUD`, `SEGURIDAD PÚBLICA`: one or two words in capitals; a short headline in lower case stays one. */
function isCategoryWord(title: string): boolean {
  return title.length > 0 && title.length <= 30 && title.split(/\s+/).length <= 2 && !/[.,;:!?]/.test(title) && !/\p{Ll}/u.test(title);
}

const MAX_LEAD_LINES = 12;
const MAX_UNBULLETED_HIGHLIGHT = 300;
const MAX_UNBULLETED_HIGHLIGHTS = 5;

/**
 * After the headline and its bullets, when no date was found yet: issuer, label,
 * byline and number lines, short unbulleted highlights (a bold or italic sumario,
 * list lines without a glyph), then the paragraph that opens with the dateline
 * (`Tijuana, Baja California, a 27 de octubre de 2020.- El sábado …`). The
 * dateline is taken off that line, which keeps the text after the separator.
 * Returns where the body starts and the highlights found; lines[] is changed in place.
 */
export function readLead(
  lines: string[],
  start: number,
  header: Header,
  bulletsFound: boolean,
  classifier: LineClassifier,
  warnings: string[],
): { next: number; highlights: string[] } {
  const none = { next: start, highlights: [] };
  if (header.state.datelineSeen) {
    repeatedDateline(lines, start, header.state, warnings);
    return none;
  }
  const candidates: string[] = [];
  const metaWarnings: string[] = [];
  let seen = 0;
  for (let index = start; index < lines.length && seen < MAX_LEAD_LINES; index++) {
    const line = lines[index]!;
    if (isBlank(line)) continue;
    seen++;
    const dateline = line.length <= 4000 ? readDateline(line) : null;
    if (dateline) {
      applyDateline(dateline, header.state, warnings);
      warnings.push(...metaWarnings);
      lines[index] = dateline.rest;
      // `SALUD` above the headline: a category, and the headline is the next line.
      if (!bulletsFound && candidates.length > 0 && isCategoryWord(header.title)) {
        warnings.push(`Se tomó ${quote(header.title)} como categoría y no como titular.`);
        header.title = candidates.shift()!;
      }
      const highlights = bulletsFound ? [] : candidates;
      if (bulletsFound) {
        for (const candidate of candidates) warnings.push(`Se tomó ${quote(candidate)} como línea de encabezado y no se conservó.`);
      } else if (highlights.length > 0) {
        warnings.push(`Se tomaron como destacados ${highlights.length} línea(s) sin viñeta bajo el titular; revíselos.`);
      }
      return { next: dateline.rest ? index : index + 1, highlights };
    }
    if (consumeMeta(line, header.state, classifier, metaWarnings)) continue;
    const text = line.trim();
    if (text.length > MAX_UNBULLETED_HIGHLIGHT || startsBlock(line) || classifier.isClosingMark(text)) return none;
    // `— Participaron 300 mujeres`: a glyph the list reader does not take.
    const plain = inlinePlainText(text).replace(/^[—–·•●▪■◦○]\s+/u, "");
    // A wrapped highlight goes on in lower case.
    if (candidates.length > 0 && /^\p{Ll}/u.test(plain) && !isBlank(lines[index - 1]!)) candidates[candidates.length - 1] += ` ${plain}`;
    else if (plain) candidates.push(plain);
    // More than a sumario holds: these are the body's paragraphs, and a date further down is the body's.
    if (candidates.length > MAX_UNBULLETED_HIGHLIGHTS) return none;
  }
  return none;
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
