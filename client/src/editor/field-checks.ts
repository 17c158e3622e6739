import type { CheckResult } from "../../../shared/api/schemas";

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
