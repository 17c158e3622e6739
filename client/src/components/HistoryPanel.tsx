import type { AuditEvent, RevisionSummary } from "../../../shared/api/schemas";
import { t, type MessageKey } from "../i18n/es";
import { formatTimestamp } from "../i18n/format";

const EVENT_KEYS: Record<string, MessageKey> = {
  create: "history.event.create",
  created: "history.event.create",
  submit: "history.event.submit",
  request_changes: "history.event.request_changes",
  approve: "history.event.approve",
  publish: "history.event.publish",
  reopen: "history.event.reopen",
  edit: "history.event.edit",
  update: "history.event.edit",
  save: "history.event.edit",
  comment: "history.event.comment",
  resolve_comment: "history.event.resolve_comment",
  reopen_comment: "history.event.reopen_comment",
  export: "history.event.export",
  import: "history.event.import",
  create_template: "history.event.create_template",
};

function describeEvent(event: AuditEvent): string {
  const key = EVENT_KEYS[event.action];
  return key ? t(key) : t("history.event.other", { action: event.action.replace(/_/g, " ") });
}

/** Revisions (each save) and movements (the audit log) of the bulletin. */
export function HistoryPanel({ revisions, events, error }: {
  revisions: RevisionSummary[] | null;
  events: AuditEvent[] | null;
  error: string | null;
}) {
  return (
    <section className="panel" aria-labelledby="panel-historial">
      <h2 id="panel-historial">{t("history.title")}</h2>
      {error && <p className="form-error">{error}</p>}
      <details open>
        <summary>{t("history.revisions")}</summary>
        {revisions && revisions.length === 0 && <p className="muted">{t("history.none")}</p>}
        <ol className="history-list" reversed>
          {[...(revisions ?? [])].reverse().map((revision) => (
            <li key={revision.version}>
              <strong>{t("history.revision", { version: revision.version })}</strong>{" "}
              {t("history.by", { name: revision.authorName })} · {formatTimestamp(revision.createdAt)} ·{" "}
              {t(`status.${revision.status}`)}
            </li>
          ))}
        </ol>
      </details>
      <details open>
        <summary>{t("history.events")}</summary>
        {events && events.length === 0 && <p className="muted">{t("history.none")}</p>}
        <ol className="history-list">
          {[...(events ?? [])].reverse().map((event) => (
            <li key={event.id}>
              <strong>{event.actorName ?? "—"}</strong> {describeEvent(event)}
              {event.fromStatus && event.toStatus && event.fromStatus !== event.toStatus && (
                <span className="muted">
                  {" "}
                  ({t("history.transition", { from: t(`status.${event.fromStatus}`), to: t(`status.${event.toStatus}`) })})
                </span>
              )}
              {event.revision !== null && <span className="muted"> · {t("history.revision", { version: event.revision })}</span>}
              <br />
              <span className="muted small">{formatTimestamp(event.createdAt)}</span>
            </li>
          ))}
        </ol>
      </details>
    </section>
  );
}
