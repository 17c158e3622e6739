import { and, eq } from "drizzle-orm";
import type { User } from "../../shared/api/schemas";
import { notFound } from "../errors";
import type { Database, DatabaseOrTransaction } from "../db/client";
import { loadBulletin } from "../policies/bulletin";
import { recordEvent } from "../db/queries/events";
import { comments, users } from "../db/schema";

type CommentRow = typeof comments.$inferSelect & { authorName: string };

function present(row: CommentRow) {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

/** Comments of a bulletin, oldest first. */
export async function listComments(db: DatabaseOrTransaction, bulletinId: number) {
  const rows = await db
    .select({ comment: comments, authorName: users.name })
    .from(comments)
    .innerJoin(users, eq(users.id, comments.authorId))
    .where(eq(comments.bulletinId, bulletinId))
    .orderBy(comments.id);
  return rows.map((row) => present({ ...row.comment, authorName: row.authorName }));
}

/** A comment bound to the bulletin's current revision, optionally quoting a passage of it. */
export async function addComment(
  db: Database,
  user: Pick<User, "id" | "role" | "name">,
  bulletinId: number,
  input: { body: string; quote?: string },
) {
  return db.transaction(async (tx) => {
    const bulletin = await loadBulletin(tx, user, bulletinId, "comment", { forUpdate: true });
    const [row] = await tx
      .insert(comments)
      .values({ bulletinId, revision: bulletin.version, authorId: user.id, body: input.body, quote: input.quote || null })
      .returning();
    await recordEvent(tx, { bulletinId, actorId: user.id, action: "comment", revision: bulletin.version, detail: { commentId: row!.id } });
    return present({ ...row!, authorName: user.name });
  });
}

/** Marks a comment resolved or open again. */
export async function resolveComment(
  db: Database,
  user: Pick<User, "id" | "role">,
  bulletinId: number,
  commentId: number,
  resolved: boolean,
) {
  return db.transaction(async (tx) => {
    await loadBulletin(tx, user, bulletinId, "resolve_comment", { forUpdate: true });
    const [row] = await tx
      .update(comments)
      .set({ resolved })
      .where(and(eq(comments.id, commentId), eq(comments.bulletinId, bulletinId)))
      .returning();
    if (!row) throw notFound("El comentario");
    await recordEvent(tx, { bulletinId, actorId: user.id, action: resolved ? "resolve_comment" : "reopen_comment", revision: row.revision, detail: { commentId } });
    const [author] = await tx.select({ name: users.name }).from(users).where(eq(users.id, row.authorId));
    return present({ ...row, authorName: author?.name ?? "" });
  });
}
