/** Long Spanish date lines: `Ciudad de México, miércoles 25 de septiembre de 2024.` */

export const WEEKDAYS = ["domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"] as const;
export const MONTHS = [
  "enero", "febrero", "marzo", "abril", "mayo", "junio",
  "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
] as const;

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

function parts(isoDate: string): { year: number; month: number; day: number } {
  const [year, month, day] = isoDate.split("-").map(Number) as [number, number, number];
  return { year, month, day };
}

// Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not.
function utcDate(year: number, month: number, day: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date;
}

/** The weekday (0 = domingo) of an ISO calendar date; a calendar date has no time zone. */
export function weekdayOf(isoDate: string): number {
  const { year, month, day } = parts(isoDate);
  return utcDate(year, month, day).getUTCDay();
}

/** Calendar days from `from` to `to` (ISO dates): positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  const day = (isoDate: string) => {
    const { year, month, day: dayOfMonth } = parts(isoDate);
    return utcDate(year, month, dayOfMonth).getTime();
  };
  return Math.round((day(to) - day(from)) / 86_400_000);
}

/** `miércoles 25 de septiembre de 2024`: weekday, day, month and year in lower-case Spanish. */
export function formatLongDate(isoDate: string): string {
  const { year, month, day } = parts(isoDate);
  return `${WEEKDAYS[weekdayOf(isoDate)]} ${day} de ${MONTHS[month - 1]} de ${String(year).padStart(4, "0")}`;
}

/** `<place>, <weekday> <d> de <month> de <yyyy>.`; without a place, the date alone. */
export function formatDateLine(place: string | null, isoDate: string): string {
  const date = formatLongDate(isoDate);
  return place ? `${place}, ${date}.` : `${date.charAt(0).toUpperCase()}${date.slice(1)}.`;
}

export interface ParsedDateLine {
  place: string | null;
  date: string;
  /** The weekday as written, lower-case, when the line names one. */
  weekday: string | null;
  /** False when the written weekday is not the weekday of the date. */
  weekdayMatches: boolean;
}

const MONTH_PATTERN = "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre";
const WEEKDAY_PATTERN = "lunes|martes|miercoles|jueves|viernes|sabado|domingo";
const MAX_DATE_LINE_LENGTH = 300;
const DATE_LINE = new RegExp(
  `^(?:(.*?)(?:,\\s*|\\s+(?=a\\s+(?:(?:${WEEKDAY_PATTERN})\\s*,?\\s+)?\\d)))?(?:a\\s+)?(?:(${WEEKDAY_PATTERN})\\s*,?\\s+)?(\\d{1,2})\\s*(?:o|º|°)?\\s+de\\s+(${MONTH_PATTERN})\\s+(?:de|del)\\s+(\\d{4})\\s*\\.?$`,
);

/**
 * Reads a date line in the forms real archives hold: with or without weekday,
 * final period, `a` before the day (`Xalapa, Ver., a 16 de julio de 2014.`,
 * also without the comma), upper case. Returns null when the line is not a date line.
 */
export function parseDateLine(line: string): ParsedDateLine | null {
  // A date line is short; a long line is body text, and the lazy place must not scan it.
  if (line.length > MAX_DATE_LINE_LENGTH * 2) return null;
  const original = line.normalize("NFC").replace(/\s+/g, " ").trim();
  if (original.length > MAX_DATE_LINE_LENGTH) return null;
  const match = DATE_LINE.exec(foldKeepingLength(original));
  if (!match) return null;
  const [, foldedPlace, weekday, dayText, monthName, yearText] = match;
  const month = monthName === "setiembre" ? 9 : MONTHS.findIndex((name) => fold(name) === monthName) + 1;
  const day = Number(dayText);
  const year = Number(yearText);
  if (year < 1000) return null;
  const probe = utcDate(year, month, day);
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  const date = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  const place = foldedPlace ? original.slice(0, foldedPlace.length).trim().replace(/[,\s]+$/, "") : null;
  const weekdayIndex = weekday ? WEEKDAYS.findIndex((name) => fold(name) === weekday) : -1;
  // Only a line written all in capitals had its place's case lost: `CDMX, miércoles …` keeps `CDMX`.
  const allCapitals = !/\p{Ll}/u.test(original);
  return {
    place: place ? (allCapitals ? restoreCase(place) : place) : null,
    date,
    weekday: weekdayIndex >= 0 ? WEEKDAYS[weekdayIndex]! : null,
    weekdayMatches: weekdayIndex < 0 || weekdayIndex === weekdayOf(date),
  };
}

/** `CIUDAD DE MÉXICO` → `Ciudad de México`, `XALAPA, VER.` → `Xalapa, Ver.`. */
function restoreCase(place: string): string {
  const small = new Set(["de", "del", "la", "las", "los", "y", "el"]);
  return place
    .toLowerCase()
    .split(/(\s+)/)
    .map((word, index) => (index > 0 && small.has(word) ? word : word.charAt(0).toUpperCase() + word.slice(1)))
    .join("");
}

/** Today's calendar date in the office's time zone (America/Mexico_City). */
export function todayInMexicoCity(now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: "America/Mexico_City",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
}
