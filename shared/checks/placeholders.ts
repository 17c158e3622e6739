import { bodyPlainText } from "../bulletin/plain-text";
import { PLACEHOLDER_PATTERN } from "../template/schema";
import { blocking, type CheckContext, type CheckResult } from "./types";

// Editorial brackets in quotations ("[...]", "[sic]") are text, not template placeholders.
const EDITORIAL_BRACKETS = /^\[(?:\s*(?:\.|…)+\s*|sic)\]$/i;

const WHERE: Record<string, string> = { title: "el titular", body: "el cuerpo" };

function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER_PATTERN)].map((match) => match[0]).filter((found) => !EDITORIAL_BRACKETS.test(found));
}

function resultsFor(field: string, texts: string[]): CheckResult[] {
  const where = WHERE[field] ?? `el destacado ${Number(field.split(".")[1]) + 1}`;
  const found = new Set(texts.flatMap(placeholdersIn));
  return [...found].map((placeholder) =>
    blocking("placeholder_left", field, `Quedó el texto de plantilla «${placeholder}» en ${where}.`),
  );
}

/** Template placeholders `[…]` left in the title, a highlight or the body block approval. */
export function checkPlaceholders({ bulletin }: CheckContext): CheckResult[] {
  return [
    ...resultsFor("title", [bulletin.title]),
    ...bulletin.highlights.flatMap((highlight, index) => resultsFor(`highlights.${index}`, [highlight])),
    ...resultsFor("body", bodyPlainText(bulletin.body)),
  ];
}
