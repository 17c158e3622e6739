import type { Organization } from "../../shared/organization";

/** What every exporter needs besides the bulletin itself. */
export interface ExportOptions {
  /** Letterhead, label, closing mark and link-section labels of the office. */
  organization: Organization;
  /** True for a bulletin that is not approved: every export then says BORRADOR. */
  draft: boolean;
  /** The revision the export is bound to, written into the DOCX properties. */
  revision?: number;
  /** Hash of the exported content, written into the DOCX properties. */
  contentHash?: string;
  /** A final export: the approval's hash (content and organisation profile), written into the DOCX properties. */
  approvalHash?: string;
  /**
   * Lines printed prominently above everything else (`EMBARGADO HASTA las 10:00 h del
   * miércoles 25 de septiembre de 2024 (hora del centro de México)`, `CORRECCIÓN`), in every format.
   * Each is one line: line breaks become spaces, blank lines are left out.
   */
  banner?: readonly string[];
}
