import type { BulletinStatus } from "../../../shared/api/schemas";
import type { DatabaseOrTransaction } from "../client";
import { runStatement, type PreparedStatement } from "../prepared";

/** A comment's anchored passage, as carryReviewMarks moves it. */
export interface AnchoredComment {
  id: number;
  field: string;
  from: number;
  to: number;
}

/**
 * An autosave's writes in one round trip (the query builder's four statements cost more
 * than running them): the writer's open revision takes the text when it may (the
 * conditions of server/review/revisions.ts), the bulletin takes it, the `save` event is
 * recorded (`detail.folded` when the revision was extended), and the anchored comments are
 * read for carrying. The text travels once, as one parameter used twice.
 */
const AUTOSAVE: PreparedStatement = {
  name: "autosave_write",
  text: `WITH folded AS (
    UPDATE revisions SET version = $2, content = $3::jsonb, hash = $4, updated_at = $5::timestamptz
    WHERE bulletin_id = $1 AND version = $6 AND NOT sealed AND author_id = $7 AND custodian_id IS NOT DISTINCT FROM $8::integer
      AND status = $9 AND created_at > $10::timestamptz
    RETURNING version
  ), saved AS (
    UPDATE bulletins SET content = $3::jsonb, version = $2, updated_at = $5::timestamptz WHERE id = $1 RETURNING id
  ), event AS (
    INSERT INTO events (bulletin_id, actor_id, action, from_status, to_status, revision, detail)
    SELECT $1, $7, 'save', $9, $9, $2, CASE WHEN EXISTS (SELECT 1 FROM folded) THEN jsonb_build_object('folded', $6::integer) END
    FROM saved
  )
  SELECT (SELECT count(*) FROM folded)::integer AS folded, (SELECT count(*) FROM saved)::integer AS saved,
    coalesce((SELECT json_agg(json_build_object('id', c.id, 'field', c.anchor_field, 'from', c.anchor_from, 'to', c.anchor_to) ORDER BY c.id)
      FROM comments c WHERE c.bulletin_id = $1 AND c.anchor_field IS NOT NULL AND NOT c.outdated), '[]'::json) AS anchored`,
};

export interface AutosaveWrite {
  bulletinId: number;
  /** The version the bulletin has now (locked) and the one the save gives it. */
  currentVersion: number;
  version: number;
  /** The text, serialised once by the caller, and its hash. */
  contentJson: string;
  hash: string;
  authorId: number;
  custodianId: number | null;
  status: BulletinStatus;
  now: Date;
  /** An open revision begun before this is not extended. */
  foldCutoff: Date;
}

/** Writes an autosave (see AUTOSAVE); `folded`: the open revision took the text (otherwise the caller writes a new one). */
export async function writeAutosave(tx: DatabaseOrTransaction, write: AutosaveWrite): Promise<{ folded: boolean; anchored: AnchoredComment[] }> {
  const [row] = await runStatement(tx, AUTOSAVE, [
    write.bulletinId, write.version, write.contentJson, write.hash, write.now.toISOString(), write.currentVersion,
    write.authorId, write.custodianId, write.status, write.foldCutoff.toISOString(),
  ]);
  // The caller holds the row locked: it cannot have gone.
  if (!row || Number(row.saved) !== 1) throw new Error(`autosave of bulletin ${write.bulletinId} found no row`);
  return { folded: Number(row.folded) > 0, anchored: row.anchored as AnchoredComment[] };
}
