import { eq } from "drizzle-orm";
import type { User } from "../../shared/api/schemas";
import { runChecks, type Glossary } from "../../shared/checks";
import { todayInMexicoCity } from "../../shared/bulletin/date-line";
import { formatNumber } from "../../shared/bulletin/number";
import type { Bulletin } from "../../shared/bulletin/schema";
import { assertTransition, type Action } from "../../shared/workflow/transitions";
import { DomainError, notFound } from "../errors";
import type { Database } from "../db/client";
import { allocateNumber, findBulletin, numberTakenElsewhere, searchColumns, type BulletinRow } from "../db/queries/bulletins";
import { recordEvent } from "../db/queries/events";
import { bulletins, comments, revisions } from "../db/schema";
import { hashContent } from "../bulletin-hash";

export type TransitionAction = Exclude<Action, "edit">;

/**
 * Moves a bulletin through the workflow in one transaction. Approval takes the
 * next number of the bulletin's year (kept when a reopened bulletin is approved
 * again) and binds the current revision and its hash.
 */
export async function transitionBulletin(
  db: Database,
  user: Pick<User, "id" | "role">,
  id: number,
  action: TransitionAction,
  options: { comment?: string; glossary: Glossary },
): Promise<BulletinRow> {
  return db.transaction(async (tx) => {
    const current = await findBulletin(tx, id, { forUpdate: true });
    if (!current) throw notFound("El boletín");
    const { to } = assertTransition(current, user, action);

    if (action === "request_changes" && !options.comment) {
      throw new DomainError("validation_error", "Escribe un comentario que diga qué hay que cambiar.", { path: "comment" });
    }
    if (action === "submit") {
      const duplicateNumber = current.content.number !== null && !current.numberSeq
        ? await numberTakenElsewhere(tx, id, current.content.number)
        : false;
      const blocking = runChecks({ bulletin: current.content, glossary: options.glossary, duplicateNumber })
        .filter((check) => check.severity === "blocking");
      if (blocking.length > 0) {
        throw new DomainError(
          "checks_failed",
          `El boletín tiene ${blocking.length === 1 ? "un problema que impide" : `${blocking.length} problemas que impiden`} enviarlo a revisión: ${blocking.map((check) => check.message).join(" ")}`,
          { checks: blocking },
        );
      }
    }

    const changes: Partial<typeof bulletins.$inferInsert> = { status: to, updatedAt: new Date() };
    let content: Bulletin = current.content;
    let version = current.version;
    const detail: Record<string, unknown> = {};
    if (action === "approve") {
      let number = current.numberSeq && current.numberYear ? { seq: current.numberSeq, year: current.numberYear } : null;
      if (!number) {
        const year = Number((current.content.date ?? todayInMexicoCity()).slice(0, 4));
        number = { seq: await allocateNumber(tx, year), year };
      }
      content = { ...current.content, number };
      if (current.content.number?.seq !== number.seq || current.content.number?.year !== number.year) {
        // The number becomes part of the text, so the approved revision is the one that carries it.
        version = current.version + 1;
        await tx.insert(revisions).values({ bulletinId: id, version, content, hash: hashContent(content), authorId: user.id, status: to });
      }
      Object.assign(changes, {
        numberYear: number.year,
        numberSeq: number.seq,
        content,
        version,
        approvedRevision: version,
        approvedHash: hashContent(content),
        ...(version !== current.version ? searchColumns(content) : {}),
      });
      detail.number = formatNumber(number);
      detail.hash = changes.approvedHash;
    }
    await tx.update(bulletins).set(changes).where(eq(bulletins.id, id));
    if (options.comment) {
      await tx.insert(comments).values({ bulletinId: id, revision: version, authorId: user.id, body: options.comment });
      detail.comment = options.comment;
    }
    await recordEvent(tx, { bulletinId: id, actorId: user.id, action, fromStatus: current.status, toStatus: to, revision: version, detail });
    return (await findBulletin(tx, id))!;
  });
}
