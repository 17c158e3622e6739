import { describe, expect, it } from "vitest";
import { formatDateLine, formatLongDate, parseDateLine, weekdayOf } from "./date-line";

const spanishWeekday = new Intl.DateTimeFormat("es-MX", { weekday: "long", timeZone: "UTC" });

function* everyDay(fromYear: number, toYear: number): Generator<string> {
  for (let time = Date.UTC(fromYear, 0, 1); time <= Date.UTC(toYear, 11, 31); time += 86_400_000) {
    yield new Date(time).toISOString().slice(0, 10);
  }
}

describe("formatDateLine", () => {
  it("writes the office's form: place, lower-case weekday, day, month and year, final period", () => {
    expect(formatDateLine("Ciudad de México", "2024-09-25")).toBe("Ciudad de México, miércoles 25 de septiembre de 2024.");
    expect(formatDateLine("Ciudad de México", "2024-05-08")).toBe("Ciudad de México, miércoles 8 de mayo de 2024.");
  });

  it("without a place writes the date alone, capitalised", () => {
    expect(formatDateLine(null, "2024-09-28")).toBe("Sábado 28 de septiembre de 2024.");
  });

  it("names the right weekday for every day from 2000 to 2040, and reads its own line back", () => {
    const mismatches: string[] = [];
    for (const isoDate of everyDay(2000, 2040)) {
      const expectedWeekday = spanishWeekday.format(new Date(`${isoDate}T00:00:00Z`));
      const line = formatDateLine("Ciudad de México", isoDate);
      const parsed = parseDateLine(line);
      if (!formatLongDate(isoDate).startsWith(`${expectedWeekday} `)) mismatches.push(`${isoDate}: ${line}`);
      if (parsed?.date !== isoDate || parsed.place !== "Ciudad de México" || parsed.weekday !== expectedWeekday || !parsed.weekdayMatches) {
        mismatches.push(`${isoDate}: ${JSON.stringify(parsed)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("keeps years before 100 apart from the 1900s (Date.UTC would not)", () => {
    expect(weekdayOf("0050-01-01")).toBe(new Date("0050-01-01T00:00:00Z").getUTCDay());
  });
});

describe("parseDateLine", () => {
  it("reads the examples' line with and without the final period", () => {
    expect(parseDateLine("Ciudad de México, miércoles 25 de septiembre de 2024.")).toEqual({
      place: "Ciudad de México",
      date: "2024-09-25",
      weekday: "miércoles",
      weekdayMatches: true,
    });
    expect(parseDateLine("Ciudad de México, miércoles 8 de mayo de 2024")?.date).toBe("2024-05-08");
  });

  it("reads the Xalapa form: state abbreviation in the place, `a` before the day, no weekday", () => {
    expect(parseDateLine("Xalapa, Ver., a 16 de julio de 2014.")).toEqual({
      place: "Xalapa, Ver.",
      date: "2014-07-16",
      weekday: null,
      weekdayMatches: true,
    });
  });

  it("reads an upper-case line and gives the place back in title case", () => {
    expect(parseDateLine("CIUDAD DE MÉXICO, MIÉRCOLES 25 DE SEPTIEMBRE DE 2024.")).toMatchObject({
      place: "Ciudad de México",
      date: "2024-09-25",
      weekday: "miércoles",
    });
    expect(parseDateLine("XALAPA, VER., A 16 DE JULIO DE 2014")?.place).toBe("Xalapa, Ver.");
  });

  it("reads `a` before the day without a comma after the place", () => {
    expect(parseDateLine("Ciudad de México a 25 de septiembre de 2024")).toMatchObject({ place: "Ciudad de México", date: "2024-09-25" });
    expect(parseDateLine("Puebla a miércoles 25 de septiembre de 2024")).toMatchObject({ place: "Puebla", weekday: "miércoles" });
  });

  it("keeps a place written in capitals on a lower-case line as written", () => {
    expect(parseDateLine("CDMX, miércoles 25 de septiembre de 2024.")?.place).toBe("CDMX");
  });

  it("reads accent-less weekdays, a comma after the weekday, `1º`, `del` and `setiembre`", () => {
    expect(parseDateLine("Puebla, miercoles, 25 de septiembre de 2024.")?.weekday).toBe("miércoles");
    expect(parseDateLine("Puebla, 1º de mayo del 2024")?.date).toBe("2024-05-01");
    expect(parseDateLine("Puebla, 3 de setiembre de 2024")?.date).toBe("2024-09-03");
  });

  it("reads a line without a place", () => {
    expect(parseDateLine("Sábado 28 de septiembre de 2024.")).toMatchObject({ place: null, date: "2024-09-28", weekday: "sábado" });
  });

  it("flags a weekday that is not the date's", () => {
    expect(parseDateLine("Ciudad de México, martes 25 de septiembre de 2024.")).toMatchObject({
      date: "2024-09-25",
      weekday: "martes",
      weekdayMatches: false,
    });
  });

  it("refuses days that do not exist and lines that are not date lines", () => {
    expect(parseDateLine("Ciudad de México, 31 de septiembre de 2024.")).toBeNull();
    expect(parseDateLine("Ciudad de México, 29 de febrero de 2023.")).toBeNull();
    expect(parseDateLine("Ciudad de México, 29 de febrero de 2024.")?.date).toBe("2024-02-29");
    expect(parseDateLine("El 25 de septiembre de 2024 se inauguró el hospital.")).toBeNull();
    expect(parseDateLine("No. 493/2024.")).toBeNull();
  });

  it("answers at once on a long line with many commas", () => {
    const line = `${"palabra, ".repeat(20_000)}25 de septiembre de 2024.`;
    const started = performance.now();
    expect(parseDateLine(line)).toBeNull();
    expect(performance.now() - started).toBeLessThan(500); // linear: a backtracking pattern takes seconds here, on any machine
  });
});
