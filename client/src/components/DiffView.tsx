import type { DiffMode, DiffPart } from "../../../shared/api/schemas";
import { t } from "../i18n/es";

/**
 * A word diff as read: added words underlined, removed ones struck through (parts already
 * folded by diffRuns). Too many changes (`too_large`): the two texts side by side, captioned
 * with their revisions.
 */
export function DiffView({ parts, mode, label, versions }: {
  parts: DiffPart[];
  mode: DiffMode;
  label: string;
  versions: [number | null, number];
}) {
  const notice = mode !== "words" && (
    <p className="diff-notice" role="status">
      {t(mode === "lines" ? "review.tooManyChanges.lines" : "review.tooManyChanges.whole")}
    </p>
  );
  if (mode === "too_large") {
    return (
      <>
        {notice}
        <div className="diff-side-by-side">
          {(["removed", "added"] as const).map((kind, index) => (
            <figure key={kind}>
              <figcaption>{t("history.revision", { version: versions[index] ?? "" })}</figcaption>
              <div className="diff">{parts.find((part) => part.kind === kind)?.text ?? ""}</div>
            </figure>
          ))}
        </div>
      </>
    );
  }
  return (
    <>
      {notice}
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
