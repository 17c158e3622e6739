import { blocking, type CheckContext, type CheckResult } from "./types";

/**
 * A bulletin keeps its number for good (a reopened one too), and the number
 * belongs to a year: a date line of another year would print `No. 41/2026` under
 * a 2027 date. It blocks until the date is put back in the number's year.
 */
export function checkNumberYear({ bulletin }: CheckContext): CheckResult[] {
  if (!bulletin.number || !bulletin.date) return [];
  const dateYear = Number(bulletin.date.slice(0, 4));
  const { seq, year } = bulletin.number;
  if (dateYear === year) return [];
  return [
    blocking(
      "number_year_mismatch",
      "date",
      `La fecha es de ${dateYear}, pero el boletín ya tiene el No. ${seq}/${year}, que conserva para siempre. ` +
        `Pon una fecha de ${year}, o crea un boletín nuevo a partir de este para ${dateYear}.`,
    ),
  ];
}
