import { diffWordsWithSpace } from "diff";
import type { DiffPart } from "../../shared/api/schemas";
import type { Database } from "../db/client";
import { findRevision } from "../db/queries/bulletins";
import { loadOrganizationProfile } from "../db/queries/organization";
import { notFound } from "../errors";
import { renderText } from "../export/text";

/** Word-level diff of two revisions, on the text a reader sees (the plain-text export). */
export async function diffRevisions(db: Database, bulletinId: number, from: number, to: number) {
  const [older, newer] = await Promise.all([findRevision(db, bulletinId, from), findRevision(db, bulletinId, to)]);
  if (!older) throw notFound(`La revisión ${from}`);
  if (!newer) throw notFound(`La revisión ${to}`);
  const organization = await loadOrganizationProfile(db);
  const options = { organization, draft: false };
  const parts: DiffPart[] = diffWordsWithSpace(renderText(older.content, options), renderText(newer.content, options)).map(
    (change) => ({ kind: change.added ? "added" : change.removed ? "removed" : "same", text: change.value }),
  );
  return { from, to, parts };
}
