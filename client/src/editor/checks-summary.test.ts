import { describe, expect, it } from "vitest";
import type { CheckResult } from "../../../shared/api/schemas";
import { summarizeChecks } from "./checks-summary";

const check = (field: string | null, severity: "blocking" | "warning", message = `${field} ${severity}`): CheckResult =>
  ({ code: "x", field, severity, message }) as CheckResult;

describe("summarizeChecks", () => {
  it("counts each field's checks once, by the field's name, blocking fields first in the sheet's order, without repeating their messages", () => {
    const summary = summarizeChecks([
      check("highlights.0", "warning"),
      check("body", "blocking"),
      check("title", "blocking"),
      check("title", "warning"),
      check("body", "blocking"),
    ]);
    expect(summary).toMatchObject({ blocking: 3, warnings: 2 });
    expect(summary.rows.map((row) => [row.label, row.blocking, row.warnings, row.message])).toEqual([
      ["Titular", 1, 1, null],
      ["Cuerpo del boletín", 2, 0, null],
      ["Destacado 1", 0, 1, null],
    ]);
    expect(summary.rows[0]!.target).toBe("campo-titular");
  });

  it("keeps the whole message of a check that has no field on the sheet: the panel is its only place", () => {
    const summary = summarizeChecks([check(null, "blocking", "El número ya lo tiene otro boletín."), check("number", "warning", "Falta el número.")]);
    expect(summary.rows.map((row) => [row.label, row.message, row.target])).toEqual([
      [null, "El número ya lo tiene otro boletín.", null],
      [null, "Falta el número.", null],
    ]);
  });

  it("is empty when there is nothing to say", () => {
    expect(summarizeChecks([])).toEqual({ blocking: 0, warnings: 0, rows: [] });
  });
});
