import { useCallback, useEffect, useState } from "react";
import { listOutbox, type Page } from "../../api/endpoints";
import { ApiError } from "../../api/http";
import type { OutboxItem } from "../../api/notification-types";
import { t, type MessageKey } from "../../i18n/es";
import { formatTimestamp } from "../../i18n/format";
import { Pager } from "../Pager";
import "../notifications/notifications.css";

const PAGE_SIZE = 25;
const STATUSES = ["pending", "sending", "sent", "failed", "kept"];

/** An outbox row's status in Spanish: `Falló` carries its error, `Enviado` its time. */
export function outboxStatusText(item: Pick<OutboxItem, "status" | "lastError" | "sentAt">): string {
  const name = STATUSES.includes(item.status) ? t(`outbox.status.${item.status}` as MessageKey) : item.status;
  if (item.status === "failed" && item.lastError) return `${name}: ${item.lastError}`;
  if (item.status === "sent" && item.sentAt) return `${name} · ${formatTimestamp(item.sentAt)}`;
  return name;
}

/** Correo saliente: every notification's e-mail and where it stands (admins). */
export function OutboxSection() {
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Page<OutboxItem> | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback((target: number) => {
    setError(null);
    listOutbox(target, PAGE_SIZE)
      .then(setData)
      .catch((failure: unknown) => setError(failure instanceof ApiError ? failure.message : t("errors.unexpected")));
  }, []);

  useEffect(() => load(page), [load, page]);

  return (
    <section className="panel" aria-labelledby="admin-correo">
      <h2 id="admin-correo">{t("outbox.title")}</h2>
      <p className="muted">{t("outbox.intro")}</p>
      <div className="form-actions">
        <button type="button" onClick={() => load(page)}>
          {t("outbox.reload")}
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {data && data.items.length === 0 && <p className="muted">{t("outbox.none")}</p>}
      {data && data.items.length > 0 && (
        <table className="outbox-table">
          <thead>
            <tr>
              <th scope="col">{t("outbox.created")}</th>
              <th scope="col">{t("outbox.to")}</th>
              <th scope="col">{t("outbox.subject")}</th>
              <th scope="col">{t("outbox.status")}</th>
              <th scope="col">{t("outbox.attempts")}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((item) => (
              <tr key={item.id}>
                <td>{formatTimestamp(item.createdAt)}</td>
                <td>{item.toAddress}</td>
                <td>
                  <details>
                    <summary>{item.subject}</summary>
                    <p className="outbox-body">{item.textBody}</p>
                  </details>
                </td>
                <td className={`outbox-status-${item.status}`}>{outboxStatusText(item)}</td>
                <td>{item.attempts}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data && <Pager page={page} pageSize={PAGE_SIZE} total={data.total} onPage={setPage} />}
    </section>
  );
}
