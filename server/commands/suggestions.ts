import { and, desc, eq, inArray } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Suggestion, User } from "../../shared/api/schemas";
import { bulletinSchema, type Bulletin } from "../../shared/bulletin/schema";
import { dropBidiControls, dropControls, normalizeLineEnds, refusedCodePointMessage, toOneLine } from "../../shared/bulletin/storable-text";
import { FieldEditError, fieldLabel, fieldText, replaceInField, type ReviewField } from "../../shared/review/fields";
import type { PolicyUser } from "../../shared/policies/bulletin";
import type { Database, DatabaseOrTransaction, Transaction } from "../db/client";
import { findBulletin, type BulletinRow } from "../db/queries/bulletins";
import { recordEvent } from "../db/queries/events";
import { suggestions, users } from "../db/schema";
import { DomainError, notFound } from "../errors";
import { custodianOf, loadBulletin } from "../policies/bulletin";
import { sealRevisions, writeRevision } from "../review/revisions";
import { bodyStructureProblem } from "../validate-body";
import { tellAboutSuggestions } from "../notifications/bulletin-notices";

/**
 * Suggested edits (track changes). A suggestion replaces `[from, to)` of one field's
 * plain text with `insert`, on the bulletin's current revision; it is carried through
 * every later revision (server/review/revisions.ts) until its author's counterpart
 * decides. Accepting writes a new revision in the accepter's name: text a reviewer
 * suggested counts as written by whoever accepted it, so the reviewer may still approve.
 */

type SuggestionRow = typeof suggestions.$inferSelect;
const decider = alias(users, "decider");

