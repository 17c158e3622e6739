import { useEffect, useState } from "react";
import { Link } from "react-router";
import type { ImportBatchSummary } from "../../../../shared/api/imports";
import { listImports } from "../../api/imports";
import { formatTimestamp } from "../../i18n/format";
import { t } from "../../i18n/es";

/** Earlier imports with files still waiting for a person: a way back to their review screen. */
export function PendingImports() {
  const [batches, setBatches] = useState<ImportBatchSummary[]>([]);
  useEffect(() => {
    listImports()
      .then((items) => setBatches(items.filter((batch) => batch.needsReview > 0)))
      .catch(() => setBatches([]));
  }, []);
  if (batches.length === 0) return null;
  return (
    <section className="panel import-pending" aria-labelledby="importaciones-pendientes">
      <h2 id="importaciones-pendientes">{t("bulkImport.pendingBatches")}</h2>
      <ul>
        {batches.map((batch) => (
          <li key={batch.id}>
            <Link to={`/importar/${batch.id}`}>{t("bulkImport.batchBy", { name: batch.createdBy.name, date: formatTimestamp(batch.createdAt) })}</Link>
            {" · "}
            {t("bulkImport.pendingCount", { count: batch.needsReview, total: batch.total })}
          </li>
        ))}
      </ul>
    </section>
  );
}
