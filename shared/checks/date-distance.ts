import { daysBetween, formatLongDate } from "../bulletin/date-line";
import { blocking, warning, type CheckContext, type CheckResult } from "./types";

/** While writing, a date further than this from today is flagged: most likely a typo in the year or the month. */
export const DATE_WARNING_DAYS = 30;

/**
 * How far from the day of approval a bulletin's date may be for it to get its first
 * number, whose year is the date's. Chosen over "this year, last year or next year":
 * that window is up to three years wide, so in January a typo of next year (`2027`
 * for `2026`) would still take No. 1/2027 and every later 2027 number would be one
 * off; 90 days leaves room for a bulletin about an event weeks ago or announced
 * ahead, and reaches another year's numbering only around New Year, where it
 * belongs. A bulletin that already has its number (reopened, or an old one being
 * corrected) is never held back: its number is kept, and its date must stay fixable.
 */
export const APPROVAL_MAX_DAYS = 90;

function distance(days: number): string {
  const count = Math.abs(days);
  const amount = `${count} ${count === 1 ? "día" : "días"}`;
  return days > 0 ? `dentro de ${amount}` : `hace ${amount}`;
}

/**
 * A date far from today: a warning while the bulletin is written (more than 30 days
 * before or after today), and, at the approval that would give it its first number,
 * blocking when more than 90 days away (`2062-11-23` would be No. 1/2062).
 */
export function checkDateDistance({ bulletin, today, approvingOn }: CheckContext): CheckResult[] {
  const date = bulletin.date;
  if (!date) return [];
  const results: CheckResult[] = [];
  if (today) {
    const days = daysBetween(today, date);
    if (Math.abs(days) > DATE_WARNING_DAYS) {
      results.push(
        warning(
          "date_far",
          "date",
          `La fecha (${formatLongDate(date)}) es de ${distance(days)}; revisa el día, el mes y el año.` +
            (bulletin.number ? "" : ` Un boletín con fecha a más de ${APPROVAL_MAX_DAYS} días de hoy no se puede aprobar, porque tomaría un número de ${date.slice(0, 4)}.`),
        ),
      );
    }
  }
  if (approvingOn && !bulletin.number) {
    const days = daysBetween(approvingOn, date);
    if (Math.abs(days) > APPROVAL_MAX_DAYS) {
      results.push(
        blocking(
          "date_far_for_number",
          "date",
          `La fecha (${formatLongDate(date)}) es de ${distance(days)}: aprobarlo le daría un número de ${date.slice(0, 4)}. ` +
            `Corrige la fecha; un boletín se numera solo con una fecha a ${APPROVAL_MAX_DAYS} días de hoy o menos.`,
        ),
      );
    }
  }
  return results;
}
