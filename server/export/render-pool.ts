import { Piscina } from "piscina";
import type { Bulletin } from "../../shared/bulletin/schema";
import { DomainError } from "../errors";
import type { ExportOptions } from "./options";

/** The formats drawn in the worker: the ones that cost CPU in proportion to the body. */
export type OffThreadFormat = "docx" | "pdf";

/**
 * DOCX and PDF rendering off the event loop. Building a document costs about 50 µs per
 * node on the main thread, so a 1 MB body of list items or line breaks held every
 * other request for most of a second; here it waits in one worker thread's queue
 * instead (two cores: one for the server, one for rendering).
 */
let pool: Piscina | null = null;

/** Exports waiting beyond this are refused with 503 rather than queued without end. */
const MAX_QUEUED = 64;

export async function renderDocxOffThread(bulletin: Bulletin, options: ExportOptions): Promise<Buffer> {
  return renderOffThread("docx", bulletin, options);
}

/** The DOCX or PDF of a bulletin, rendered in the pool's worker thread. */
export async function renderOffThread(format: OffThreadFormat, bulletin: Bulletin, options: ExportOptions): Promise<Buffer> {
  pool ??= new Piscina({
    filename: new URL("./render-worker.mjs", import.meta.url).href,
    minThreads: 0,
    maxThreads: 1,
    // The thread (~0.4 s to start) stays for later exports, and goes when unused.
    idleTimeout: 5 * 60_000,
    maxQueue: MAX_QUEUED,
  });
  try {
    const bytes = (await pool.run({ format, bulletin, options })) as Uint8Array;
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } catch (error) {
    if (/queue is at limit/i.test((error as Error).message)) {
      throw new DomainError("busy", "El servidor está preparando muchas exportaciones a la vez. Intenta de nuevo en unos segundos.");
    }
    throw error;
  }
}

/** Ends the rendering thread (server shutdown, end of a test file). */
export async function closeRenderPool(): Promise<void> {
  const closing = pool;
  pool = null;
  await closing?.destroy();
}
