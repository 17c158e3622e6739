import type { DiffMode, DiffPart } from "../../../shared/api/schemas";
import { t } from "../i18n/es";

/** A word diff as read: added words underlined, removed ones struck through (parts already folded by diffRuns). */
export function DiffView({ parts, mode, label }: { parts: DiffPart[]; mode: DiffMode; label: string }) {
  if (mode === "too_large") {
    return (
      <div className="diff-side-by-side">
        {(["removed", "added"] as const).map((kind) => (
          <div key={kind} className="diff">
            {parts.find((part) => part.kind === kind)?.text ?? ""}
          </div>
        ))}
      </div>
    );
  }
  return (
    <>
      {mode !== "words" && (
        <p className="diff-notice" role="status">
          {t(mode === "lines" ? "review.tooManyChanges.lines" : "review.tooManyChanges.whole")}
        </p>
      )}
      <p className="diff-legend muted small">
        <ins>{t("review.added")}</ins> <del>{t("review.removed")}</del>
      </p>
      <div className="diff" aria-label={label}>
        {parts.map((part, index) =>
          part.kind === "added" ? (
            <ins key={index}>{part.text}</ins>
          ) : part.kind === "removed" ? (
            <del key={index}>{part.text}</del>
          ) : (
            <span key={index}>{part.text}</span>
          ),
        )}
      </div>
    </>
  );
}
