import { fieldName } from "../shared/api/field-names";
import { ZodError, z } from "zod";
import { spanishZodMessage } from "../shared/api/spanish-zod-messages";
import { PolicyError } from "../shared/policies/bulletin";
import { WorkflowError } from "../shared/workflow/transitions";

// Zod's generic messages (wrong type, unknown field, out of range) in Spanish like ours; a schema's own message still wins.
z.config({ localeError: spanishZodMessage });

/** A domain error: a stable code and a Spanish message the UI can show. No HTTP here. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** The HTTP status of each error code, in one place. */
const STATUS_BY_CODE: Record<string, number> = {
  validation_error: 400,
  invalid_json: 400,
  /** A request Node's HTTP parser refused (server/client-error.ts); so are the 408 and 431 below. */
  bad_request: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  /** A wrong current password when changing one's own: not a signed-out session. */
  wrong_password: 400,
  forbidden: 403,
  forbidden_transition: 403,
  origin_refused: 403,
  not_found: 404,
  version_conflict: 409,
  not_editable: 409,
  invalid_transition: 409,
  checks_failed: 409,
  /** A suggestion whose text changed since it was made: never applied. */
  suggestion_outdated: 409,
  too_many_suggestions: 409,
  too_many_comments: 409,
  already_exists: 409,
  last_admin: 409,
  numbering_backwards: 409,
  numbering_collision: 409,
  numbering_exhausted: 409,
  /** Distribution (issue 11): lists with nobody to send to, an embargo cut short, a sending already under way. */
  no_recipients: 409,
  embargo_shortened: 409,
  distribution_started: 409,
  bulletin_withdrawn: 409,
  request_timeout: 408,
  payload_too_large: 413,
  unsupported_media_type: 415,
  precondition_required: 428,
  too_many_attempts: 429,
  /** One caller has too many requests in flight (server/admission.ts): refused before the body is read. */
  too_many_requests: 429,
  headers_too_large: 431,
  database_unavailable: 503,
  /** The server's bounded queue for heavy work (exports) is full: try again shortly. */
  busy: 503,
  /** Stored data that fails its own hash (an approval tampered with): never served as if it were right. */
  integrity_error: 500,
  internal: 500,
};

/** The HTTP status of an error code (500 for a code nobody declared). */
export function statusOfCode(code: string): number {
  return STATUS_BY_CODE[code] ?? 500;
}

/** Every API error, always with the three keys: `details` is null when there is nothing to add. */
export interface ErrorBody {
  error: { code: string; message: string; details: unknown };
}

export const notFound = (what = "El recurso") => new DomainError("not_found", `${what} no existe.`);
export const forbidden = (message = "No tienes permiso para hacer esto.") => new DomainError("forbidden", message);
export const unauthenticated = () => new DomainError("unauthenticated", "Inicia sesión para continuar.");

/** Turns anything thrown into a status and the JSON error body; unknown errors become a 500 without internals. */
export function toHttpError(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof DomainError || error instanceof WorkflowError || error instanceof PolicyError) {
    const details = error instanceof DomainError ? error.details : undefined;
    return {
      status: STATUS_BY_CODE[error.code] ?? 400,
      body: { error: { code: error.code, message: error.message, details: details ?? null } },
    };
  }
  if (error instanceof ZodError) {
    const issues = error.issues.map(closestIssue);
    const first = issues[0];
    const where = first?.path.length ? whereIn(first.path.join(".")) : "";
    return {
      status: 400,
      body: {
        error: {
          code: "validation_error",
          message: `Datos no válidos${where}: ${first?.message ?? "revisa el formulario."}`,
          details: issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
        },
      },
    };
  }
  const bodyParserType = (error as { type?: string } | null)?.type;
  if (bodyParserType === "entity.too.large") {
    return simple("payload_too_large", "El contenido es demasiado grande (máximo 1 MB).");
  }
  if (bodyParserType === "entity.parse.failed") {
    return simple("invalid_json", "El cuerpo de la petición no es JSON válido.");
  }
  if (bodyParserType?.startsWith("encoding.") || bodyParserType === "charset.unsupported") {
    return simple("unsupported_media_type", "La codificación del contenido no es compatible; usa UTF-8.");
  }
  // The router's malformed %-escapes in a path, a body that does not inflate: the client's fault, not a 500.
  if (error instanceof URIError) {
    return simple("validation_error", "La dirección tiene caracteres mal codificados.");
  }
  const clientError = error as { status?: number; expose?: boolean } | null;
  if (clientError?.expose === true && clientError.status === 400) {
    return simple("invalid_json", "No se pudo leer el cuerpo de la petición (¿compresión o longitud incorrectas?).");
  }
  if (isDatabaseTimeout(error)) {
    return simple("database_unavailable", "La base de datos tardó demasiado en responder (está ocupada o bloqueada). Intenta de nuevo en unos segundos.");
  }
  if (isDatabaseUnavailable(error)) {
    return simple("database_unavailable", "La base de datos no está disponible en este momento. Intenta de nuevo en unos segundos.");
  }
  return simple("internal", "Ocurrió un error inesperado en el servidor. Intenta de nuevo.");
}

/**
 * "Matches none of the allowed forms" says nothing: for a union whose every option failed,
 * the first issue of the option that came closest (fewest issues), at its full path.
 */
function closestIssue(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  let current = issue;
  while (current.code === "invalid_union" && current.errors.length > 0) {
    const closest = current.errors.reduce((best, option) => (option.length < best.length ? option : best));
    const inner = closest[0];
    if (!inner) break;
    current = { ...inner, path: [...current.path, ...inner.path] };
  }
  return current;
}

function simple(code: string, message: string) {
  return { status: STATUS_BY_CODE[code] ?? 500, body: { error: { code, message, details: null } } };
}

/**
 * A statement cancelled by DB_STATEMENT_TIMEOUT (57014; 55P03 for a lock wait), or a connection that
 * answered nothing in time (pg's client-side "Query read timeout"; the connection is then closed).
 */
export function isDatabaseTimeout(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let current = error; current && typeof current === "object" && !seen.has(current); current = (current as { cause?: unknown }).cause) {
    seen.add(current);
    const { code, message } = current as { code?: string; message?: string };
    if (code === "57014" || code === "55P03" || message === "Query read timeout") return true;
  }
  return false;
}

/** Connection-level failures of PostgreSQL (server down, restarting, refused, out of connection slots: 53300), timeouts included. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (isDatabaseTimeout(error)) return true;
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const { code, message } = current as { code?: string; message?: string };
    if (code && ["ECONNREFUSED", "ECONNRESET", "57P01", "57P02", "57P03", "53300", "08006", "08001", "08003", "ETIMEDOUT", "EPIPE"].includes(code)) {
      return true;
    }
    // "not queryable": the ROLLBACK after a read timeout, on the connection that timeout closed.
    if (message && /Connection terminated|connection timeout|Client has encountered a connection error|Client was closed and is not queryable/i.test(message)) {
      return true;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** ` en Correo electrónico (email)`: the field as the user knows it, and its path for whoever writes a client. */
export function whereIn(path: string): string {
  const name = fieldName(path);
  return name ? ` en ${name} (${path})` : ` (${path})`;
}
