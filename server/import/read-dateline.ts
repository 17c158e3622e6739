import { MONTHS, WEEKDAYS, weekdayOf } from "../../shared/bulletin/date-line";

/**
 * Datelines in the layouts other press offices use: at the start of the first
 * paragraph (`Tijuana, Baja California, a 27 de octubre de 2020.- El sábado …`),
 * month first (`Septiembre 15 de 2017`), numeric (`16-01-2016`, `(16/01/2016)`),
 * `,` `.` or `;` between place and date. The text after the separator (`.-`,
 * `.–`, `.—`, `–`) is the start of the body.
 */

export interface Dateline {
  place: string | null;
  /** ISO date; null when the written date has no year or does not exist. */
  date: string | null;
  /** The date as written, for a warning. */
  written: string;
  problem: "no-year" | "impossible" | null;
  /** `05/03/2016`: read day first, as Mexico writes it, but it could be month first. */
  ambiguous: boolean;
  weekday: string | null;
  weekdayMatches: boolean;
  /** What follows the separator on the same line (possibly empty). */
  rest: string;
}

const MONTH = "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre";
const WEEKDAY = "lunes|martes|miercoles|jueves|viernes|sabado|domingo";
const WD = `(?:(${WEEKDAY})\\s*,?\\s+)?`;
// Day first, month first, numeric; the year is optional only so it can be reported missing.
const DATE = [
  `${WD}(\\d{1,2})\\s*(?:(?:o|º|°)\\.?)?\\s+de\\s+(${MONTH})(?:\\s*(?:,|de|del)\\s*(\\d{4}))?`,
  `${WD}(${MONTH})\\s+(\\d{1,2})\\s*(?:,|de|del)?\\s*(\\d{4})`,
  `${WD}(\\d{1,2})\\s*[-/.]\\s*(\\d{1,2})\\s*[-/.]\\s*(\\d{4})`,
].join("|");
const SEPARATOR = "(?:\\.?\\s*[-–—]+|\\.|:)";
const DATELINE = new RegExp(
  `^(?:([\\p{Lu}][^\\d]{0,118}?)\\s*(?:[,;]?\\s*[-–—]+\\s*|[,.;]\\s*|\\(\\s*|\\s+(?=a\\s))|\\(\\s*)?(?:a\\s+)?(?:${DATE})\\s*\\)?\\s*(?:${SEPARATOR}\\s*(.*)|$)`,
  "iu",
);
const MAX_DATELINE = 200;

function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase();
}

// Same length as the input, so a slice of the folded text maps back to the original.
function foldKeepingLength(text: string): string {
  return Array.from(text, (character) => {
    const folded = fold(character);
    return folded.length === character.length ? folded : character;
  }).join("");
}

function monthNumber(name: string): number {
  return name === "setiembre" ? 9 : MONTHS.findIndex((month) => fold(month) === name) + 1;
}

function isoDate(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return null;
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** `CIUDAD DE MÉXICO` → `Ciudad de México`; a place written with lower case stays as written. */
function restoreCase(place: string): string {
  if (/\p{Ll}/u.test(place)) return place;
  const small = new Set(["de", "del", "la", "las", "los", "y", "el"]);
  return place
    .toLowerCase()
    .split(/(\s+)/)
    .map((word, index) => {
      // `CDMX`, `B.C.`: an abbreviation without vowels stays in capitals.
      if (index > 0 && small.has(word)) return word;
      if ((word.match(/\p{L}/gu) ?? []).length >= 2 && !/[aeiouyáéíóú]/.test(word)) return word.toUpperCase();
      return word.charAt(0).toUpperCase() + word.slice(1);
    })
    .join("");
}

/** `**Tijuana, B.C., 27 de octubre de 2020.-** El …`: Word bulletins set the dateline in bold or italic. */
function dropOpeningEmphasis(text: string): string {
  const marker = /^(\*{1,3}|_{1,3})(?=\S)/.exec(text)?.[1];
  if (!marker) return text;
  const close = text.indexOf(marker, marker.length);
  if (close < 0 || close > MAX_DATELINE) return text;
  return `${text.slice(marker.length, close)}${text.slice(close + marker.length)}`.trim();
}

/** `Saltillo, Coahuila.` → `Saltillo, Coahuila`; an abbreviation keeps its period: `Xalapa, Ver.`, `Tijuana, B.C.`. */
function trimPlace(text: string): string {
  const trimmed = text.replace(/[,;(\s]+$/, "");
  if (/(?:^|[\s,])(?:\p{L}{1,4}\.|(?:\p{L}\.)+)$/u.test(trimmed)) return trimmed;
  return trimmed.replace(/[,;.\s(]+$/, "");
}

/**
 * Reads a dateline at the start of `line`: place (optional), date, then a
 * separator and the body's first words, or nothing. Null when the line does not
 * open with one (`El 25 de septiembre de 2024 se inauguró …` does not).
 */
export function readDateline(line: string): Dateline | null {
  // `Fecha: 27/10/2020`: a date under its label, with no place.
  const original = dropOpeningEmphasis(line.normalize("NFC").replace(/\s+/g, " ").trim()).replace(/^fecha\s*:\s*/i, "");
  if (!original || original.length > 4000) return null;
  // Only the head can be a dateline; the body after the separator is kept from the original.
  const head = original.slice(0, MAX_DATELINE);
  const match = DATELINE.exec(foldKeepingLength(head));
  if (!match) return null;
  const [whole, foldedPlace] = match;
  const groups = match.slice(2, 14);
  const restIndex = 14;
  let weekday: string | undefined;
  let day = 0;
  let month = 0;
  let year: number | null = null;
  let numeric = false;
  if (groups[1] !== undefined) {
    weekday = groups[0];
    day = Number(groups[1]);
    month = monthNumber(groups[2]!);
    year = groups[3] ? Number(groups[3]) : null;
  } else if (groups[5] !== undefined) {
    weekday = groups[4];
    month = monthNumber(groups[5]);
    day = Number(groups[6]);
    year = Number(groups[7]);
  } else {
    numeric = true;
    weekday = groups[8];
    day = Number(groups[9]);
    month = Number(groups[10]);
    year = Number(groups[11]);
  }
  const restFolded = match[restIndex];
  // Without a separator only a line holding nothing else is a dateline, not one cut at MAX_DATELINE.
  if (restFolded === undefined && original.length > head.length) return null;
  const restText = restFolded === undefined ? "" : original.slice(whole.length - restFolded.length);
  const placeText = foldedPlace ? trimPlace(original.slice(0, foldedPlace.length)) : "";
  const start = foldedPlace ? foldedPlace.length : 0;
  const written = original.slice(start, whole.length - (restFolded?.length ?? 0)).replace(/^[\s,.;(\-–—]+|[\s.:)\-–—]+$/g, "").replace(/^a\s+/i, "");
  const date = year === null ? null : isoDate(year, month, day);
  const weekdayIndex = weekday ? WEEKDAYS.findIndex((name) => fold(name) === weekday) : -1;
  return {
    place: placeText ? restoreCase(placeText) : null,
    date,
    written,
    problem: year === null ? "no-year" : date === null ? "impossible" : null,
    ambiguous: numeric && date !== null && day <= 12 && month <= 12 && day !== month,
    weekday: weekdayIndex >= 0 ? WEEKDAYS[weekdayIndex]! : null,
    weekdayMatches: weekdayIndex < 0 || date === null || weekdayIndex === weekdayOf(date),
    rest: restText.trim(),
  };
}
