import { Link } from "react-router";
import type { ImportItem } from "../../../../shared/api/imports";
import { t } from "../../i18n/es";

/** One file of an upload: what the server answered, or why it never got there. */
export interface UploadRow {
  name: string;
  item?: ImportItem;
  error?: string;
}

/** `Importado`, `Por revisar`, `Rechazado: motivo`, `Ya estaba en el archivo (#id)`… */
export function resultLabel(item: ImportItem): string {
  if (item.result === "refused") return t("bulkImport.result.refused", { reason: item.reason ?? "" });
  if (item.result === "duplicate") return t("bulkImport.result.duplicate", { id: item.bulletinId ?? "" });
  return t(`bulkImport.result.${item.result}`);
}

export function ImportResultLine({ row }: { row: UploadRow }) {
  const kind = row.item?.result ?? "refused";
  const label = row.item ? resultLabel(row.item) : t("bulkImport.result.refused", { reason: row.error ?? "" });
  const bulletinId = row.item?.bulletinId ?? null;
  return (
    <li className={`import-result import-result-${kind}`}>
      <span className="import-file-name">{row.name}</span>
      <span className="import-result-label">{label}</span>
      {bulletinId !== null && kind !== "duplicate" && <Link to={`/archivo/${bulletinId}`}>{t("bulkImport.openBulletin", { id: bulletinId })}</Link>}
    </li>
  );
}
