import { blocking, warning, type CheckContext, type CheckResult } from "./types";

/** The longest headline the office's layout holds on two lines. */
export const MAX_HEADLINE_LENGTH = 180;

/** A missing or over-long headline blocks; a headline in capitals warns. */
export function checkHeadline({ bulletin }: CheckContext): CheckResult[] {
  const title = bulletin.title.trim();
  if (!title) return [blocking("title_missing", "title", "Falta el titular.")];
  const results: CheckResult[] = [];
  // Characters as readers count them: an accented letter is one, whatever its encoding.
  const length = [...title.normalize("NFC")].length;
  if (length > MAX_HEADLINE_LENGTH) {
    results.push(
      blocking("title_too_long", "title", `El titular tiene ${length} caracteres; el máximo es ${MAX_HEADLINE_LENGTH}.`),
    );
  }
  // A few capitals are acronyms (IMSS, UMAE); a headline needs several cased words to be "all caps".
  const letters = title.match(/\p{L}/gu) ?? [];
  if (letters.length >= 12 && !/\p{Ll}/u.test(title)) {
    results.push(warning("title_all_caps", "title", "El titular está todo en mayúsculas; escríbelo en tipo oración."));
  }
  return results;
}
