import { eq } from "drizzle-orm";
import type { ApprovalPreview, User } from "../../shared/api/schemas";
import { runChecks, type Glossary } from "../../shared/checks";
import { todayInMexicoCity } from "../../shared/bulletin/date-line";
import { authorizeBulletin, type PolicyUser } from "../../shared/policies/bulletin";
import type { Database } from "../db/client";
import { findBulletin, findRevision, numberTakenElsewhere, peekNextNumber, type BulletinRow } from "../db/queries/bulletins";
import { recordEvent } from "../db/queries/events";
import { bulletins } from "../db/schema";
import { DomainError, notFound } from "../errors";
import { custodianOf, loadBulletin } from "../policies/bulletin";
import { writeRevision } from "../review/revisions";

/**
 * A stale If-Match: refused with the current bulletin (the route presents it), saying who
 * saved meanwhile as the user would put it: someone else, or they themselves in another window.
 */
export function versionConflict(current: BulletinRow, userId: number): DomainError {
  const mine = current.lastSavedBy?.id === userId;
  return new DomainError(
    "version_conflict",
    mine
      ? "Guardaste este boletín en otra ventana mientras lo editabas aquí. Revisa esa versión antes de guardar esta."
      : "Otra persona guardó este boletín mientras lo editabas. Revisa su versión antes de guardar la tuya.",
    { currentRow: current },
  );
}

/**
 * `Restaurar esta versión`: a new revision with the content of an older one (the
 * number the bulletin has now is kept), for whoever may edit it now. Nothing in the
 * history is lost: the restored revision says which one it came from.
 */
export async function restoreRevision(db: Database, user: Pick<User, "id" | "role"> & PolicyUser, id: number, expectedVersion: number, version: number): Promise<BulletinRow> {
  return db.transaction(async (tx) => {
    const current = await loadBulletin(tx, user, id, "read", { forUpdate: true });
    if (current.version !== expectedVersion) throw versionConflict(current, user.id);
    authorizeBulletin(user, "edit", current);
    const revision = await findRevision(tx, id, version);
    if (!revision) throw notFound(`La revisión ${version}`);
    if (version === current.version) throw new DomainError("validation_error", "Esta ya es la versión actual.", null);
    const content = { ...revision.content, number: current.numberSeq && current.numberYear ? { seq: current.numberSeq, year: current.numberYear } : current.content.number };
    const written = await writeRevision(tx, { current, content, authorId: user.id, custodianId: custodianOf(user), kind: "sealed", restoredFrom: version });
    await recordEvent(tx, {
      bulletinId: id, actorId: user.id, action: "restore_revision", fromStatus: current.status, toStatus: current.status, revision: written.version, detail: { restoredFrom: version },
    });
    return (await findBulletin(tx, id))!;
  });
}

/** `Eliminar borrador`: a soft delete of a draft that never had a number; admins see it and may restore it. */
export async function deleteDraft(db: Database, user: Pick<User, "id" | "role"> & PolicyUser, id: number): Promise<BulletinRow> {
  return db.transaction(async (tx) => {
    const current = await loadBulletin(tx, user, id, "delete", { forUpdate: true });
    await tx.update(bulletins).set({ deletedAt: new Date(), deletedBy: user.id }).where(eq(bulletins.id, id));
    await recordEvent(tx, { bulletinId: id, actorId: user.id, action: "delete", fromStatus: current.status, toStatus: current.status, revision: current.version });
    return (await findBulletin(tx, id))!;
  });
}

/** `Restaurar borrador`: an admin brings a deleted draft back, as it was. */
export async function undeleteDraft(db: Database, user: Pick<User, "id" | "role"> & PolicyUser, id: number): Promise<BulletinRow> {
  return db.transaction(async (tx) => {
    const current = await loadBulletin(tx, user, id, "restore", { forUpdate: true });
    await tx.update(bulletins).set({ deletedAt: null, deletedBy: null }).where(eq(bulletins.id, id));
    await recordEvent(tx, { bulletinId: id, actorId: user.id, action: "undelete", fromStatus: current.status, toStatus: current.status, revision: current.version });
    return (await findBulletin(tx, id))!;
  });
}

/**
 * What approving would do now, for the confirmation dialog: the number it would take
 * (`Se asignará el No. 494/2026`; another approval may take it first, and then this
 * one takes the next), what is still open, and the checks approval runs.
 */
export async function approvalPreview(db: Database, user: Pick<User, "id" | "role"> & PolicyUser, id: number, glossary: Glossary): Promise<ApprovalPreview> {
  const current = await loadBulletin(db, user, id, "approve");
  const keepsNumber = Boolean(current.numberSeq && current.numberYear);
  const year = current.numberYear ?? Number((current.content.date ?? todayInMexicoCity()).slice(0, 4));
  const seq = keepsNumber ? current.numberSeq! : await peekNextNumber(db, year);
  const duplicateNumber = current.content.number !== null && !current.numberSeq ? await numberTakenElsewhere(db, id, current.content.number) : false;
  return {
    number: { seq, year },
    keepsNumber,
    openThreads: current.openThreads,
    openSuggestions: current.openSuggestions,
    checks: runChecks({ bulletin: current.content, glossary, duplicateNumber, approvingOn: todayInMexicoCity() }),
  };
}
