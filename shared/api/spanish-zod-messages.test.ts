import { describe, expect, it } from "vitest";
import { z } from "zod";
import { bulletinSchema } from "../bulletin/schema";
import { digitsParam, listQuerySchema } from "./schemas";
import { spanishZodMessage } from "./spanish-zod-messages";

// As the server (errors.ts) and the client (main.tsx) install it.
z.config({ localeError: spanishZodMessage });

/** The first message zod gives for `input`. */
function messageOf(schema: z.ZodType, input: unknown): string {
  const result = schema.safeParse(input);
  if (result.success) throw new Error(`aceptado: ${JSON.stringify(input)}`);
  return result.error.issues[0]!.message;
}

// Words zod's own locale leaks: its type names and English.
const LEAKS = /\b(int|NaN|arreglo|indefinido|nulo|Llave|Entrada inválida|invalid|expected|received|string|number|array|object)\b/i;

describe("zod's generic messages read as Spanish a writer understands", () => {
  const cases: [string, z.ZodType, unknown, string][] = [
    ["a decimal where a whole number goes", z.number().int(), 1.5, "Se esperaba un número entero, se recibió un número con decimales."],
    ["text where a number goes", z.number(), "siete", "Se esperaba un número, se recibió un texto."],
    ["NaN", z.number(), Number.NaN, "Se esperaba un número, se recibió un número no válido."],
    ["a number where text goes", z.string(), 42, "Se esperaba un texto, se recibió un número."],
    ["null where text goes", z.string(), null, "Se esperaba un texto, se recibió nada."],
    ["a missing field", z.strictObject({ title: z.string() }), {}, "Falta este dato: se esperaba un texto."],
    ["an object where a list goes", z.array(z.string()), {}, "Se esperaba una lista, se recibió un objeto."],
    ["a list where an object goes", z.strictObject({}), [], "Se esperaba un objeto, se recibió una lista."],
    ["text where true/false goes", z.boolean(), "true", "Se esperaba verdadero o falso, se recibió un texto."],
    ["text too long", z.string().max(3), "abcd", "Debe tener como máximo 3 caracteres."],
    ["text too short", z.string().min(3), "ab", "Debe tener al menos 3 caracteres."],
    ["empty text", z.string().min(1), "", "No puede estar vacío."],
    ["an empty list", z.array(z.string()).min(1), [], "Debe tener al menos un elemento."],
    ["too many items", z.array(z.string()).max(5), ["a", "b", "c", "d", "e", "f"], "Debe tener como máximo 5 elementos."],
    ["a number too small", z.number().min(1), 0, "Debe ser 1 o más."],
    ["a number too big", z.number().max(100), 101, "Debe ser como máximo 100."],
    ["a whole number beyond the safe range", z.number().int(), 2 ** 60, "Debe ser como máximo 9007199254740991."],
    ["a value outside a list of options", z.enum(["draft", "approved"]), "borrador", "Debe ser uno de estos valores: «draft» o «approved»."],
    ["the wrong literal", z.literal("general"), "otra", "Debe ser «general»."],
    ["an unknown field", z.strictObject({}), { status: "approved" }, "Campo no permitido: «status»."],
    ["two unknown fields", z.strictObject({}), { a: 1, b: 2 }, "Campos no permitidos: «a», «b»."],
    ["a bad email", z.string().email(), "nadie", "Debe ser un correo electrónico válido."],
    ["a pattern", z.string().regex(/^[a-z]+$/), "ABC", "No tiene el formato esperado."],
    ["a bad ISO date", z.iso.date(), "25/09/2024", "Debe ser una fecha válida (AAAA-MM-DD)."],
    ["no option of a union", z.union([z.string(), z.number()]), true, "No corresponde a ninguna de las formas permitidas."],
  ];

  it.each(cases)("%s", (_what, schema, input, expected) => {
    const message = messageOf(schema, input);
    expect(message).toBe(expected);
    expect(message).not.toMatch(LEAKS);
  });

  it("a schema's own message still wins", () => {
    expect(messageOf(z.string().min(1, "El comentario está vacío."), "")).toBe("El comentario está vacío.");
  });

  it("a node of the body where a list item belongs is named in the editor's words", () => {
    const body = { type: "doc", content: [{ type: "bulletList", content: [{ type: "text", text: "suelto" }] }] };
    const result = bulletinSchema.shape.body.safeParse(body);
    expect(result.success).toBe(false);
    const first = result.error!.issues[0]!;
    expect(first.path.join(".")).toBe("content.0.content.0.type");
    expect(first.message).toBe("Una lista solo puede contener puntos de lista, cada uno con su texto en un párrafo.");
  });
});

describe("numbers in paths and queries are plain decimal digits", () => {
  const id = digitsParam(z.number().int().min(1).max(2_147_483_647));

  it.each(["16", "1", "2147483647", "007"])("%s is read as a number", (text) => {
    expect(id.parse(text)).toBe(Number(text));
  });

  it.each(["0x10", "1e3", "1e1", "+16", "-1", " 16", "16 ", "16.0", "1_000", "0b1", "0o7", "", "Infinity", "NaN", "١٦"])("%j is refused", (text) => {
    expect(messageOf(id, text)).toBe("Debe ser un número escrito solo con cifras del 0 al 9 (por ejemplo, 16).");
  });

  it("out of range and too long say so", () => {
    expect(messageOf(id, "0")).toBe("Debe ser 1 o más.");
    expect(messageOf(id, "2147483648")).toBe("Debe ser como máximo 2147483647.");
    expect(messageOf(id, "99999999999")).toBe("Es un número demasiado grande.");
  });

  it("a query parameter given twice is named as such", () => {
    const result = listQuerySchema.safeParse({ page: ["1", "2"] });
    expect(result.error?.issues[0]).toMatchObject({ path: ["page"], message: "Indica este parámetro una sola vez." });
    expect(listQuerySchema.parse({ number: "12", year: "2024" })).toMatchObject({ number: 12, year: 2024, page: 1, pageSize: 25 });
    expect(listQuerySchema.safeParse({ number: "1e3" }).success).toBe(false);
  });
});
