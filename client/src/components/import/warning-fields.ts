/** The fields a person can correct on the review screen. */
export type ReviewField = "title" | "place" | "date" | "number" | "highlights";

const FIELD_WORDS: [ReviewField, RegExp][] = [
  ["title", /titular/i],
  ["place", /lugar/i],
  ["number", /n[úu]mero/i],
  ["date", /fecha|\baño\b|d[ií]a de la semana|\bmes\b/i],
  ["highlights", /destacad|sumario/i],
];

/** Which field an importer warning (Spanish text) is about, if any: the review screen shows it beside that field. */
export function fieldOfWarning(warning: string): ReviewField | null {
  return FIELD_WORDS.find(([, words]) => words.test(warning))?.[0] ?? null;
}
