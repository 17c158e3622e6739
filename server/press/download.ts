import { CONTENT_TYPES, renderExport, type ExportFormat } from "../commands/exportBulletin";
import { hashApproval } from "../bulletin-hash";
import type { PublicBulletin } from "../db/queries/press";
import { DomainError } from "../errors";
import { downloadName } from "./pages";

/** What the public may download: the DOCX, and the PDF as soon as the exports know that format (asked at run time). */
export function publicFormats(): ExportFormat[] {
  return (["docx", "pdf"] as string[]).filter((format): format is ExportFormat => Object.hasOwn(CONTENT_TYPES, format));
}

/**
 * The final export of a public bulletin, rendered as the API's export of its approved
 * revision renders it: the profile of its approval, the approval's hash verified.
 * Null when there is nothing final to hand out: withdrawn, or a published revision that
 * is not the approved one (never bound by an approval's hash).
 */
export async function renderPublicDownload(bulletin: PublicBulletin, format: ExportFormat) {
  if (bulletin.withdrawnAt || bulletin.revision !== bulletin.approvedRevision || !bulletin.approvedProfile) return null;
  if (hashApproval(bulletin.content, bulletin.approvedProfile) !== bulletin.approvedHash) {
    throw new DomainError("integrity_error", "La revisión aprobada no coincide con su huella; no se exporta. Avisa a un administrador.");
  }
  const body = await renderExport(
    bulletin.content,
    { organization: bulletin.approvedProfile, draft: false, revision: bulletin.revision, contentHash: bulletin.contentHash, approvalHash: bulletin.approvedHash },
    format,
  );
  return { body, contentType: CONTENT_TYPES[format], filename: downloadName(bulletin.number, format) };
}
