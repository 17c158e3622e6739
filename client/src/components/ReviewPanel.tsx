import { useEffect, useState } from "react";
import type { AuditEvent, DiffMode, DiffPart, RevisionSummary } from "../../../shared/api/schemas";
import { getDiff } from "../api/endpoints";
import { ApiError } from "../api/http";
import { t } from "../i18n/es";
import { diffRuns } from "./diff-runs";
import { DiffView } from "./DiffView";
import { defaultDiffStart } from "./history";

/**
 * Word-level diff between two revisions; by default from the last reviewed one to the current.
 * When the server found too many changes it says so, and shows whole paragraphs or the two texts.
 */
export function ReviewPanel({ bulletinId, currentVersion, revisions, events }: {
  bulletinId: number;
  currentVersion: number;
  revisions: RevisionSummary[];
  events: AuditEvent[];
}) {
  const start = defaultDiffStart(events, revisions);
  const [from, setFrom] = useState<number | null>(start?.version ?? null);
  const [to, setTo] = useState<number>(currentVersion);
  const [parts, setParts] = useState<DiffPart[] | null>(null);
  const [mode, setMode] = useState<DiffMode>("words");
  const [error, setError] = useState<string | null>(null);

  useEffect(() => setTo(currentVersion), [currentVersion]);

  useEffect(() => {
    if (from === null) return;
    let live = true;
    setParts(null);
    setError(null);
    getDiff(bulletinId, from, to)
      .then((diff) => {
        if (!live) return;
        setMode(diff.mode);
        setParts(diff.mode === "too_large" ? diff.parts : diffRuns(diff.parts));
      })
      .catch((failure: unknown) => live && setError(failure instanceof ApiError ? failure.message : t("errors.unexpected")));
    return () => {
      live = false;
    };
  }, [bulletinId, from, to]);

  const versions = revisions.map((revision) => revision.version);
  const changed = parts?.some((part) => part.kind !== "same");

  return (
    <section className="panel review-panel" aria-labelledby="panel-cambios">
      <h2 id="panel-cambios">{t("review.title")}</h2>
      {start && (
        <p className="muted">
          {start.reviewed ? t("review.sinceLast", { version: start.version }) : t("review.sinceFirst")}
        </p>
      )}
      <div className="review-range">
        <label className="inline-field">
          <span>{t("review.from")}</span>
          <select value={from ?? ""} onChange={(event) => setFrom(Number(event.target.value))}>
            {versions.map((version) => (
              <option key={version} value={version}>
                {t("history.revision", { version })}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>{t("review.to")}</span>
          <select value={to} onChange={(event) => setTo(Number(event.target.value))}>
            {versions.map((version) => (
              <option key={version} value={version}>
                {t("history.revision", { version })}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {!parts && !error && <p aria-live="polite">{t("review.loading")}</p>}
      {parts && !changed && <p>{t("review.noChanges")}</p>}
      {parts && changed && (
        <DiffView parts={parts} mode={mode} label={t("review.title")} versions={[from, to]} />
      )}
    </section>
  );
}
