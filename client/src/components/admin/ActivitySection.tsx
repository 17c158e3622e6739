import { useCallback, useEffect, useState } from "react";
import { roleSchema, type AuditEvent } from "../../../../shared/api/schemas";
import { listOfficeEvents, type Page } from "../../api/endpoints";
import { ApiError } from "../../api/http";
import { t, type MessageKey } from "../../i18n/es";
import { formatTimestamp } from "../../i18n/format";
import { Pager } from "../Pager";

const PAGE_SIZE = 25;

type Detail = Record<string, unknown>;
const text = (detail: Detail, key: string) => (typeof detail[key] === "string" || typeof detail[key] === "number" ? String(detail[key]) : "—");
const roleName = (value: unknown) => (roleSchema.safeParse(value).success ? t(`role.${value as "author"}`) : String(value));

/** One event of the office's trail as a Spanish sentence (who is in its own column). */
export function describeOfficeEvent(event: AuditEvent): string {
  const detail: Detail = event.detail ?? {};
  switch (event.action) {
    case "sign_in":
    case "sign_out":
      return t(`activity.${event.action}`, { address: text(detail, "address") });
    case "sign_in_failed": {
      const reason = ["unknown_account", "wrong_password", "disabled"].includes(String(detail.reason)) ? String(detail.reason) : "wrong_password";
      return t(`activity.sign_in_failed.${reason}` as MessageKey, { email: text(detail, "email"), address: text(detail, "address") });
    }
    case "end_sessions":
      return t("activity.end_sessions", { email: text(detail, "email"), count: text(detail, "endedSessions") });
    case "create_user":
      return t("activity.create_user", { email: text(detail, "email"), role: roleName(detail.role) });
    case "update_user": {
      const changes: string[] = [];
      if (detail.role !== undefined) changes.push(t("activity.change.role", { from: roleName(detail.previousRole), to: roleName(detail.role) }));
      if (detail.disabled === true) changes.push(t("activity.change.disabled"));
      if (detail.disabled === false) changes.push(t("activity.change.enabled"));
      if (detail.passwordChanged) changes.push(t("activity.change.password"));
      if (typeof detail.name === "string") changes.push(t("activity.change.name", { name: detail.name }));
      if (typeof detail.endedSessions === "number") changes.push(t("activity.change.sessions", { count: detail.endedSessions }));
      return t("activity.update_user", { email: typeof detail.email === "string" ? detail.email : `#${text(detail, "userId")}`, changes: changes.join(", ") || "—" });
    }
    case "update_organization":
      return t("activity.update_organization");
    case "create_template":
      return t("activity.create_template", { template: text(detail, "templateId"), bulletin: event.bulletinId ?? "—" });
    case "update_template":
    case "delete_template":
      return t(`activity.${event.action}`, { template: text(detail, "templateId") });
    case "reactivate_contact":
      return t("activity.reactivate_contact", { email: text(detail, "email"), from: detail.from === "bounced" ? t("media.status.bounced") : t("media.status.unsubscribed") });
    case "set_next_number":
      return t("activity.set_next_number", { year: text(detail, "year"), next: text(detail, "nextSeq"), previous: text(detail, "previousNextSeq") });
    default:
      return t("activity.other", { action: event.action });
  }
}

function actorOf(event: AuditEvent): string {
  if (event.actorName) return event.actorName;
  const via = event.detail?.via;
  return via === "cli" || via === "ADMIN_EMAIL" ? t("admin.activity.commandLine") : t("admin.activity.nobody");
}

/** Actividad: the audit trail of what is not one bulletin (users, sign-ins, sessions, profile, templates, numbering). */
export function ActivitySection() {
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Page<AuditEvent> | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback((target: number) => {
    setError(null);
    listOfficeEvents(target, PAGE_SIZE)
      .then(setData)
      .catch((failure: unknown) => setError(failure instanceof ApiError ? failure.message : t("errors.unexpected")));
  }, []);

  useEffect(() => load(page), [load, page]);

  return (
    <section className="panel" aria-labelledby="admin-actividad">
      <h2 id="admin-actividad">{t("admin.activity")}</h2>
      <p className="muted">{t("admin.activity.intro")}</p>
      <div className="form-actions">
        <button type="button" onClick={() => load(page)}>
          {t("admin.activity.refresh")}
        </button>
      </div>
      {data?.items.length === 0 && <p className="muted">{t("admin.activity.none")}</p>}
      {data && data.items.length > 0 && (
        <table className="bulletin-table activity-table">
          <thead>
            <tr>
              <th scope="col">{t("admin.activity.when")}</th>
              <th scope="col">{t("admin.activity.who")}</th>
              <th scope="col">{t("admin.activity.what")}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((event) => (
              <tr key={event.id}>
                <td>{formatTimestamp(event.createdAt)}</td>
                <td>{actorOf(event)}</td>
                <td>{describeOfficeEvent(event)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data && <Pager page={page} pageSize={PAGE_SIZE} total={data.total} onPage={setPage} />}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
