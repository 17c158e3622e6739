import { and, eq, inArray, notInArray } from "drizzle-orm";
import { rolesFor } from "../../shared/policies/office";
import { canSee } from "../../shared/policies/bulletin";
import type { DatabaseOrTransaction } from "../db/client";
import type { BulletinRow } from "../db/queries/bulletins";
import { bulletinReviewers, comments, users } from "../db/schema";
import { DomainError } from "../errors";
import { notify } from "./notify";

/** Who is told what about a bulletin, in the transaction of what happened. */

/**
 * Asks `reviewerIds` to review bulletin `id` (none: any reviewer), refusing anyone who may not
 * review it. Handing a review on (`keep`) leaves those still asked with who asked them and
 * when; a submission asks afresh, each round in the name of whoever sent it. Each must be an
 * active reviewer or admin other than the author: assignment never changes who may approve
 * (four-eyes decides that), it only says who is expected to.
 */
export async function assignReviewers(
  tx: DatabaseOrTransaction,
  id: number,
  assignedBy: number,
  authorId: number,
  reviewerIds: readonly number[],
  options: { keep?: boolean } = {},
): Promise<number[]> {
  const wanted = [...new Set(reviewerIds)];
  const found = wanted.length
    ? await tx.select({ id: users.id, role: users.role, disabled: users.disabled }).from(users).where(inArray(users.id, wanted))
    : [];
  const reviewing = rolesFor("bulletins.review");
  const refused = wanted.filter((who) => {
    const person = found.find((f) => f.id === who);
    return !person || person.disabled || !reviewing.includes(person.role) || who === authorId;
  });
  if (refused.length) {
    throw new DomainError("validation_error", "Solo se pide la revisión a revisores o administradores activos que no escribieron el boletín.", [{ path: "reviewerIds", message: "Elige revisores activos." }]);
  }
  const kept = options.keep && wanted.length > 0;
  await tx
    .delete(bulletinReviewers)
    .where(kept ? and(eq(bulletinReviewers.bulletinId, id), notInArray(bulletinReviewers.userId, wanted)) : eq(bulletinReviewers.bulletinId, id));
  if (wanted.length) {
    await tx.insert(bulletinReviewers).values(wanted.map((userId) => ({ bulletinId: id, userId, assignedBy }))).onConflictDoNothing();
  }
  return wanted;
}

async function askedReviewers(tx: DatabaseOrTransaction, id: number): Promise<number[]> {
  return (await tx.select({ userId: bulletinReviewers.userId }).from(bulletinReviewers).where(eq(bulletinReviewers.bulletinId, id))).map((r) => r.userId);
}

export async function tellAboutTransition(
  tx: DatabaseOrTransaction,
  action: string,
  bulletin: BulletinRow,
  actorId: number,
  facts: { number: string | null; comment: string | null },
): Promise<void> {
  const title = bulletin.content.title;
  const base = { actorId, bulletinId: bulletin.id, title };
  switch (action) {
    case "submit":
      await notify(tx, { ...base, kind: "assigned", userIds: await askedReviewers(tx, bulletin.id), text: "Te pidieron revisar un boletín." });
      return;
    case "request_changes":
      await notify(tx, { ...base, kind: "changes_requested", userIds: [bulletin.authorId], text: "Solicitaron cambios en tu boletín." });
      return;
    case "approve":
      await notify(tx, { ...base, kind: "approved", userIds: [bulletin.authorId], text: `Aprobaron tu boletín con el ${facts.number ?? "número asignado"}` });
      return;
    case "publish":
      await notify(tx, { ...base, kind: "published", userIds: [bulletin.authorId], text: "Publicaron tu boletín." });
      return;
    case "withdraw":
      await notify(tx, { ...base, kind: "withdrawn", userIds: await askedReviewers(tx, bulletin.id), text: "Retiraron de revisión un boletín que te pidieron revisar." });
      return;
    default:
      return;
  }
}

/** A comment or reply: the bulletin's author and the thread's people are told; the people mentioned, that they were. */
export async function tellAboutComment(
  tx: DatabaseOrTransaction,
  bulletin: BulletinRow,
  actorId: number,
  threadId: number | null,
  mentionIds: readonly number[],
): Promise<void> {
  const title = bulletin.content.title;
  const base = { actorId, bulletinId: bulletin.id, title };
  // Only people who may see the bulletin are told of it (another author's draft stays unknown to them).
  const named = mentionIds.length ? await tx.select({ id: users.id, role: users.role }).from(users).where(inArray(users.id, [...new Set(mentionIds)])) : [];
  const mentioned = new Set(named.filter((person) => canSee(person, bulletin)).map((person) => person.id));
  if (mentioned.size) await notify(tx, { ...base, kind: "mentioned", userIds: [...mentioned], text: "Te mencionaron en un comentario." });
  const thread = threadId === null
    ? []
    : (await tx.select({ authorId: comments.authorId }).from(comments).where(and(eq(comments.bulletinId, bulletin.id), inArray(comments.id, [threadId]))))
        .concat(await tx.select({ authorId: comments.authorId }).from(comments).where(and(eq(comments.bulletinId, bulletin.id), eq(comments.parentId, threadId))))
        .map((row) => row.authorId);
  const concerned = [bulletin.authorId, ...thread].filter((id) => !mentioned.has(id));
  await notify(tx, { ...base, kind: "comment", userIds: concerned, text: threadId === null ? "Comentaron tu boletín." : "Respondieron en un hilo de comentarios." });
}

/** The authors of decided suggestions learn what became of them. */
export async function tellAboutSuggestions(tx: DatabaseOrTransaction, bulletin: BulletinRow, actorId: number, decision: "accept" | "reject", authorIds: readonly number[]): Promise<void> {
  await notify(tx, {
    actorId, bulletinId: bulletin.id, title: bulletin.content.title,
    kind: decision === "accept" ? "suggestion_accepted" : "suggestion_rejected",
    userIds: authorIds,
    text: decision === "accept" ? "Aceptaron tu sugerencia de cambio." : "Rechazaron tu sugerencia de cambio.",
  });
}
