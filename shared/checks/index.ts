import { checkBody } from "./body";
import { checkDate } from "./date";
import { checkDateDistance } from "./date-distance";
import { checkDuplicateNumber } from "./duplicate-number";
import { checkGlossary } from "./glossary";
import { checkHeadline } from "./headline";
import { checkHighlights } from "./highlights";
import { checkLinks } from "./links";
import { checkNumberYear } from "./number-year";
import { checkPlaceholders } from "./placeholders";
import type { Check, CheckContext, CheckResult } from "./types";

export { checkDateLine } from "./date";
export type { Check, CheckContext, CheckResult, Glossary, GlossaryEntry } from "./types";

/** Every editorial check, in the order a reader meets the fields of the bulletin. */
export const CHECKS: readonly Check[] = [
  checkDate,
  checkDateDistance,
  checkDuplicateNumber,
  checkNumberYear,
  checkHeadline,
  checkHighlights,
  checkBody,
  checkPlaceholders,
  checkGlossary,
  checkLinks,
];

/** Runs every editorial check; blocking results prevent approval, warnings inform. */
export function runChecks(context: CheckContext): CheckResult[] {
  return CHECKS.flatMap((check) => check(context));
}
