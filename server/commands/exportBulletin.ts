import type { User } from "../../shared/api/schemas";
import type { Database } from "../db/client";
import { findRevision } from "../db/queries/bulletins";
import { recordEvent } from "../db/queries/events";
import { loadOrganizationProfile } from "../db/queries/organization";
import { DomainError, notFound } from "../errors";
import { loadBulletin } from "../policies/bulletin";
import { sealRevisions } from "../review/revisions";
import { renderOffThread } from "../export/render-pool";
import { renderMarkdown } from "../export/markdown";
import { renderText } from "../export/text";
import { hashApproval } from "../bulletin-hash";
import type { Bulletin } from "../../shared/bulletin/schema";
import type { ExportOptions } from "../export/options";

export type ExportFormat = "docx" | "pdf" | "txt" | "md";

/** The formats the exports know, with their content types (the public press page offers those it finds here). */
export const CONTENT_TYPES: Record<ExportFormat, string> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pdf: "application/pdf",
  txt: "text/plain; charset=utf-8",
  md: "text/markdown; charset=utf-8",
};

/**
 * The bytes of one export format: what the API's export, the public press page's downloads
 * and the e-mailed attachments all serve. `options.banner` (embargo, correction lines) is
 * printed first in every format. DOCX and PDF are drawn in the render pool's worker thread.
 */
export async function renderExport(content: Bulletin, options: ExportOptions, format: ExportFormat): Promise<Buffer> {
  if (format === "docx" || format === "pdf") return renderOffThread(format, content, options);
  return Buffer.from(format === "txt" ? renderText(content, options) : renderMarkdown(content, options), "utf8");
}

/**
 * Renders a bulletin. An approved or published bulletin is exported from exactly
 * its approved revision and the organisation profile of its approval (their hash
 * is verified); anything else is a draft, says BORRADOR and uses today's profile.
 */
export async function exportBulletin(
  db: Database,
  user: Pick<User, "id" | "role">,
  id: number,
  format: ExportFormat,
  requestedRevision?: number,
  extra: Pick<ExportOptions, "banner"> = {},
) {
  // What to render, read with the row locked: an exported text has left the app, so it is sealed (no
  // later autosave folds into it) before anyone can fold over it. The rendering itself runs unlocked.
  const { bulletin, version, revision, bound } = await db.transaction(async (tx) => {
    const bulletin = await loadBulletin(tx, user, id, "export", { forUpdate: true });
    const bound = (bulletin.status === "approved" || bulletin.status === "published") && bulletin.approvedRevision !== null;
    const version = requestedRevision ?? (bound ? bulletin.approvedRevision! : bulletin.version);
    if (version === bulletin.version) await sealRevisions(tx, id);
    const revision = await findRevision(tx, id, version);
    if (!revision) throw notFound(`La revisión ${version}`);
    return { bulletin, version, revision, bound };
  });
  const final = bound && version === bulletin.approvedRevision;
  const organization = final ? bulletin.approvedProfile : await loadOrganizationProfile(db);
  if (final && (!organization || hashApproval(revision.content, organization) !== bulletin.approvedHash)) {
    throw new DomainError("integrity_error", "La revisión aprobada no coincide con su huella; no se exporta. Avisa a un administrador.");
  }
  const options: ExportOptions = {
    ...extra,
    organization: organization!,
    draft: !final,
    revision: version,
    contentHash: revision.hash,
    ...(final ? { approvalHash: bulletin.approvedHash! } : {}),
  };
  const body = await renderExport(revision.content, options, format);
  await recordEvent(db, { bulletinId: id, actorId: user.id, action: "export", revision: version, detail: { format, final } });
  const number = revision.content.number;
  const filename = final && number ? `boletin-${number.seq}-${number.year}.${format}` : `borrador-${id}.${format}`;
  return { body, filename, contentType: CONTENT_TYPES[format], revision: version };
}
