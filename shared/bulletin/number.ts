import type { BulletinNumber } from "./schema";

/** `No. 493/2024.` */
export function formatNumber(number: BulletinNumber): string {
  return `No. ${number.seq}/${number.year}.`;
}

/** The placeholder shown until approval gives the number: `No. —/2026.` */
export function formatNumberPlaceholder(year: number): string {
  return `No. —/${year}.`;
}

const NUMBER_WORD = "(?:n[úu]mero|n[úu]m|no|n\\.?\\s*[º°])\\s*\\.?\\s*";
const BULLETIN_WORD = "(?:bolet[ií]n|comunicado)(?:\\s+de\\s+prensa)?\\s*";
const NUMBER_LINE = new RegExp(
  `^(?:${BULLETIN_WORD}(?:${NUMBER_WORD})?|${NUMBER_WORD})(\\d{1,6})\\s*[/-]\\s*(\\d{4})\\s*\\.?$`,
  "i",
);
const PLACEHOLDER_LINE = new RegExp(
  `^(?:${BULLETIN_WORD})?${NUMBER_WORD}(?:[—–\\-_…?x]+|\\[[^\\]]*\\])\\s*(?:/\\s*\\d{4})?\\s*\\.?$`,
  "i",
);

/**
 * Reads `No. 493/2024.`, `No. 217/2024`, `Boletín No. 217/2024`, `Boletín 217/2024`,
 * `Comunicado No. 12/2024`, `Núm. 12/2024`, `N° 12/2024`; null otherwise.
 */
export function parseNumber(line: string): BulletinNumber | null {
  if (line.length > 200) return null;
  const text = line.replace(/\s+/g, " ").trim();
  const match = NUMBER_LINE.exec(text);
  if (!match) return null;
  const seq = Number(match[1]);
  const year = Number(match[2]);
  if (seq < 1 || year < 1900 || year > 2200) return null;
  return { seq, year };
}

/** True for the number line of a draft: `No. —/2026.`, `No. [número]/2024`, `No. ___`. */
export function isNumberPlaceholder(line: string): boolean {
  return line.length <= 200 && PLACEHOLDER_LINE.test(line.replace(/\s+/g, " ").trim());
}
