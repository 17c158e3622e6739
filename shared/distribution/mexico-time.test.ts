import { describe, expect, it } from "vitest";
import { embargoLine, officeDateTimeValue, parseOfficeDateTime } from "./mexico-time";

describe("office time (America/Mexico_City)", () => {
  it("reads a datetime-local value as a clock in Mexico City reads it, and writes it back", () => {
    const instant = parseOfficeDateTime("2024-09-25T10:00")!;
    expect(instant.toISOString()).toBe("2024-09-25T16:00:00.000Z");
    expect(officeDateTimeValue(instant)).toBe("2024-09-25T10:00");
    // Before 2022 Mexico City kept summer time: 10:00 in July 2021 was 15:00 UTC.
    expect(parseOfficeDateTime("2021-07-01T10:00")!.toISOString()).toBe("2021-07-01T15:00:00.000Z");
    expect(parseOfficeDateTime("2024-09-25T16:00:00Z")!.toISOString()).toBe("2024-09-25T16:00:00.000Z");
  });

  it("refuses what is not a date and time, or a day that does not exist", () => {
    for (const text of ["", "mañana", "2024-02-30T10:00", "2024-13-01T10:00", "2024-09-25T24:00", "2024-09-25", "2024-09-25T10:00+25:00x"]) {
      expect(parseOfficeDateTime(text), text).toBeNull();
    }
  });

  it("prints the embargo as the office writes it", () => {
    expect(embargoLine(new Date("2024-09-25T16:00:00Z"))).toBe(
      "EMBARGADO HASTA las 10:00 h del miércoles 25 de septiembre de 2024 (hora del centro de México)",
    );
  });
});
