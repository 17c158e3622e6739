import { and, eq, gt, inArray, isNotNull, isNull, ne, sql } from "drizzle-orm";
import type { Bulletin } from "../../shared/bulletin/schema";
import { carrier, carryRange } from "../../shared/review/mapping";
import type { ReviewField } from "../../shared/review/fields";
import { hashContent } from "../bulletin-hash";
import type { DatabaseOrTransaction } from "../db/client";
import { writeAutosave, type AnchoredComment } from "../db/queries/autosave";
import { searchColumns, type BulletinRow } from "../db/queries/bulletins";
import { bulletins, comments, revisions, suggestions } from "../db/schema";

/**
 * The one way a bulletin's text changes: a save, an accepted suggestion, a restore.
 * It writes the content and its search columns, the revision (a new one, or the
 * writer's open one extended: see `FOLD_WINDOW_MS`), and carries every open suggestion
 * and comment anchor to the new text. Always inside the command's transaction, with
 * the bulletin row locked.
 */

/** An open revision keeps absorbing its writer's saves this long after it began. */
export const FOLD_WINDOW_MS = 10 * 60 * 1000;

export interface RevisionWrite {
  current: BulletinRow;
  content: Bulletin;
  authorId: number;
  custodianId: number | null;
  /** `autosave`: may extend the writer's open revision; anything else starts a sealed one. */
  kind: "autosave" | "sealed";
  appliedSuggestions?: number[];
  restoredFrom?: number;
  now?: Date;
  /** The caller refreshes the search columns after commit (an autosave: server/commands/indexDraft.ts). */
  deferSearch?: boolean;
}

/** Writes the new text and returns its version, whether it extended the open revision, and how many open suggestions it outdated. */
export async function writeRevision(tx: DatabaseOrTransaction, write: RevisionWrite): Promise<{ version: number; folded: boolean; outdatedSuggestions: number }> {
  const { current, content } = write;
  const now = write.now ?? new Date();
  const version = current.version + 1;
  const hash = hashContent(content);
  // The same editing session (the writer's open revision, unsealed, same status, begun within
  // FOLD_WINDOW_MS): its revision takes the new text under the new version (If-Match still
  // names one text), keeping when the session began. Asked and done in one statement.
  const folded =
    write.kind === "autosave" &&
    (
      await tx
        .update(revisions)
        .set({ version, content, hash, updatedAt: now })
        .where(
          and(
            eq(revisions.bulletinId, current.id),
            eq(revisions.version, current.version),
            eq(revisions.sealed, false),
            eq(revisions.authorId, write.authorId),
            write.custodianId === null ? isNull(revisions.custodianId) : eq(revisions.custodianId, write.custodianId),
            eq(revisions.status, current.status),
            gt(revisions.createdAt, new Date(now.getTime() - FOLD_WINDOW_MS)),
          ),
        )
        .returning({ version: revisions.version })
    ).length > 0;

  await tx.update(bulletins).set({ content, version, updatedAt: now, ...(write.deferSearch ? {} : searchColumns(content)) }).where(eq(bulletins.id, current.id));
  if (!folded) await newRevision(tx, write, version, hash, now);
  const { outdatedSuggestions } = await carryReviewMarks(tx, current.id, current.content, content, version, { openSuggestions: current.openSuggestions });
  return { version, folded, outdatedSuggestions };
}

/** Seals the open revision and starts the one holding the new text. */
async function newRevision(tx: DatabaseOrTransaction, write: RevisionWrite, version: number, hash: string, now: Date): Promise<void> {
  await sealRevisions(tx, write.current.id);
  await tx.insert(revisions).values({
    bulletinId: write.current.id,
    version,
    content: write.content,
    hash,
    authorId: write.authorId,
    custodianId: write.custodianId,
    status: write.current.status,
    sealed: write.kind === "sealed",
    appliedSuggestions: write.appliedSuggestions ?? [],
    restoredFrom: write.restoredFrom ?? null,
    createdAt: now,
    updatedAt: now,
  });
}

/**
 * An autosave: what writeRevision does for `kind: "autosave"` with the search deferred, plus
 * the `save` event in the audit trail, with the fold, the bulletin, the event and the
 * anchored comments in one statement (server/db/queries/autosave.ts). A new revision, when
 * the open one may not be extended, is the only extra round trip.
 */
export async function writeAutosaveRevision(
  tx: DatabaseOrTransaction,
  write: Omit<RevisionWrite, "kind" | "deferSearch" | "appliedSuggestions" | "restoredFrom"> & { now: Date },
): Promise<{ version: number; folded: boolean; outdatedSuggestions: number }> {
  const { current, content, now } = write;
  const version = current.version + 1;
  const hash = hashContent(content);
  const { folded, anchored } = await writeAutosave(tx, {
    bulletinId: current.id,
    currentVersion: current.version,
    version,
    contentJson: JSON.stringify(content),
    hash,
    authorId: write.authorId,
    custodianId: write.custodianId,
    status: current.status,
    now,
    foldCutoff: new Date(now.getTime() - FOLD_WINDOW_MS),
  });
  if (!folded) await newRevision(tx, { ...write, kind: "autosave" }, version, hash, now);
  const known = { openSuggestions: current.openSuggestions, anchoredComments: anchored };
  const { outdatedSuggestions } = await carryReviewMarks(tx, current.id, current.content, content, version, known);
  return { version, folded, outdatedSuggestions };
}

