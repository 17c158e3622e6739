import { createHash } from "node:crypto";
import type { Bulletin } from "../../shared/bulletin/schema";
import type { NumberClash } from "../../shared/api/imports";
import type { Database, DatabaseOrTransaction } from "../db/client";
import { bulletinFromSource, numberHolder } from "../db/queries/imports";
import { loadOrganizationProfile } from "../db/queries/organization";
import { importBatches, importItems } from "../db/schema";
import { notFound } from "../errors";
import { importFormat } from "../import/parse-file";
import { readImportFileOffThread } from "../import/read-pool";
import { importBulletin } from "./importBulletin";
import { eq } from "drizzle-orm";

/** The review screen shows the source beside the fields; past this much text it shows the beginning. */
const MAX_SOURCE_TEXT = 500_000;

/** Another bulletin took the number between the check and the insert: the file goes to a person instead. */
class NumberTakenMeanwhile extends Error {}

/** Creates an empty batch for `userId`'s files; returns its id. */
export async function createImportBatch(db: Database, userId: number): Promise<number> {
  const [row] = await db.insert(importBatches).values({ createdBy: userId }).returning({ id: importBatches.id });
  return row!.id;
}

/**
 * Reads one file of a bulk import and records what became of it; returns the item's id.
 * Without warnings (and with a number nobody holds) it goes straight into the archive;
 * with warnings or a number clash it waits in the batch for a person (`needs_review`),
 * keeping its bytes so the bulletin's source key stays their sha256. The same bytes
 * already in the archive are `duplicate`, never a second bulletin.
 */
export async function importFileIntoBatch(db: Database, userId: number, batchId: number, fileName: string, bytes: Uint8Array): Promise<number> {
  const [batch] = await db.select({ id: importBatches.id }).from(importBatches).where(eq(importBatches.id, batchId));
  if (!batch) throw notFound("La importación");
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const base = { batchId, fileName, size: bytes.byteLength, sha256 };
  // Reading is the slow part (a PDF's text layer): in a worker thread, before any transaction opens.
  const read = await readImportFileOffThread(fileName, bytes, await loadOrganizationProfile(db));
  if (!read.ok) {
    return insertItem(db, { ...base, format: importFormat(fileName, bytes), result: "refused", reason: read.reason });
  }
  const { bulletin, warnings } = read.parsed;
  const described = { ...base, format: read.format, warnings, parsed: bulletin };
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction(async (tx) => {
        const existing = await bulletinFromSource(tx, sha256);
        if (existing !== null) return insertItem(tx, { ...described, result: "duplicate", bulletinId: existing });
        const clash = await clashOf(tx, bulletin);
        if (warnings.length === 0 && clash === null) {
          const imported = await importBulletin(tx as unknown as Database, userId, bulletin, bytes);
          if (imported.numberConflict) throw new NumberTakenMeanwhile();
          return insertItem(tx, { ...described, result: imported.created ? "imported" : "duplicate", bulletinId: imported.id });
        }
        return insertItem(tx, {
          ...described,
          result: "needs_review",
          sourceText: read.sourceText.slice(0, MAX_SOURCE_TEXT),
          source: Buffer.from(bytes),
          numberClash: clash,
        });
      });
    } catch (error) {
      // The same bytes or number committed by a concurrent upload: the next attempt sees it (duplicate, or a clash for a person).
      if ((error instanceof NumberTakenMeanwhile || isUniqueViolation(error)) && attempt === 0) continue;
      throw error;
    }
  }
}

/** The number `bulletin` carries when another bulletin of the archive already holds it. */
export async function clashOf(db: DatabaseOrTransaction, bulletin: Bulletin): Promise<NumberClash | null> {
  if (!bulletin.number) return null;
  const holder = await numberHolder(db, bulletin.number);
  return holder === null ? null : { ...bulletin.number, bulletinId: holder };
}

/** PostgreSQL's unique_violation (23505), as pg and PGlite report it through Drizzle. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string; cause?: { code?: string } } | null)?.cause?.code ?? (error as { code?: string } | null)?.code;
  return code === "23505";
}

async function insertItem(db: DatabaseOrTransaction, values: typeof importItems.$inferInsert): Promise<number> {
  const [row] = await db.insert(importItems).values(values).returning({ id: importItems.id });
  return row!.id;
}
