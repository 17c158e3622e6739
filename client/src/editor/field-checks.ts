import type { CheckResult } from "../../../shared/api/schemas";
import { t } from "../i18n/es";

/** The server's check messages about one field (`title`, `highlights.0`, `date`…). */
export function fieldChecks(checks: CheckResult[], field: string): CheckResult[] {
  return checks.filter((check) => check.field === field);
}

/** The element id of the input for a check's field, for "Ir al campo". */
export function fieldElementId(field: string | null): string | null {
  if (!field) return null;
  const [name, index] = field.split(".");
  switch (name) {
    case "title":
      return "campo-titular";
    case "place":
      return "campo-lugar";
    case "date":
      return "campo-fecha";
    case "body":
      return "campo-cuerpo";
    case "highlights":
      return `campo-destacado-${Number(index ?? 0) + 1}`;
    case "photoLinks":
      return `campo-fotos-${Number(index ?? 0) + 1}`;
    case "videoLinks":
      return `campo-video-${Number(index ?? 0) + 1}`;
    default:
      return null;
  }
}

/** Where a field is, in words (`el cuerpo`, `el destacado 2`), for grouped messages. */
function fieldInWords(field: string): string {
  const [name, index] = field.split(".");
  if (name === "title") return t("checks.where.title");
  if (name === "highlights") return t("checks.where.highlight", { n: Number(index ?? 0) + 1 });
  return t("checks.where.body");
}

/**
 * The checks with the template placeholders left in one field folded into one line
 * when there are several: the sheet marks each one in yellow already.
 */
export function groupPlaceholderChecks(checks: CheckResult[]): CheckResult[] {
  const counts = new Map<string, number>();
  for (const check of checks) {
    if (check.code === "placeholder_left" && check.field) counts.set(check.field, (counts.get(check.field) ?? 0) + 1);
  }
  const grouped: CheckResult[] = [];
  const done = new Set<string>();
  for (const check of checks) {
    const count = check.code === "placeholder_left" && check.field ? (counts.get(check.field) ?? 0) : 0;
    if (count < 2) {
      grouped.push(check);
      continue;
    }
    if (done.has(check.field!)) continue;
    done.add(check.field!);
    grouped.push({ ...check, message: t("checks.placeholders", { count, where: fieldInWords(check.field!) }) });
  }
  return grouped;
}
