import { describe, expect, it } from "vitest";
import { formatNumber, formatNumberPlaceholder, isNumberPlaceholder, parseNumber } from "./number";

describe("formatNumber", () => {
  it("writes `No. <seq>/<year>.`", () => {
    expect(formatNumber({ seq: 493, year: 2024 })).toBe("No. 493/2024.");
    expect(formatNumber({ seq: 7, year: 2026 })).toBe("No. 7/2026.");
  });

  it("reads its own output back", () => {
    for (const number of [{ seq: 1, year: 1900 }, { seq: 493, year: 2024 }, { seq: 999_999, year: 2200 }]) {
      expect(parseNumber(formatNumber(number))).toEqual(number);
    }
  });
});

describe("parseNumber", () => {
  it.each([
    ["No. 493/2024.", 493, 2024],
    ["No. 217/2024", 217, 2024],
    ["Boletín No. 217/2024", 217, 2024],
    ["BOLETÍN No. 217/2024.", 217, 2024],
    ["Boletín de prensa No. 217/2024", 217, 2024],
    ["Boletín 217/2024", 217, 2024],
    ["Comunicado No. 12/2024", 12, 2024],
    ["NO. 493/2024.", 493, 2024],
    ["No.493/2024", 493, 2024],
    ["No 493 / 2024", 493, 2024],
    ["No. 493-2024.", 493, 2024],
    ["Núm. 12/2024", 12, 2024],
    ["Número 12/2024", 12, 2024],
    ["Nº 12/2024", 12, 2024],
    ["N° 12/2024", 12, 2024],
    ["No. 007/2024.", 7, 2024],
  ])("reads %s", (line, seq, year) => {
    expect(parseNumber(line)).toEqual({ seq, year });
  });

  it.each(["No. 0/2024.", "No. 5/1899", "No. 5/2201", "493/2024", "Hola 5/2024", "No. 493/24", "No. 493/2024 y más", ""])(
    "refuses %j",
    (line) => {
      expect(parseNumber(line)).toBeNull();
    },
  );
});

describe("isNumberPlaceholder", () => {
  it("recognises the draft's placeholder and hand-written blanks", () => {
    expect(isNumberPlaceholder(formatNumberPlaceholder(2026))).toBe(true);
    expect(isNumberPlaceholder("No. [número]/2024")).toBe(true);
    expect(isNumberPlaceholder("No. ___")).toBe(true);
  });

  it("is false for a real number", () => {
    expect(isNumberPlaceholder("No. 493/2024.")).toBe(false);
  });
});
