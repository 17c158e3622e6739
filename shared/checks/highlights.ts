import { blocking, warning, type CheckContext, type CheckResult } from "./types";

export const MIN_HIGHLIGHTS = 1;
export const MAX_HIGHLIGHTS = 5;

// A sentence end, possibly followed by closing quotes or a parenthesis.
const SENTENCE_END = /[.!?…]["'”»)]*$/u;

/**
 * Highlights: fewer than one or more than five block, an empty one blocks, one not
 * ending with a period warns.
 */
export function checkHighlights({ bulletin }: CheckContext): CheckResult[] {
  const { highlights } = bulletin;
  const results: CheckResult[] = [];
  if (highlights.length < MIN_HIGHLIGHTS) {
    results.push(blocking("highlights_missing", "highlights", "El boletín necesita al menos un destacado."));
  } else if (highlights.length > MAX_HIGHLIGHTS) {
    results.push(
      blocking(
        "highlights_too_many",
        "highlights",
        `El boletín tiene ${highlights.length} destacados; el máximo es ${MAX_HIGHLIGHTS}.`,
      ),
    );
  }
  highlights.forEach((highlight, index) => {
    const text = highlight.trim();
    const field = `highlights.${index}`;
    if (!text) results.push(blocking("highlight_empty", field, `El destacado ${index + 1} está vacío.`));
    else if (!SENTENCE_END.test(text)) {
      results.push(warning("highlight_no_period", field, `El destacado ${index + 1} no termina en punto.`));
    }
  });
  return results;
}
