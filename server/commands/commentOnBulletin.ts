import { and, count, eq, or } from "drizzle-orm";
import type { Anchor, Comment, CommentReply, User } from "../../shared/api/schemas";
import { fieldLabel, fieldText, ofField } from "../../shared/review/fields";
import { carryRange } from "../../shared/review/mapping";
import { findRevision } from "../db/queries/bulletins";
import { DomainError, notFound } from "../errors";
import type { Database, DatabaseOrTransaction } from "../db/client";
import { loadBulletin } from "../policies/bulletin";
import { recordEvent } from "../db/queries/events";
import { comments, users } from "../db/schema";
import { sealRevisions } from "../review/revisions";
import { tellAboutComment } from "../notifications/bulletin-notices";

type CommentRow = typeof comments.$inferSelect & { authorName: string };

/** Comments a bulletin may hold: each anchored one is carried through every save. */
export const MAX_COMMENTS = 1000;

/** The longest passage a comment quotes (the rest of a longer selection is still its anchor). */
const QUOTE_MAX = 2000;

function presentOne(row: CommentRow): CommentReply {
  return {
    id: row.id,
    bulletinId: row.bulletinId,
    revision: row.revision,
    authorId: row.authorId,
    authorName: row.authorName,
    body: row.body,
    quote: row.quote,
    parentId: row.parentId,
    anchor: row.anchorField && !row.outdated ? { field: row.anchorField, from: row.anchorFrom!, to: row.anchorTo! } : null,
    outdated: row.outdated,
    resolved: row.resolved,
    createdAt: row.createdAt.toISOString(),
  };
}

/** A bulletin's comment threads, oldest first, each with its replies oldest first. */
export async function listComments(db: DatabaseOrTransaction, bulletinId: number): Promise<Comment[]> {
  const rows = await db
    .select({ comment: comments, authorName: users.name })
    .from(comments)
    .innerJoin(users, eq(users.id, comments.authorId))
    .where(eq(comments.bulletinId, bulletinId))
    .orderBy(comments.id);
  const threads = new Map<number, Comment>();
  for (const row of rows) {
    const comment = presentOne({ ...row.comment, authorName: row.authorName });
    if (comment.parentId === null) threads.set(comment.id, { ...comment, replies: [] });
    else threads.get(comment.parentId)?.replies.push(comment);
  }
  return [...threads.values()];
}

export interface NewComment {
  body: string;
  quote?: string;
  anchor?: Anchor;
  parentId?: number;
  revision?: number;
  mentions?: number[];
}

/**
 * A comment on the bulletin's current revision: a new thread (about a passage when
 * `anchor` is given: the server quotes it from the text itself) or a reply to one.
 */
