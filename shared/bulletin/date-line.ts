/** Long Spanish date lines: `Ciudad de México, miércoles 25 de septiembre de 2024.` */

export const WEEKDAYS = ["domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"] as const;
export const MONTHS = [
  "enero", "febrero", "marzo", "abril", "mayo", "junio",
  "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
] as const;

function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase();
}

function parts(isoDate: string): { year: number; month: number; day: number } {
  const [year, month, day] = isoDate.split("-").map(Number) as [number, number, number];
  return { year, month, day };
}

/** The weekday (0 = domingo) of an ISO calendar date; a calendar date has no time zone. */
export function weekdayOf(isoDate: string): number {
  const { year, month, day } = parts(isoDate);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** `miércoles 25 de septiembre de 2024`: weekday, day, month and year in lower-case Spanish. */
export function formatLongDate(isoDate: string): string {
  const { year, month, day } = parts(isoDate);
  return `${WEEKDAYS[weekdayOf(isoDate)]} ${day} de ${MONTHS[month - 1]} de ${year}`;
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
const DATE_LINE = new RegExp(
  `^(?:(.*?),\\s*)?(?:a\\s+)?(?:(${WEEKDAY_PATTERN})\\s*,?\\s+)?(\\d{1,2})\\s*(?:o|º|°)?\\s+de\\s+(${MONTH_PATTERN})\\s+(?:de|del)\\s+(\\d{4})\\s*\\.?$`,
);

/**
 * Reads a date line in the forms real archives hold: with or without weekday,
 * final period, `a` before the day (`Xalapa, Ver., a 16 de julio de 2014.`),
 * upper case. Returns null when the line is not a date line.
 */
export function parseDateLine(line: string): ParsedDateLine | null {
  const original = line.replace(/\s+/g, " ").trim();
  const match = DATE_LINE.exec(fold(original));
  if (!match) return null;
  const [, foldedPlace, weekday, dayText, monthName, yearText] = match;
  const month = monthName === "setiembre" ? 9 : MONTHS.findIndex((name) => fold(name) === monthName) + 1;
  const day = Number(dayText);
  const year = Number(yearText);
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  const date = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  // Folding keeps lengths of the common Latin letters, so the place is cut from the original.
  const place = foldedPlace ? original.slice(0, foldedPlace.length).trim().replace(/[,\s]+$/, "") : null;
  const weekdayIndex = weekday ? WEEKDAYS.findIndex((name) => fold(name) === weekday) : -1;
  return {
    place: place ? restoreCase(place) : null,
    date,
    weekday: weekdayIndex >= 0 ? WEEKDAYS[weekdayIndex]! : null,
    weekdayMatches: weekdayIndex < 0 || weekdayIndex === weekdayOf(date),
  };
}

/** `CIUDAD DE MÉXICO` → `Ciudad de México`; mixed-case places are kept as written. */
function restoreCase(place: string): string {
  if (place !== place.toUpperCase()) return place;
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
