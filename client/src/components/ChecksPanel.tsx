import type { CheckResult } from "../../../shared/api/schemas";
import { fieldElementId, groupPlaceholderChecks } from "../editor/field-checks";
import { summarizeChecks } from "../editor/checks-summary";
import { t, type MessageKey } from "../i18n/es";

const counted = (count: number, one: MessageKey, many: MessageKey) => (count === 1 ? t(one) : t(many, { count }));

/**
 * While the sheet is editable each check is shown beside its field, so the panel is the
 * summary: per field, how many (`Titular — 1 bloqueante`) and `Ir al campo`; a check with
 * no field on the sheet keeps its whole message here.
 */
function ChecksSummaryList({ checks }: { checks: CheckResult[] }) {
  const summary = summarizeChecks(checks);
  return (
    <>
      <p className="checks-totals">
        {[
          summary.blocking > 0 && counted(summary.blocking, "checks.blockingOne", "checks.blockingMany"),
          summary.warnings > 0 && counted(summary.warnings, "checks.warningOne", "checks.warningMany"),
        ]
          .filter(Boolean)
          .join(" · ")}
      </p>
      <ul className="check-list">
        {summary.rows.map((row, index) => (
          <li key={`${row.field ?? "general"}-${index}`} className={`check check-${row.blocking > 0 ? "blocking" : "warning"}`}>
            <span className="check-severity">{row.blocking > 0 ? t("checks.blocking") : t("checks.warning")}</span>{" "}
            {row.label ? (
              <>
                <strong>{row.label}</strong>
                {" — "}
                {[
                  row.blocking > 0 && counted(row.blocking, "checks.blockingOne", "checks.blockingMany"),
                  row.warnings > 0 && counted(row.warnings, "checks.warningOne", "checks.warningMany"),
                ]
                  .filter(Boolean)
                  .join(", ")}
              </>
            ) : (
              row.message
            )}
            {row.target && (
              <button type="button" className="link-button" onClick={() => document.getElementById(row.target!)?.focus()}>
                {t("checks.goToField")}
              </button>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

/** The server's editorial checks from the latest save, blocking ones first. */
export function ChecksPanel({ checks, editable }: { checks: CheckResult[]; editable: boolean }) {
  const sorted = groupPlaceholderChecks(checks).sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "blocking" ? -1 : 1));
  return (
    <section className="panel" aria-labelledby="panel-revision-editorial">
      <h2 id="panel-revision-editorial">{t("checks.title")}</h2>
      {sorted.length === 0 ? (
        <p className="muted">{t("checks.none")}</p>
      ) : editable ? (
        <ChecksSummaryList checks={checks} />
      ) : (
        <ul className="check-list">
          {sorted.map((check, index) => {
            const target = editable ? fieldElementId(check.field) : null;
            return (
              <li key={`${check.code}-${index}`} className={`check check-${check.severity}`}>
                <span className="check-severity">
                  {check.severity === "blocking" ? t("checks.blocking") : t("checks.warning")}
                </span>{" "}
                {check.message}
                {target && (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => document.getElementById(target)?.focus()}
                  >
                    {t("checks.goToField")}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {editable && <p className="muted small">{t("checks.afterSave")}</p>}
    </section>
  );
}