export async function addComment(db: Database, user: Pick<User, "id" | "role" | "name">, bulletinId: number, input: NewComment): Promise<Comment> {
  return db.transaction(async (tx) => {
    const bulletin = await loadBulletin(tx, user, bulletinId, "comment", { forUpdate: true });
    const [{ total } = { total: 0 }] = await tx.select({ total: count() }).from(comments).where(eq(comments.bulletinId, bulletinId));
    if (Number(total) >= MAX_COMMENTS) {
      throw new DomainError("too_many_comments", `Este boletín ya tiene ${MAX_COMMENTS} comentarios; resuelve la conversación en los hilos que ya tiene.`, null);
    }
    let parentId: number | null = null;
    if (input.parentId !== undefined) {
      if (input.anchor) throw new DomainError("validation_error", "Una respuesta va en el hilo de su comentario: no lleva un pasaje propio.", null);
      const [parent] = await tx
        .select({ id: comments.id, parentId: comments.parentId, resolved: comments.resolved })
        .from(comments)
        .where(and(eq(comments.id, input.parentId), eq(comments.bulletinId, bulletinId)));
      if (!parent) throw notFound("El comentario al que respondes");
      parentId = parent.parentId ?? parent.id;
      // Replying to a resolved thread carries the conversation on: the thread is open again.
      if (parent.resolved) {
        await tx.update(comments).set({ resolved: false }).where(and(eq(comments.bulletinId, bulletinId), or(eq(comments.id, parentId), eq(comments.parentId, parentId))));
      }
    }
    let anchor: { anchorField: string; anchorFrom: number; anchorTo: number } | null = null;
    let quote = input.quote || null;
    if (input.anchor) {
      // The passage as the commenter saw it, on the revision they read; then where it is now.
      const seen = input.revision === undefined || input.revision === bulletin.version ? bulletin.content : (await findRevision(tx, bulletinId, input.revision))?.content;
      if (!seen) {
        throw new DomainError("version_conflict", "El texto cambió desde que lo abriste y esa versión ya no está en el historial. Vuelve a seleccionar el pasaje en la versión actual.", { currentVersion: bulletin.version });
      }
      const { field } = input.anchor;
      let { from, to } = input.anchor;
      const text = fieldText(seen, field);
      if (text === null) throw new DomainError("validation_error", `El boletín no tiene ${fieldLabel(field)}.`, null);
      // An edge inside a character written with two code units (😀) takes the whole character: a quote never holds half of one.
      if (splitsPair(text, from)) from -= 1;
      if (splitsPair(text, to)) to += 1;
      if (!(from < to && to <= text.length) || !text.slice(from, to).trim()) {
        throw new DomainError("validation_error", `Selecciona un pasaje ${ofField(field)} para comentarlo (las posiciones ${from}–${to} no marcan ninguno).`, null);
      }
      const passage = text.slice(from, to);
      quote = passage.length > QUOTE_MAX ? `${passage.slice(0, QUOTE_MAX - 1)}…` : passage;
      const now = seen === bulletin.content ? { field, from, to } : carryRange(seen, bulletin.content, { field, from, to }, "passage");
      if (!now) {
        throw new DomainError("version_conflict", "El pasaje que seleccionaste ya no está en el texto: alguien lo cambió mientras lo leías. Vuelve a seleccionarlo en la versión actual.", { currentVersion: bulletin.version });
      }
      anchor = { anchorField: now.field, anchorFrom: now.from, anchorTo: now.to };
    }
    const [row] = await tx
      .insert(comments)
      .values({ bulletinId, revision: bulletin.version, authorId: user.id, body: input.body, quote, parentId, resolved: false, ...anchor })
      .returning();
    // Someone read this text closely enough to comment: the writer's next save starts a new revision.
    await sealRevisions(tx, bulletinId);
    await tellAboutComment(tx, bulletin, user.id, parentId, input.mentions ?? []);
    await recordEvent(tx, {
      bulletinId, actorId: user.id, action: parentId ? "reply" : "comment", revision: bulletin.version,
      detail: { commentId: row!.id, ...(parentId ? { threadId: parentId } : {}), ...(anchor ? { field: anchor.anchorField } : {}) },
    });
    return { ...presentOne({ ...row!, authorName: user.name }), replies: [] };
  });
}

/** True when `offset` falls between the two halves of a surrogate pair in `text`. */
function splitsPair(text: string, offset: number): boolean {
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}

/** Resolves or reopens a whole thread (named by any of its comments); returns the thread. */
export async function resolveComment(db: Database, user: Pick<User, "id" | "role">, bulletinId: number, commentId: number, resolved: boolean): Promise<Comment> {
  return db.transaction(async (tx) => {
    await loadBulletin(tx, user, bulletinId, "resolve_comment", { forUpdate: true });
    const [named] = await tx
      .select({ id: comments.id, parentId: comments.parentId, revision: comments.revision })
      .from(comments)
      .where(and(eq(comments.id, commentId), eq(comments.bulletinId, bulletinId)));
    if (!named) throw notFound("El comentario");
    const threadId = named.parentId ?? named.id;
    await tx.update(comments).set({ resolved }).where(and(eq(comments.bulletinId, bulletinId), or(eq(comments.id, threadId), eq(comments.parentId, threadId))));
    await recordEvent(tx, { bulletinId, actorId: user.id, action: resolved ? "resolve_comment" : "reopen_comment", revision: named.revision, detail: { commentId: threadId } });
    const thread = (await listComments(tx, bulletinId)).find((comment) => comment.id === threadId)!;
    return thread;
  });
}
