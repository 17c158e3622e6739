/** PostgreSQL error classes that mean the files are bad, not the query: XX (data/index corrupted, internal), 58 (file missing, I/O). */
const DAMAGE_SQLSTATE = /^(XX|58)/;

/**
 * The embedded database's files cannot be read: says so in Spanish and how to
 * get the archive back from a backup, without the WASM stack behind it.
 */
export class DataDirDamagedError extends Error {
  constructor(
    readonly dataDir: string,
    cause: unknown,
  ) {
    super(
      `La base de datos embebida en ${dataDir} está dañada y no se puede abrir (${damageDetail(cause)}). ` +
        "Para recuperar el archivo desde un respaldo: detén Redacta, mueve esa carpeta a otro lugar (consérvala, no la borres), " +
        "ejecuta «npm run --silent cli -- restore ARCHIVO.jsonl» (crea una base nueva en DATA_DIR y carga el respaldo) " +
        "y vuelve a iniciar con «npm start».",
    );
  }
}

/** True when an error while opening or migrating PGlite means damaged files (a WASM abort, a corrupted page, a missing file). */
export function looksLikeDataDirDamage(error: unknown): boolean {
  if (error instanceof DataDirDamagedError) return true;
  for (const current of causes(error)) {
    const { name, code, message } = current as { name?: string; code?: string; message?: string };
    if (name === "RuntimeError" || (typeof code === "string" && DAMAGE_SQLSTATE.test(code))) return true;
    if (typeof message === "string" && /PGlite failed to initialize|could not (read|open) (block|file)|invalid page/i.test(message)) return true;
  }
  return false;
}

function damageDetail(cause: unknown): string {
  const messages = causes(cause).map((current) => String((current as { message?: string }).message ?? current));
  const message = messages[messages.length - 1] ?? String(cause);
  if (/Aborted\(/.test(message)) return "PostgreSQL se detuvo al leer sus archivos";
  if (/PGlite failed to initialize/.test(message)) return "PostgreSQL no pudo arrancar con esos archivos";
  const firstLine = message.split("\n")[0]!.replace(/^Failed query:.*/, "").trim();
  return firstLine.slice(0, 200) || "error al leer sus archivos";
}

/** The error and its causes, outermost first. */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current && typeof current === "object" && !chain.includes(current); current = (current as { cause?: unknown }).cause) {
    chain.push(current);
  }
  return chain;
}