function present(row: SuggestionRow, authorName: string, decidedByName: string | null): Suggestion {
  return {
    id: row.id,
    bulletinId: row.bulletinId,
    authorId: row.authorId,
    authorName,
    field: row.field,
    kind: row.deleted === "" ? "insert" : row.inserted === "" ? "delete" : "replace",
    text: row.inserted,
    deleted: row.deleted,
    from: row.fromOffset,
    to: row.toOffset,
    revision: row.revision,
    status: row.status,
    decidedBy: row.decidedBy,
    decidedByName,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** A bulletin's suggestions, oldest first (every status: the open ones are shown in the text). */
export async function listSuggestions(db: DatabaseOrTransaction, bulletinId: number): Promise<Suggestion[]> {
  const rows = await db
    .select({ suggestion: suggestions, authorName: users.name, decidedByName: decider.name })
    .from(suggestions)
    .innerJoin(users, eq(users.id, suggestions.authorId))
    .leftJoin(decider, eq(decider.id, suggestions.decidedBy))
    .where(eq(suggestions.bulletinId, bulletinId))
    .orderBy(suggestions.id);
  return rows.map((row) => present(row.suggestion, row.authorName, row.decidedByName));
}

/** The inserted text as it would be stored: what a save of it would drop is dropped, what it would refuse is refused. */
function storableInsert(field: ReviewField, insert: string): string {
  let text = normalizeLineEnds(dropBidiControls(dropControls(insert)));
  // Every line break a one-line field turns into a space (NEL, U+2028…), as its save does.
  if (field !== "body") text = toOneLine(text);
  const refused = refusedCodePointMessage(text);
  if (refused) throw new DomainError("validation_error", refused, null);
  return text;
}

/** The content with the edit applied, checked as a save would be; the refusal in the user's words otherwise. */
function editedContent(content: Bulletin, field: ReviewField, from: number, to: number, insert: string): Bulletin {
  let edited: Bulletin;
  try {
    edited = replaceInField(content, field, from, to, insert);
  } catch (error) {
    if (error instanceof FieldEditError) throw new DomainError("validation_error", error.message, null);
    throw error;
  }
  const parsed = bulletinSchema.safeParse(edited);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DomainError("validation_error", `Con esta sugerencia, ${fieldLabel(field)} no se podría guardar: ${issue.message}`, null);
  }
  const problem = bodyStructureProblem(parsed.data.body);
  if (problem) throw new DomainError("validation_error", `Con esta sugerencia, el cuerpo no se podría guardar: ${problem.message}`, null);
  return parsed.data;
}

export interface NewSuggestion {
  field: ReviewField;
  from: number;
  to: number;
  insert: string;
  revision?: number;
}

/** Open suggestions a bulletin may hold at once: each one is carried through every save. */
export const MAX_OPEN_SUGGESTIONS = 300;

/** Records a suggestion on the current revision. The bulletin's text does not change. */
export async function suggestEdit(db: Database, user: Pick<User, "id" | "role" | "name"> & PolicyUser, bulletinId: number, input: NewSuggestion) {
  return db.transaction(async (tx) => {
    const bulletin = await loadBulletin(tx, user, bulletinId, "suggest", { forUpdate: true });
    if (input.revision !== undefined && input.revision !== bulletin.version) {
      throw new DomainError("version_conflict", "El texto cambió desde que lo abriste (hay una versión nueva). Vuelve a cargarlo y sugiere sobre la versión actual.", { currentVersion: bulletin.version });
    }
    if (bulletin.openSuggestions >= MAX_OPEN_SUGGESTIONS) {
      throw new DomainError("too_many_suggestions", `Este boletín ya tiene ${MAX_OPEN_SUGGESTIONS} sugerencias abiertas: que su autor decida sobre ellas antes de sugerir más.`, null);
    }
    const text = fieldText(bulletin.content, input.field);
    if (text === null) throw new DomainError("validation_error", `El boletín no tiene ${fieldLabel(input.field)}.`, null);
    const insert = storableInsert(input.field, input.insert);
    const deleted = text.slice(input.from, input.to);
    if (insert === deleted) throw new DomainError("validation_error", "La sugerencia no cambia nada del texto.", null);
    editedContent(bulletin.content, input.field, input.from, input.to, insert);
    const [row] = await tx
      .insert(suggestions)
      .values({ bulletinId, revision: bulletin.version, authorId: user.id, field: input.field, fromOffset: input.from, toOffset: input.to, deleted, inserted: insert })
      .returning();
    // Someone else reviewed this text: the writer's next save starts a new revision.
    await sealRevisions(tx, bulletinId);
    await recordEvent(tx, { bulletinId, actorId: user.id, action: "suggest", revision: bulletin.version, detail: { suggestionId: row!.id, field: input.field } });
    return present(row!, user.name, null);
  });
}

/**
 * Accepts (`accept`) or rejects suggestions: `ids`, or every open one when null.
 * Accepted ones are applied together in one new revision that records them; one whose
 * text no longer matches is marked outdated instead, never applied blindly, and so is
 * one that overlaps a suggestion accepted with it. An outdated one named by id may be
 * rejected (dismissed from the panel), never accepted.
 */
export async function decideSuggestions(
  db: Database,
  user: Pick<User, "id" | "role"> & PolicyUser,
  bulletinId: number,
  decision: "accept" | "reject",
  ids: number[] | null,
): Promise<{ suggestions: Suggestion[]; bulletin: BulletinRow }> {
  // Refusing the one named suggestion as outdated happens after the commit, so that it stays marked so.
  let onlyOutdated = false;
  const result = await db.transaction(async (tx) => {
    const bulletin = await loadBulletin(tx, user, bulletinId, "decide_suggestion", { forUpdate: true });
    const decidable: SuggestionRow["status"][] = decision === "reject" && ids ? ["open", "outdated"] : ["open"];
    const open = await tx
      .select()
      .from(suggestions)
      .where(and(eq(suggestions.bulletinId, bulletinId), inArray(suggestions.status, decidable), ...(ids ? [inArray(suggestions.id, ids)] : [])))
      // At one start, a replacement before an insertion there (which then goes in front of it, not over
      // its offsets); insertions at one point newest first, so they end up in the order they were made.
      .orderBy(desc(suggestions.fromOffset), desc(suggestions.toOffset), desc(suggestions.id));
    if (ids) await refuseUnknown(tx, bulletinId, ids, open);
    const now = new Date();
    if (decision === "reject") {
      if (open.length) {
        await tx.update(suggestions).set({ status: "rejected", decidedBy: user.id, decidedAt: now }).where(inArray(suggestions.id, open.map((s) => s.id)));
        await recordEvent(tx, { bulletinId, actorId: user.id, action: "reject_suggestions", revision: bulletin.version, detail: { suggestionIds: open.map((s) => s.id) } });
        await tellAboutSuggestions(tx, bulletin, user.id, "reject", open.map((s) => s.authorId));
      }
      return { suggestions: await listSuggestions(tx, bulletinId), bulletin };
    }

    // From the end of each field backwards, so each edit leaves the offsets of the next valid.
    let content = bulletin.content;
    const applied: number[] = [];
    const outdated: number[] = [];
    const refused: number[] = [];
    const taken = new Map<string, number>(); // field → the lowest offset already edited in it
    for (const suggestion of open) {
      const field = suggestion.field as ReviewField;
      const text = fieldText(content, field);
      const limit = taken.get(field) ?? Infinity;
      const stale = suggestion.revision !== bulletin.version || text === null || text.slice(suggestion.fromOffset, suggestion.toOffset) !== suggestion.deleted;
      if (stale || suggestion.toOffset > limit) {
        outdated.push(suggestion.id);
        continue;
      }
      try {
        content = editedContent(content, field, suggestion.fromOffset, suggestion.toOffset, suggestion.inserted);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        // Its passage is intact, but the field could not be saved with it (too long, say): it
        // stays open, and accepting it alone says why.
        if (ids) throw error;
        refused.push(suggestion.id);
        continue;
      }
      applied.push(suggestion.id);
      taken.set(field, suggestion.fromOffset);
    }
    if (outdated.length) await tx.update(suggestions).set({ status: "outdated" }).where(inArray(suggestions.id, outdated));
    if (applied.length) {
      await tx.update(suggestions).set({ status: "accepted", decidedBy: user.id, decidedAt: now }).where(inArray(suggestions.id, applied));
      const { version } = await writeRevision(tx, {
        current: bulletin, content, authorId: user.id, custodianId: custodianOf(user), kind: "sealed", appliedSuggestions: applied.sort((a, b) => a - b), now,
      });
      await tellAboutSuggestions(tx, bulletin, user.id, "accept", open.filter((s) => applied.includes(s.id)).map((s) => s.authorId));
      await recordEvent(tx, {
        bulletinId, actorId: user.id, action: "accept_suggestions", fromStatus: bulletin.status, toStatus: bulletin.status, revision: version,
        detail: { suggestionIds: applied, outdated, ...(refused.length ? { refused } : {}) },
      });
    } else if (ids && outdated.length) {
      onlyOutdated = true;
    }
    return { suggestions: await listSuggestions(tx, bulletinId), bulletin: (await findBulletin(tx, bulletinId))! };
  });
  if (onlyOutdated) {
    throw new DomainError("suggestion_outdated", "El texto de esta sugerencia cambió desde que se hizo; ya no se puede aplicar. Queda marcada como desactualizada.", null);
  }
  return result;
}

/** A suggestion named in the path must be this bulletin's and still open. */
async function refuseUnknown(tx: Transaction, bulletinId: number, ids: number[], open: SuggestionRow[]) {
  if (open.length === ids.length) return;
  const [row] = await tx.select({ status: suggestions.status }).from(suggestions).where(and(eq(suggestions.bulletinId, bulletinId), inArray(suggestions.id, ids)));
  if (!row) throw notFound("La sugerencia");
  const said = { accepted: "ya se aceptó", rejected: "ya se rechazó", outdated: "está desactualizada", open: "está abierta" }[row.status];
  throw new DomainError("invalid_transition", `Esta sugerencia ${said}.`, null);
}
