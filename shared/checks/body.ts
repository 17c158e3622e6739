import { bodyPlainText } from "../bulletin/plain-text";
import { blocking, type CheckContext, type CheckResult } from "./types";

/** A body without any text blocks. */
export function checkBody({ bulletin }: CheckContext): CheckResult[] {
  return bodyPlainText(bulletin.body).length === 0
    ? [blocking("body_empty", "body", "El cuerpo del boletín está vacío.")]
    : [];
}
