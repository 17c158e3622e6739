import "./distribution.css";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Distribution, RecipientStatus } from "../../../../shared/api/distributions";
import { officeTimeLong } from "../../../../shared/distribution/mexico-time";
import { cancelDistribution, resendFailed, useDistributions } from "../../api/distributions";
import { ApiError } from "../../api/http";
import { applyChange, queryErrorMessage } from "../../api/queries";
import { t, type MessageKey } from "../../i18n/es";

const STATUS_ORDER: RecipientStatus[] = ["sent", "pending", "failed", "bounced", "unsubscribed", "cancelled"];

/** `pendiente`, `enviado`, `fallido`, `rebotado`, `baja`, `cancelado`. */
const statusLabel = (status: RecipientStatus): string => t(`delivery.status.${status}` as MessageKey);

/** `Programado para las 10:00 h del …`, `Enviado el …`, `Cancelado`. */
function headline(item: Distribution): string {
  const kind = item.kind === "correction" ? t("delivery.kind.correction") : item.kind === "withdrawal" ? t("delivery.kind.withdrawal") : "";
  const when = officeTimeLong(new Date(item.sendAt));
  const state =
    item.status === "cancelled"
      ? t("delivery.cancelled")
      : item.status === "scheduled" && Date.parse(item.sendAt) > Date.now()
        ? t("delivery.scheduled", { when })
        : item.status === "sent"
          ? t("delivery.sent", { when })
          : t("delivery.sending", { when });
  return kind ? `${kind} · ${state}` : state;
}

/**
 * The delivery log in the side panel (`Distribución`): each sending with its lists, its counts
 * by status, `Cancelar envío` while it has not started, `Reenviar a los fallidos`, and every
 * recipient with their status.
 */
export function DistributionsPanel({ bulletinId, canDistribute }: { bulletinId: number; canDistribute: boolean }) {
  const client = useQueryClient();
  const log = useDistributions(bulletinId);
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const items = log.data ?? [];
  if (!canDistribute && items.length === 0) return null;

  async function act(distributionId: number, action: (id: number, distributionId: number) => Promise<unknown>) {
    setBusy(distributionId);
    setError(null);
    try {
      await action(bulletinId, distributionId);
      await applyChange(client, bulletinId, "distribute");
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : t("errors.unexpected"));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="panel distributions-panel" aria-labelledby="distribucion-titulo">
      <h2 id="distribucion-titulo">{t("delivery.title")}</h2>
      {queryErrorMessage(log.error, t("errors.unexpected")) && <p className="form-error">{queryErrorMessage(log.error, t("errors.unexpected"))}</p>}
      {log.data && items.length === 0 && <p className="muted">{t("delivery.none")}</p>}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <ol className="distribution-list">
        {items.map((item) => {
          const kept = item.recipients.some((recipient) => recipient.kept);
          return (
            <li key={item.id} className={`distribution distribution-${item.status}`}>
              <p className="distribution-head">
                <strong>{headline(item)}</strong>
              </p>
              <p className="small muted">
                {t("delivery.to", { lists: item.lists.map((list) => list.name).join(", "), name: item.createdBy.name })}
              </p>
              {item.embargoUntil && <p className="small embargo-line">{t("delivery.embargo", { when: officeTimeLong(new Date(item.embargoUntil)) })}</p>}
              <p className="delivery-counts small">
                {STATUS_ORDER.filter((status) => (item.counts[status] ?? 0) > 0)
                  .map((status) => `${item.counts[status]} ${statusLabel(status)}`)
                  .join(" · ")}
              </p>
              {kept && <p className="small muted">{t("delivery.kept")}</p>}
              {canDistribute && (
                <div className="distribution-actions">
                  {item.status === "scheduled" && (
                    <button type="button" disabled={busy !== null} onClick={() => void act(item.id, cancelDistribution)}>
                      {t("delivery.cancel")}
                    </button>
                  )}
                  {(item.counts.failed ?? 0) > 0 && (
                    <button type="button" disabled={busy !== null} onClick={() => void act(item.id, resendFailed)}>
                      {t("delivery.resend")}
                    </button>
                  )}
                </div>
              )}
              <details>
                <summary>{t("delivery.recipients", { count: item.recipients.length })}</summary>
                <table className="delivery-table">
                  <thead>
                    <tr>
                      <th scope="col">{t("delivery.col.who")}</th>
                      <th scope="col">{t("delivery.col.status")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {item.recipients.map((recipient) => (
                      <tr key={recipient.id}>
                        <td>
                          {recipient.name || recipient.email}
                          {recipient.outlet && <span className="muted"> · {recipient.outlet}</span>}
                          <br />
                          <span className="small muted">{recipient.email}</span>
                        </td>
                        <td>
                          <span className={`delivery-status delivery-${recipient.status}`}>{statusLabel(recipient.status)}</span>
                          {recipient.error && <span className="small muted delivery-error"> {recipient.error}</span>}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
