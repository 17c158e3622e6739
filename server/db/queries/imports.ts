import { and, desc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { ImportBatch, ImportBatchSummary, ImportItem } from "../../../shared/api/imports";
import type { DatabaseOrTransaction } from "../client";
import { bulletins, importBatches, importItems, users } from "../schema";

export type ImportItemRow = typeof importItems.$inferSelect;

/** The bulletin that holds `number` in the archive, if any. */
export async function numberHolder(db: DatabaseOrTransaction, number: { year: number; seq: number }): Promise<number | null> {
  const [row] = await db
    .select({ id: bulletins.id })
    .from(bulletins)
    .where(and(eq(bulletins.numberYear, number.year), eq(bulletins.numberSeq, number.seq)))
    .limit(1);
  return row?.id ?? null;
}

/** The archive's bulletin made from a file with these bytes (sha256), if any. */
export async function bulletinFromSource(db: DatabaseOrTransaction, sha256: string): Promise<number | null> {
  const [row] = await db.select({ id: bulletins.id }).from(bulletins).where(eq(bulletins.sourceKey, sha256)).limit(1);
  return row?.id ?? null;
}

/** One file of a batch; `forUpdate` locks it until the transaction ends, so two people never decide it twice. */
export async function findImportItem(
  db: DatabaseOrTransaction,
  batchId: number,
  itemId: number,
  options: { forUpdate?: boolean } = {},
): Promise<ImportItemRow | null> {
  const query = db.select().from(importItems).where(and(eq(importItems.batchId, batchId), eq(importItems.id, itemId)));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  return row ?? null;
}

const confirmer = alias(users, "confirmer");

/** A batch with every file in the order it was uploaded, as the API shows it; null when there is none. */
export async function findImportBatch(db: DatabaseOrTransaction, batchId: number): Promise<ImportBatch | null> {
  const [batch] = await db
    .select({ id: importBatches.id, createdAt: importBatches.createdAt, creatorId: users.id, creatorName: users.name })
    .from(importBatches)
    .innerJoin(users, eq(users.id, importBatches.createdBy))
    .where(eq(importBatches.id, batchId));
  if (!batch) return null;
  const rows = await db
    .select({ item: importItems, confirmerName: confirmer.name })
    .from(importItems)
    .leftJoin(confirmer, eq(confirmer.id, importItems.confirmedBy))
    .where(eq(importItems.batchId, batchId))
    .orderBy(importItems.id);
  return {
    id: batch.id,
    createdAt: batch.createdAt.toISOString(),
    createdBy: { id: batch.creatorId, name: batch.creatorName },
    items: rows.map(({ item, confirmerName }) => presentImportItem(item, confirmerName)),
  };
}

/** One file as the API shows it: the source text only while it waits for a person, never the bytes. */
export function presentImportItem(item: ImportItemRow, confirmerName: string | null): ImportItem {
  return {
    id: item.id,
    batchId: item.batchId,
    fileName: item.fileName,
    format: item.format,
    size: item.size,
    sha256: item.sha256,
    result: item.result,
    reason: item.reason,
    warnings: item.warnings,
    parsed: item.parsed,
    sourceText: item.result === "needs_review" ? item.sourceText : null,
    numberClash: item.numberClash,
    bulletinId: item.bulletinId,
    confirmedBy: item.confirmedBy !== null ? { id: item.confirmedBy, name: confirmerName ?? "" } : null,
    confirmedAt: item.confirmedAt?.toISOString() ?? null,
    createdAt: item.createdAt.toISOString(),
  };
}

/** One file as the API shows it, read again (after a write). */
export async function loadImportItem(db: DatabaseOrTransaction, batchId: number, itemId: number): Promise<ImportItem | null> {
  const [row] = await db
    .select({ item: importItems, confirmerName: confirmer.name })
    .from(importItems)
    .leftJoin(confirmer, eq(confirmer.id, importItems.confirmedBy))
    .where(and(eq(importItems.batchId, batchId), eq(importItems.id, itemId)));
  return row ? presentImportItem(row.item, row.confirmerName) : null;
}

/** The latest batches, newest first, with how many of their files still wait for a person. */
export async function listImportBatches(db: DatabaseOrTransaction, limit = 50): Promise<ImportBatchSummary[]> {
  const rows = await db
    .select({
      id: importBatches.id,
      createdAt: importBatches.createdAt,
      creatorId: users.id,
      creatorName: users.name,
      total: sql<number>`(SELECT count(*)::int FROM import_items WHERE import_items.batch_id = ${importBatches.id})`,
      needsReview: sql<number>`(SELECT count(*)::int FROM import_items WHERE import_items.batch_id = ${importBatches.id} AND import_items.result = 'needs_review')`,
    })
    .from(importBatches)
    .innerJoin(users, eq(users.id, importBatches.createdBy))
    .orderBy(desc(importBatches.id))
    .limit(limit);
  return rows.map((row) => ({
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    createdBy: { id: row.creatorId, name: row.creatorName },
    total: Number(row.total),
    needsReview: Number(row.needsReview),
  }));
}
