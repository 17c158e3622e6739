import type { z } from "zod";

/**
 * Zod's generic messages (wrong type, unknown field, out of range) in the Spanish a
 * writer reads: type names as words ("un número entero", "una lista", "nada"), never
 * zod's own (`int`, `NaN`, `arreglo`). A schema's own message still wins. Installed by
 * `z.config({ localeError: spanishZodMessage })` on the server (errors.ts) and the client.
 */
export const spanishZodMessage: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      return invalidType(issue.expected, issue.input);
    case "too_big":
      return tooBig(issue.origin, issue.maximum, issue.inclusive ?? true, issue.exact ?? false);
    case "too_small":
      return tooSmall(issue.origin, issue.minimum, issue.inclusive ?? true, issue.exact ?? false);
    case "invalid_value":
      return invalidValue(issue.values, issue.path);
    case "invalid_format":
      return invalidFormat(issue as z.core.$ZodRawIssue<z.core.$ZodStringFormatIssues>);
    case "not_multiple_of":
      return `Debe ser múltiplo de ${issue.divisor}.`;
    case "unrecognized_keys":
      return issue.keys.length === 1
        ? `Campo no permitido: ${quoted(issue.keys[0])}.`
        : `Campos no permitidos: ${issue.keys.map(quoted).join(", ")}.`;
    case "invalid_key":
      return "Contiene un nombre de campo no válido.";
    case "invalid_element":
      return "Contiene un elemento no válido.";
    case "invalid_union":
      return "No corresponde a ninguna de las formas permitidas.";
    default:
      return "Valor no válido.";
  }
};

/** What zod expected or received, named as a writer would say it. */
const TYPE_NAMES: Record<string, string> = {
  string: "un texto",
  number: "un número",
  int: "un número entero",
  bigint: "un número entero",
  boolean: "verdadero o falso",
  array: "una lista",
  tuple: "una lista",
  set: "una lista",
  object: "un objeto",
  record: "un objeto",
  map: "un objeto",
  date: "una fecha",
  file: "un archivo",
  null: "nada",
  undefined: "nada",
  void: "nada",
  nan: "un número no válido",
  function: "una función",
  symbol: "un símbolo",
};

function invalidType(expected: string, input: unknown): string {
  const wanted = TYPE_NAMES[expected] ?? "otro valor";
  if (expected === "never" || expected === "undefined" || expected === "void") return "Este campo no debe venir.";
  if (input === undefined) return `Falta este dato: se esperaba ${wanted}.`;
  return `Se esperaba ${wanted}, se recibió ${receivedName(input)}.`;
}

function receivedName(input: unknown): string {
  if (input === null) return "nada";
  if (Array.isArray(input)) return "una lista";
  if (input instanceof Date) return "una fecha";
  if (typeof input === "number") {
    if (Number.isNaN(input)) return "un número no válido";
    if (!Number.isFinite(input)) return "un número infinito";
    return Number.isInteger(input) ? "un número" : "un número con decimales";
  }
  return TYPE_NAMES[typeof input] ?? "otro valor";
}

const SIZE_UNITS: Record<string, [one: string, many: string]> = {
  string: ["carácter", "caracteres"],
  array: ["elemento", "elementos"],
  set: ["elemento", "elementos"],
  file: ["byte", "bytes"],
};

function counted(amount: number | bigint, [one, many]: [string, string]): string {
  return `${amount} ${Number(amount) === 1 ? one : many}`;
}

function bound(origin: string, value: number | bigint): string {
  return origin === "date" && typeof value === "number" ? new Date(value).toISOString().slice(0, 10) : String(value);
}

function tooBig(origin: string, maximum: number | bigint, inclusive: boolean, exact: boolean): string {
  const units = SIZE_UNITS[origin];
  if (units) {
    if (exact) return `Debe tener exactamente ${counted(maximum, units)}.`;
    return inclusive ? `Debe tener como máximo ${counted(maximum, units)}.` : `Debe tener menos de ${counted(maximum, units)}.`;
  }
  if (origin === "date") return inclusive ? `Debe ser una fecha no posterior a ${bound(origin, maximum)}.` : `Debe ser una fecha anterior a ${bound(origin, maximum)}.`;
  return inclusive ? `Debe ser como máximo ${bound(origin, maximum)}.` : `Debe ser menor que ${bound(origin, maximum)}.`;
}

function tooSmall(origin: string, minimum: number | bigint, inclusive: boolean, exact: boolean): string {
  const units = SIZE_UNITS[origin];
  if (units) {
    if (exact) return `Debe tener exactamente ${counted(minimum, units)}.`;
    if (inclusive && Number(minimum) === 1) return origin === "string" ? "No puede estar vacío." : "Debe tener al menos un elemento.";
    return inclusive ? `Debe tener al menos ${counted(minimum, units)}.` : `Debe tener más de ${counted(minimum, units)}.`;
  }
  if (origin === "date") return inclusive ? `Debe ser una fecha no anterior a ${bound(origin, minimum)}.` : `Debe ser una fecha posterior a ${bound(origin, minimum)}.`;
  return inclusive ? `Debe ser ${bound(origin, minimum)} o más.` : `Debe ser mayor que ${bound(origin, minimum)}.`;
}

/**
 * A node of the bulletin body where another kind belongs (the `type` of a Tiptap node):
 * said in the editor's words, not with the node's internal name.
 */
const NODE_TYPE_MESSAGES: Record<string, string> = {
  doc: "El cuerpo del boletín debe ser un documento del editor.",
  listItem: "Una lista solo puede contener puntos de lista, cada uno con su texto en un párrafo.",
};

function invalidValue(values: readonly unknown[], path: readonly PropertyKey[] | undefined): string {
  if (values.length === 1) {
    const nodeMessage = path?.at(-1) === "type" && typeof values[0] === "string" ? NODE_TYPE_MESSAGES[values[0]] : undefined;
    return nodeMessage ?? `Debe ser ${quoted(values[0])}.`;
  }
  const choices = values.map(quoted);
  return `Debe ser uno de estos valores: ${choices.slice(0, -1).join(", ")} o ${choices.at(-1)}.`;
}

const FORMAT_NAMES: Record<string, string> = {
  email: "un correo electrónico válido",
  url: "una dirección web válida",
  uuid: "un identificador UUID válido",
  datetime: "una fecha y hora válidas (AAAA-MM-DDTHH:MM:SS)",
  date: "una fecha válida (AAAA-MM-DD)",
  time: "una hora válida (HH:MM)",
  duration: "una duración válida",
  ipv4: "una dirección IPv4 válida",
  ipv6: "una dirección IPv6 válida",
  base64: "un texto en base64 válido",
  json_string: "un texto JSON válido",
};

function invalidFormat(issue: z.core.$ZodRawIssue<z.core.$ZodStringFormatIssues>): string {
  switch (issue.format) {
    case "starts_with":
      return `Debe empezar por ${quoted(issue.prefix)}.`;
    case "ends_with":
      return `Debe terminar en ${quoted(issue.suffix)}.`;
    case "includes":
      return `Debe contener ${quoted(issue.includes)}.`;
    case "regex":
      return "No tiene el formato esperado.";
    default:
      return `Debe ser ${FORMAT_NAMES[issue.format] ?? "un valor con el formato esperado"}.`;
  }
}

function quoted(value: unknown): string {
  if (value === null) return "nada";
  if (typeof value === "string") return `«${value}»`;
  if (typeof value === "boolean") return value ? "verdadero" : "falso";
  return String(value);
}
