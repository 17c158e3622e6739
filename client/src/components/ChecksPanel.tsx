import type { CheckResult } from "../../../shared/api/schemas";
import { fieldElementId, groupPlaceholderChecks } from "../editor/field-checks";
import { t } from "../i18n/es";

/** The server's editorial checks from the latest save, blocking ones first. */
export function ChecksPanel({ checks, editable }: { checks: CheckResult[]; editable: boolean }) {
  const sorted = groupPlaceholderChecks(checks).sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "blocking" ? -1 : 1));
  return (
    <section className="panel" aria-labelledby="panel-revision-editorial">
      <h2 id="panel-revision-editorial">{t("checks.title")}</h2>
      {sorted.length === 0 ? (
        <p className="muted">{t("checks.none")}</p>
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
