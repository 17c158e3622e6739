import { formatLongDate, parseDateLine, WEEKDAYS, weekdayOf } from "../bulletin/date-line";
import { blocking, warning, type CheckContext, type CheckResult } from "./types";

/**
 * Date and place of the date line: a missing date blocks, a missing place warns,
 * and (when `today` is given) a date already past warns — a draft started from an
 * old bulletin keeps its old date. The stored date always formats with its own
 * weekday; free-text lines go through `checkDateLine`.
 */
export function checkDate({ bulletin, today }: CheckContext): CheckResult[] {
  const results: CheckResult[] = [];
  if (!bulletin.date) {
    results.push(blocking("date_missing", "date", "Falta la fecha del boletín."));
  } else if (today && bulletin.date < today) {
    results.push(warning("date_in_past", "date", `La fecha (${formatLongDate(bulletin.date)}) ya pasó.`));
  }
  if (!bulletin.place?.trim()) {
    results.push(warning("place_missing", "place", "Falta el lugar en la línea de fecha."));
  }
  return results;
}

/**
 * Checks a date line written as free text (`Ciudad de México, martes 25 de septiembre
 * de 2024.`): a weekday that is not the date's weekday blocks. A line that is not a
 * date line, or names no weekday, yields nothing.
 */
export function checkDateLine(line: string, field: string | null = "date"): CheckResult[] {
  const parsed = parseDateLine(line);
  if (!parsed || parsed.weekdayMatches) return [];
  const longDate = formatLongDate(parsed.date).replace(/^\S+ /, "");
  const weekday = WEEKDAYS[weekdayOf(parsed.date)];
  return [
    blocking("weekday_mismatch", field, `El ${longDate} es ${weekday}, no ${parsed.weekday}.`),
  ];
}
