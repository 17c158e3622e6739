import type { CheckResult } from "../../../shared/api/schemas";
import { fieldName } from "../../../shared/api/field-names";
import { fieldElementId } from "./field-checks";

/** One line of the side panel: a field with its checks counted, or a check that has no field on the sheet. */
export interface CheckSummaryRow {
  /** The check's field (`title`, `highlights.1`), null for a check about the whole bulletin. */
  field: string | null;
  /** `Titular`, `Destacado 2`; null when the row is a whole message (no field on the sheet). */
  label: string | null;
  /** Element to focus for `Ir al campo`; null when the sheet has no such field. */
  target: string | null;
  blocking: number;
  warnings: number;
  /** The full message, only when it is shown nowhere else (no field on the sheet to show it beside). */
  message: string | null;
}

export interface ChecksSummary {
  blocking: number;
  warnings: number;
  rows: CheckSummaryRow[];
}

const SHEET_ORDER = ["place", "date", "title", "highlights", "body", "photoLinks", "videoLinks"];

/** Where a field comes on the sheet, top to bottom (`highlights.2` after `highlights.1`). */
function sheetOrder(field: string | null): number {
  const [name = "", index = "0"] = (field ?? "").split(".");
  const position = SHEET_ORDER.indexOf(name);
  return (position === -1 ? SHEET_ORDER.length : position) * 1000 + (Number(index) || 0);
}

/**
 * The side panel's summary of the checks while the sheet is editable: each message is
 * already shown once beside its field, so the panel counts them per field (blocking
 * fields first, each group in the order of the sheet) and links to the field; a check with no
 * field on the sheet keeps its whole message here, its only place.
 */
export function summarizeChecks(checks: CheckResult[]): ChecksSummary {
  const byField = new Map<string, CheckSummaryRow>();
  const loose: CheckSummaryRow[] = [];
  for (const check of checks) {
    const target = fieldElementId(check.field);
    const blocking = check.severity === "blocking" ? 1 : 0;
    if (!check.field || !target) {
      loose.push({ field: check.field, label: null, target: null, blocking, warnings: 1 - blocking, message: check.message });
      continue;
    }
    const row = byField.get(check.field) ?? {
      field: check.field,
      label: fieldName(check.field) ?? check.field,
      target,
      blocking: 0,
      warnings: 0,
      message: null,
    };
    row.blocking += blocking;
    row.warnings += 1 - blocking;
    byField.set(check.field, row);
  }
  const placed = [...byField.values()].sort((a, b) => sheetOrder(a.field) - sheetOrder(b.field));
  const severity = (row: CheckSummaryRow) => (row.blocking > 0 ? 0 : 1);
  const rows = [...placed, ...loose].sort((a, b) => severity(a) - severity(b));
  return {
    blocking: rows.reduce((sum, row) => sum + row.blocking, 0),
    warnings: rows.reduce((sum, row) => sum + row.warnings, 0),
    rows,
  };
}
