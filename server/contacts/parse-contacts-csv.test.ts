import { describe, expect, it } from "vitest";
import { detectSeparator, parseContactsCsv } from "./parse-contacts-csv";

const csv = (text: string) => parseContactsCsv(Buffer.from(text, "utf8"));

describe("parseContactsCsv", () => {
  it("numbers rows by the file's lines: blank lines and quoted line breaks count, a last line without a newline too", () => {
    const parsed = csv('correo,notas\n\na@example.com,"uno\ndos"\n\n\nb@example.com,tres');
    expect(parsed.rows.map((row) => [row.line, row.email, row.notes])).toEqual([
      [3, "a@example.com", "uno\ndos"],
      [7, "b@example.com", "tres"],
    ]);
    expect(parsed.errors).toEqual([]);
  });

  it("says from which line a quote is never closed, keeping the rows before it", () => {
    const parsed = csv('correo;nombre\na@example.com;Ana\n\n"b@example.com;Sin cerrar\nc@example.com;Otra\n');
    expect(parsed.rows.map((row) => row.email)).toEqual(["a@example.com"]);
    expect(parsed.errors).toEqual([{ line: 4, message: "Aquí se abren comillas que nunca se cierran: esta línea y las siguientes no se pudieron leer." }]);
  });

  it("maps headers whatever their case and accents, and the separator from the header line", () => {
    expect(csv("CORREO ELECTRÓNICO\tMedio\tFuente\na@example.com\tDiario\tSalud\n").rows[0]).toMatchObject({ email: "a@example.com", outlet: "Diario", beat: "Salud" });
    expect(detectSeparator('"Nombre, apellido";correo;medio')).toBe(";");
    expect(csv("Nombre,Teléfono\nAna,555\n").errors[0]).toMatchObject({ line: 1 });
  });
});