/** Seals a bulletin's open revision: nobody's next save extends it. */
export async function sealRevisions(tx: DatabaseOrTransaction, bulletinId: number): Promise<void> {
  await tx.update(revisions).set({ sealed: true }).where(and(eq(revisions.bulletinId, bulletinId), eq(revisions.sealed, false)));
}

/**
 * Seals the current revision when someone other than its writer looks at it: from
 * then on it is text somebody has seen, so it stays in the history as it was.
 */
export async function sealSeenBy(db: DatabaseOrTransaction, bulletin: Pick<BulletinRow, "id" | "version">, viewerId: number): Promise<void> {
  await db
    .update(revisions)
    .set({ sealed: true })
    .where(and(eq(revisions.bulletinId, bulletin.id), eq(revisions.version, bulletin.version), eq(revisions.sealed, false), ne(revisions.authorId, viewerId)));
}

/**
 * Carries open suggestions and comment anchors from `before` to `after` (version
 * `version`): each moves with the edits around it; a suggestion whose text changed
 * becomes `outdated`; a comment whose passage was deleted becomes `outdated` too.
 */
export async function carryReviewMarks(
  tx: DatabaseOrTransaction,
  bulletinId: number,
  before: Bulletin,
  after: Bulletin,
  version: number,
  /**
   * What the caller read with the bulletin row locked (no suggestion or comment can be added
   * meanwhile): none open, nothing to ask; the anchored comments, not asked again.
   */
  known: { openSuggestions?: number; anchoredComments?: AnchoredComment[] } = {},
): Promise<{ outdatedSuggestions: number }> {
  const open =
    known.openSuggestions === 0
      ? []
      : await tx
          .select()
          .from(suggestions)
          .where(and(eq(suggestions.bulletinId, bulletinId), eq(suggestions.status, "open")));
  const cache = carrier(before, after);
  // One statement for all the moved ones, whatever their number: a save must not cost one per mark.
  const carriedSuggestions: Placed[] = [];
  const lostSuggestions: number[] = [];
  for (const suggestion of open) {
    const carried = carryRange(before, after, { field: suggestion.field as ReviewField, from: suggestion.fromOffset, to: suggestion.toOffset }, "suggestion", cache);
    if (carried) carriedSuggestions.push({ id: suggestion.id, ...carried });
    else lostSuggestions.push(suggestion.id);
  }
  if (carriedSuggestions.length) {
    await tx.execute(sql`UPDATE ${suggestions} AS s SET field = v.field, from_offset = v.from_offset, to_offset = v.to_offset, revision = ${version}
      FROM (VALUES ${placedValues(carriedSuggestions)}) AS v(id, field, from_offset, to_offset) WHERE s.id = v.id`);
  }
  if (lostSuggestions.length) await tx.update(suggestions).set({ status: "outdated", revision: version }).where(inArray(suggestions.id, lostSuggestions));
  const anchored =
    known.anchoredComments ??
    (await tx
      .select({ id: comments.id, field: comments.anchorField, from: comments.anchorFrom, to: comments.anchorTo })
      .from(comments)
      .where(and(eq(comments.bulletinId, bulletinId), isNotNull(comments.anchorField), eq(comments.outdated, false))));
  const lost: number[] = [];
  const moved: Placed[] = [];
  for (const comment of anchored) {
    const carried = carryRange(before, after, { field: comment.field as ReviewField, from: comment.from!, to: comment.to! }, "passage", cache);
    if (!carried) {
      lost.push(comment.id);
      continue;
    }
    if (carried.field !== comment.field || carried.from !== comment.from || carried.to !== comment.to) moved.push({ id: comment.id, ...carried });
  }
  if (moved.length) {
    await tx.execute(sql`UPDATE ${comments} AS c SET anchor_field = v.field, anchor_from = v.from_offset, anchor_to = v.to_offset
      FROM (VALUES ${placedValues(moved)}) AS v(id, field, from_offset, to_offset) WHERE c.id = v.id`);
  }
  if (lost.length) await tx.update(comments).set({ outdated: true }).where(inArray(comments.id, lost));
  return { outdatedSuggestions: lostSuggestions.length };
}

interface Placed {
  id: number;
  field: string;
  from: number;
  to: number;
}

function placedValues(rows: readonly Placed[]) {
  return sql.join(rows.map((row) => sql`(${row.id}::integer, ${row.field}::text, ${row.from}::integer, ${row.to}::integer)`), sql`, `);
}
