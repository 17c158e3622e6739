import { eq } from "drizzle-orm";
import type { User } from "../../shared/api/schemas";
import type { Bulletin } from "../../shared/bulletin/schema";
import { assertTransition } from "../../shared/workflow/transitions";
import { DomainError, notFound } from "../errors";
import type { Database } from "../db/client";
import { findBulletin, searchColumns, type BulletinRow } from "../db/queries/bulletins";
import { recordEvent } from "../db/queries/events";
import { bulletins, revisions } from "../db/schema";
import { hashContent } from "../bulletin-hash";
import { WorkflowError } from "../../shared/workflow/transitions";

/**
 * Saves a new revision when `expectedVersion` is still the current one.
 * A stale version is refused with `version_conflict` and the current bulletin
 * (details.current is filled by the route's presenter), never overwritten.
 */
export async function saveBulletin(
  db: Database,
  user: Pick<User, "id" | "role">,
  id: number,
  expectedVersion: number,
  content: Bulletin,
): Promise<BulletinRow> {
  return db.transaction(async (tx) => {
    const current = await findBulletin(tx, id, { forUpdate: true });
    if (!current) throw notFound("El boletín");
    if (current.version !== expectedVersion) {
      throw new DomainError(
        "version_conflict",
        "Otra persona guardó este boletín mientras lo editabas. Revisa su versión antes de guardar la tuya.",
        { currentRow: current },
      );
    }
    try {
      assertTransition(current, user, "edit");
    } catch (error) {
      if (error instanceof WorkflowError && error.code === "invalid_transition") {
        throw new DomainError("not_editable", notEditableMessage(current.status));
      }
      throw error;
    }
    // The number is given by approval only; whatever the client sends is ignored.
    const number = current.numberSeq && current.numberYear ? { seq: current.numberSeq, year: current.numberYear } : current.content.number;
    const saved: Bulletin = { ...content, number };
    const version = current.version + 1;
    await tx.update(bulletins).set({ content: saved, version, updatedAt: new Date(), ...searchColumns(saved) }).where(eq(bulletins.id, id));
    await tx.insert(revisions).values({ bulletinId: id, version, content: saved, hash: hashContent(saved), authorId: user.id, status: current.status });
    await recordEvent(tx, { bulletinId: id, actorId: user.id, action: "save", fromStatus: current.status, toStatus: current.status, revision: version });
    return (await findBulletin(tx, id))!;
  });
}

function notEditableMessage(status: string): string {
  switch (status) {
    case "in_review":
      return "El boletín está en revisión: no se puede editar hasta que un revisor solicite cambios.";
    case "approved":
      return "El boletín ya está aprobado: para corregirlo, reábrelo (volverá a revisión).";
    case "published":
      return "El boletín ya está publicado y es definitivo; crea uno nuevo a partir de él para corregirlo.";
    default:
      return "El boletín no se puede editar en su estado actual.";
  }
}
