import glossary from "../../../../templates/glossary.json";
import { knownWordsOf } from "./spell-words";

// Words every bulletin of the office uses that the general dictionary does not have.
const OFFICE_TERMS = [
  "derechohabiente", "derechohabientes", "derechohabiencia", "IMSS-Bienestar", "Bienestar", "telemedicina",
  "teleconsulta", "teleconsultas", "hemodiálisis", "subdelegación", "subdelegaciones", "UMAE", "UMF", "UMAA",
  "OOAD", "ISSSTE", "SNTSS", "CISS", "quirófano", "quirófanos", "nosocomio", "nosocomios", "oncológico",
  "oncológica", "pediátrico", "pediátrica", "afiliación", "afiliados", "afiliadas", "incapacidades",
];

/** The glossary's names (canonical forms only: the variants are the misspellings) and the office's terms. */
export function officeWords(): string[] {
  const names = (glossary as { entries: { canonical: string }[] }).entries.map((entry) => entry.canonical);
  return knownWordsOf([...names, ...OFFICE_TERMS]);
}
