import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import type { ImportBatch, ImportItem } from "../../../shared/api/imports";
import { may } from "../../../shared/policies/office";
import { loadImport } from "../api/imports";
import { ApiError } from "../api/http";
import { ImportResultLine } from "../components/import/ImportResultLine";
import { ReviewItem } from "../components/import/ReviewItem";
import { useUser } from "../components/Session";
import { formatTimestamp } from "../i18n/format";
import { t } from "../i18n/es";
import "../components/import/import.css";

/** The import review screen: each file the importer was unsure of, its fields beside its text, until a person decides them all. */
export default function ImportReviewPage() {
  const user = useUser();
  const batchId = Number(useParams().id);
  const [batch, setBatch] = useState<ImportBatch | null>(null);
  const [error, setError] = useState<string | null>(null);

  const allowed = may(user, "archive.import");
  useEffect(() => {
    if (!allowed) return;
    loadImport(batchId)
      .then(setBatch)
      .catch((failure: unknown) => setError(failure instanceof ApiError ? failure.message : t("errors.unexpected")));
  }, [allowed, batchId]);

  if (!allowed) {
    return (
      <section className="page">
        <p className="form-error">{t("bulkImport.forbidden")}</p>
      </section>
    );
  }

  function decided(item: ImportItem) {
    setBatch((current) => current && { ...current, items: current.items.map((each) => (each.id === item.id ? item : each)) });
  }

  const waiting = batch?.items.filter((item) => item.result === "needs_review") ?? [];
  const done = batch?.items.filter((item) => item.result !== "needs_review") ?? [];
  return (
    <section className="page import-page">
      <h1>{t("bulkImport.reviewTitle")}</h1>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {!batch && !error && <p className="loading">{t("app.loading")}</p>}
      {batch && (
        <>
          <p className="muted">
            {t("bulkImport.batchBy", { name: batch.createdBy.name, date: formatTimestamp(batch.createdAt) })} · {t("bulkImport.reviewHelp")}
          </p>
          <p role="status" aria-live="polite">
            {waiting.length > 0 ? t("bulkImport.pending", { count: waiting.length }) : t("bulkImport.allDone")}
          </p>
          {waiting.length === 0 && (
            <p>
              <Link className="button-primary button-link" to="/archivo">
                {t("bulkImport.toArchive")}
              </Link>{" "}
              <Link to="/importar">{t("bulkImport.another")}</Link>
            </p>
          )}
          {waiting.map((item) => (
            <ReviewItem key={item.id} item={item} onDecided={decided} />
          ))}
          {done.length > 0 && (
            <>
              <h2>{t("bulkImport.decided")}</h2>
              <ol className="import-results" aria-label={t("bulkImport.decided")}>
                {done.map((item) => (
                  <ImportResultLine key={item.id} row={{ name: item.fileName, item }} />
                ))}
              </ol>
            </>
          )}
        </>
      )}
    </section>
  );
}
