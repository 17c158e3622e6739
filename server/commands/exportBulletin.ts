import type { User } from "../../shared/api/schemas";
import type { Database } from "../db/client";
import { findBulletin, findRevision } from "../db/queries/bulletins";
import { recordEvent } from "../db/queries/events";
import { loadOrganizationProfile } from "../db/queries/organization";
import { DomainError, notFound } from "../errors";
import { renderDocx } from "../export/docx";
import { renderMarkdown } from "../export/markdown";
import { renderText } from "../export/text";
import { hashContent } from "../bulletin-hash";

export type ExportFormat = "docx" | "txt" | "md";

const CONTENT_TYPES: Record<ExportFormat, string> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  txt: "text/plain; charset=utf-8",
  md: "text/markdown; charset=utf-8",
};

/**
 * Renders a bulletin. An approved or published bulletin is exported from exactly
 * its approved revision (its hash is verified); anything else is a draft and says BORRADOR.
 */
export async function exportBulletin(
  db: Database,
  user: Pick<User, "id">,
  id: number,
  format: ExportFormat,
  requestedRevision?: number,
) {
  const bulletin = await findBulletin(db, id);
  if (!bulletin) throw notFound("El boletín");
  const bound = (bulletin.status === "approved" || bulletin.status === "published") && bulletin.approvedRevision !== null;
  const version = requestedRevision ?? (bound ? bulletin.approvedRevision! : bulletin.version);
  const revision = await findRevision(db, id, version);
  if (!revision) throw notFound(`La revisión ${version}`);
  const final = bound && version === bulletin.approvedRevision;
  if (final && hashContent(revision.content) !== bulletin.approvedHash) {
    throw new DomainError("internal", "La revisión aprobada no coincide con su huella; no se exporta.");
  }
  const organization = await loadOrganizationProfile(db);
  const options = { organization, draft: !final, revision: version, contentHash: revision.hash };
  const body =
    format === "docx"
      ? await renderDocx(revision.content, options)
      : Buffer.from(format === "txt" ? renderText(revision.content, options) : renderMarkdown(revision.content, options), "utf8");
  await recordEvent(db, { bulletinId: id, actorId: user.id, action: "export", revision: version, detail: { format, final } });
  const number = revision.content.number;
  const filename = final && number ? `boletin-${number.seq}-${number.year}.${format}` : `borrador-${id}.${format}`;
  return { body, filename, contentType: CONTENT_TYPES[format], revision: version };
}
