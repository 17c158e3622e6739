import { describe, expect, it } from "vitest";
import { parseNumberQuery } from "./number-query";

describe("parseNumberQuery", () => {
  it("reads the ways people type a bulletin number", () => {
    expect(parseNumberQuery("493")).toEqual({ seq: 493, year: null });
    expect(parseNumberQuery("493/2024")).toEqual({ seq: 493, year: 2024 });
    expect(parseNumberQuery("No. 493")).toEqual({ seq: 493, year: null });
    expect(parseNumberQuery("no 493/2024")).toEqual({ seq: 493, year: 2024 });
    expect(parseNumberQuery("  No.493 / 2024. ")).toEqual({ seq: 493, year: 2024 });
    expect(parseNumberQuery("Núm. 12")).toEqual({ seq: 12, year: null });
    expect(parseNumberQuery("N° 12-2024")).toEqual({ seq: 12, year: 2024 });
    expect(parseNumberQuery("Boletín No. 217/2024")).toEqual({ seq: 217, year: 2024 });
  });

  it("leaves words, several numbers and impossible numbers to the text search", () => {
    for (const text of ["hospital", "No.", "493 hospitales", "40 mil", "493/24", "0", "493/1776", "12345678", "no hay 12"]) {
      expect(parseNumberQuery(text), text).toBeNull();
    }
  });
});
