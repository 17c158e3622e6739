import { Piscina } from "piscina";
import type { Organization } from "../../shared/organization";
import { DomainError } from "../errors";
import type { ReadFile } from "./parse-file";

/**
 * Reading an uploaded file off the event loop. A PDF's text layer or a long DOCX takes
 * seconds of CPU (pdfjs, mammoth); on the main thread that would hold every other
 * request, so each waits in one worker thread's queue instead, bounded in time.
 */
let pool: Piscina | null = null;

/** Files waiting beyond this are refused with 503 rather than queued without end. */
const MAX_QUEUED = 32;
/** A file that takes longer is refused (its thread is ended): no bulletin takes a minute to read. */
export const READ_TIMEOUT_MS = 60_000;

/** `readImportFile` in the pool's worker thread; a file that cannot be read in time is refused with the reason. */
export async function readImportFileOffThread(name: string, bytes: Uint8Array, organization: Organization): Promise<ReadFile> {
  pool ??= new Piscina({
    filename: new URL("./read-worker.mjs", import.meta.url).href,
    minThreads: 0,
    maxThreads: 1,
    idleTimeout: 5 * 60_000,
    maxQueue: MAX_QUEUED,
  });
  try {
    return (await pool.run({ name, bytes, organization }, { signal: AbortSignal.timeout(READ_TIMEOUT_MS) })) as ReadFile;
  } catch (error) {
    const text = (error as Error).message ?? "";
    if (/queue is at limit/i.test(text)) {
      throw new DomainError("busy", "El servidor está leyendo muchos archivos a la vez. Intenta de nuevo en unos segundos.");
    }
    if ((error as Error).name === "AbortError" || /abort/i.test(text)) {
      return { ok: false, reason: `El archivo tardó más de ${READ_TIMEOUT_MS / 1000} segundos en leerse; un boletín se lee en mucho menos. Revise que no esté dañado.` };
    }
    // The thread died on it (out of memory on a hostile file): that file's refusal, not the server's error.
    console.error(`import: reading ${JSON.stringify(name)} failed:`, error);
    return { ok: false, reason: "No se pudo leer el archivo." };
  }
}

/** Ends the reading thread (server shutdown, end of a test file). */
export async function closeReadPool(): Promise<void> {
  const closing = pool;
  pool = null;
  await closing?.destroy();
}
