/** Bulletin files for the bulk-import tests: each call gives different bytes (its own title and body). */

export interface TextOptions {
  title: string;
  /** `No. seq/year.` line; null: none. */
  number?: { seq: number; year: number } | null;
  /** Leave out the highlights and the closing mark: the importer warns about both. */
  unsure?: boolean;
}

/** A bulletin in the office's own layout, as text; without `unsure`, the importer reads it with no warning. */
export function bulletinText({ title, number = null, unsure = false }: TextOptions): string {
  return [
    "BOLETÍN DE PRENSA",
    "",
    "Ciudad de México, martes 3 de marzo de 2026.",
    "",
    ...(number ? [`No. ${number.seq}/${number.year}.`, ""] : []),
    title,
    "",
    ...(unsure ? [] : ["- La nueva unidad atenderá a 80 mil derechohabientes de la zona oriente.", "- Contará con 20 consultorios y un laboratorio de análisis clínicos.", ""]),
    `El director general del Instituto informó hoy sobre ${title.toLowerCase()}, en un acto con personal de la zona.`,
    "",
    "Durante el acto, destacó que forma parte del plan de trabajo del año y que se dará seguimiento cada mes.",
    "",
    ...(unsure ? [] : ["---o0o---"]),
    "",
  ].join("\n");
}

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
