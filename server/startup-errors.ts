import { DataDirDamagedError } from "./db/data-dir-damage";
import { DataDirLockedError } from "./db/data-dir-lock";
import { DatabaseConfigError } from "./db/client";

export interface StartupContext {
  port?: number;
  databaseUrl?: string;
}

/**
 * The Spanish sentence `npm start` and the CLI print when the database cannot
 * be opened for a reason the operator fixes; null for anything else (a bug).
 */
export function describeStartupError(error: unknown, context: StartupContext): string | null {
  if (error instanceof DataDirLockedError || error instanceof DataDirDamagedError || error instanceof DatabaseConfigError) return error.message;
  const code = findCode(error);
  const url = context.databaseUrl ? withoutPassword(context.databaseUrl) : "";
  const target = parseUrl(context.databaseUrl);
  const database = decodeURIComponent(target?.pathname.slice(1) ?? "") || "(la predeterminada)";
  const user = decodeURIComponent(target?.username ?? "") || "(el del sistema)";
  switch (code) {
    case "EADDRINUSE":
      return `El puerto ${context.port} ya está en uso. Detén el otro proceso o usa PORT=<otro puerto> npm start.`;
    case "ECONNREFUSED":
      return `No se pudo conectar a PostgreSQL en DATABASE_URL (${url}). ¿Está encendido el servidor?`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `No se encontró el servidor de DATABASE_URL (${url}): revisa el nombre del host.`;
    case "3D000":
      return `La base de datos «${database}» no existe en el servidor de DATABASE_URL (${url}). Créala (createdb ${database}) o corrige el nombre en DATABASE_URL.`;
    case "28000":
      return `PostgreSQL no admite al usuario «${user}» de DATABASE_URL (${url}): el rol no existe o no tiene permiso para entrar. Crea el rol o corrige el usuario.`;
    case "28P01":
      return `PostgreSQL rechazó la contraseña del usuario «${user}» de DATABASE_URL (${url}). Corrige la contraseña en DATABASE_URL.`;
    default:
      return null;
  }
}

/** The first `code` along the error's cause chain (pg puts SQLSTATE there, Node its errno name). */
function findCode(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  for (let current = error; current && typeof current === "object" && !seen.has(current); current = (current as { cause?: unknown }).cause) {
    seen.add(current);
    const { code, errors } = current as { code?: unknown; errors?: unknown[] };
    if (typeof code === "string") return code;
    // Node reports "localhost" refusing on both ::1 and 127.0.0.1 as an AggregateError.
    if (Array.isArray(errors)) {
      const inner = errors.map(findCode).find(Boolean);
      if (inner) return inner;
    }
  }
  return undefined;
}

function parseUrl(url: string | undefined): URL | null {
  try {
    return url ? new URL(url) : null;
  } catch {
    return null;
  }
}

/** DATABASE_URL as it may be printed: the password replaced. */
export function withoutPassword(databaseUrl: string): string {
  try {
    const parsed = new URL(databaseUrl);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(DATABASE_URL no es una dirección válida)";
  }
}
