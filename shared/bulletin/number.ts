import type { BulletinNumber } from "./schema";

/** `No. 493/2024.` */
export function formatNumber(number: BulletinNumber): string {
  return `No. ${number.seq}/${number.year}.`;
}

/** The placeholder shown until approval gives the number: `No. —/2026.` */
export function formatNumberPlaceholder(year: number): string {
  return `No. —/${year}.`;
}

const NUMBER_LINE =
  /^(?:bolet[ií]n(?:\s+de\s+prensa)?\s*)?(?:no|n[úu]m|n[úu]mero|n\.?\s*º|nº)\s*\.?\s*(\d{1,6})\s*[/-]\s*(\d{4})\s*\.?$/i;

/** Reads `No. 493/2024.`, `No. 217/2024`, `Boletín No. 217/2024`, `Núm. 12/2024`; null otherwise. */
export function parseNumber(line: string): BulletinNumber | null {
  const match = NUMBER_LINE.exec(line.replace(/\s+/g, " ").trim());
  if (!match) return null;
  const seq = Number(match[1]);
  const year = Number(match[2]);
  if (seq < 1 || year < 1900 || year > 2200) return null;
  return { seq, year };
}
