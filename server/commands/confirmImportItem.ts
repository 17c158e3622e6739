import { eq } from "drizzle-orm";
import type { Bulletin } from "../../shared/bulletin/schema";
import type { Database } from "../db/client";
import { findImportItem, type ImportItemRow } from "../db/queries/imports";
import { recordEvent } from "../db/queries/events";
import { importItems } from "../db/schema";
import { DomainError, notFound } from "../errors";
import { importBulletin } from "./importBulletin";
import { clashOf, isUniqueViolation } from "./importFileIntoBatch";

function assertWaiting(item: ImportItemRow | null): asserts item is ImportItemRow {
  if (!item) throw notFound("Ese archivo de la importación");
  if (item.result !== "needs_review") {
    throw new DomainError("not_editable", "Ese archivo ya no espera revisión: ya se importó, se descartó o se rechazó.");
  }
}

/**
 * `Confirmar e importar`: the person's version of the bulletin (or the importer's, when
 * they changed nothing) enters the archive, in one transaction with the item's new state.
 * Its warnings are recorded as confirmed by that person. A number another bulletin holds
 * is refused (409, with which bulletin) — never dropped: the person corrects it or clears it.
 */
export async function confirmImportItem(db: Database, userId: number, batchId: number, itemId: number, corrected?: Bulletin): Promise<void> {
  try {
    await confirmOnce(db, userId, batchId, itemId, corrected);
  } catch (error) {
    // A concurrent import committed the same file or number first: once more, the checks now see it.
    if (!isUniqueViolation(error)) throw error;
    await confirmOnce(db, userId, batchId, itemId, corrected);
  }
}

async function confirmOnce(db: Database, userId: number, batchId: number, itemId: number, corrected?: Bulletin): Promise<void> {
  await db.transaction(async (tx) => {
    const item = await findImportItem(tx, batchId, itemId, { forUpdate: true });
    assertWaiting(item);
    const bulletin = corrected ?? item.parsed;
    if (!bulletin || !item.source) throw new DomainError("not_editable", "Ese archivo no tiene un boletín que importar.");
    const clash = await clashOf(tx, bulletin);
    if (clash) throw numberClashError(clash);
    const imported = await importBulletin(tx as unknown as Database, userId, bulletin, item.source);
    // Taken by another bulletin between the check and the insert: refused the same way.
    if (imported.numberConflict && bulletin.number) throw numberClashError({ ...bulletin.number, bulletinId: (await clashOf(tx, bulletin))?.bulletinId ?? 0 });
    await tx
      .update(importItems)
      .set({
        result: imported.created ? (item.warnings.length > 0 ? "imported_with_warnings" : "imported") : "duplicate",
        parsed: bulletin,
        bulletinId: imported.id,
        confirmedBy: userId,
        confirmedAt: new Date(),
        source: null,
      })
      .where(eq(importItems.id, item.id));
    if (imported.created) {
      await recordEvent(tx, {
        bulletinId: imported.id,
        actorId: userId,
        action: "confirm_import",
        detail: { batchId, itemId, fileName: item.fileName, warnings: item.warnings, corrected: corrected !== undefined, numberClash: item.numberClash },
      });
    }
  });
}

/** `Descartar`: the file stays listed in the batch as discarded, and nothing enters the archive. */
export async function discardImportItem(db: Database, userId: number, batchId: number, itemId: number): Promise<void> {
  await db.transaction(async (tx) => {
    const item = await findImportItem(tx, batchId, itemId, { forUpdate: true });
    assertWaiting(item);
    await tx.update(importItems).set({ result: "discarded", confirmedBy: userId, confirmedAt: new Date(), source: null }).where(eq(importItems.id, item.id));
  });
}

function numberClashError(clash: { year: number; seq: number; bulletinId: number }): DomainError {
  return new DomainError(
    "numbering_collision",
    `El número ${clash.seq}/${clash.year} ya lo tiene el boletín #${clash.bulletinId}: corrígelo o importa sin número.`,
    { numberClash: clash },
  );
}
