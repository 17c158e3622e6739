import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { Link } from "react-router";
import { listNotifications, markNotificationsRead } from "../../api/endpoints";
import type { Notification } from "../../api/notification-types";
import { queryErrorMessage } from "../../api/queries";
import { t } from "../../i18n/es";
import { formatTimestamp } from "../../i18n/format";
import { EmailPreference, useEmailPreference } from "./EmailPreference";
import "./notifications.css";

/** The bell's query key; a mark-read refetches it. */
export const notificationKeys = { all: ["notifications"] as const };

const POLL_MS = 30_000;

/** One's own notifications, polled every 30 s (the bell's count and its panel). */
export function useNotifications() {
  return useQuery({ queryKey: notificationKeys.all, queryFn: () => listNotifications(), refetchInterval: POLL_MS });
}

/**
 * The top bar's bell: the unread count, and a panel with each notification linking to its
 * bulletin, `Marcar todo como leído`, and the `Recibir avisos por correo` preference.
 */
export function Bell() {
  const client = useQueryClient();
  const { data, error } = useNotifications();
  const [open, setOpen] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [emailOn, setEmailOn] = useEmailPreference();
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const unread = data?.unread ?? 0;

  // Escape or a click elsewhere closes the panel.
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [open]);

  async function markRead(ids?: number[]) {
    setFailure(null);
    try {
      await markNotificationsRead(ids);
    } catch (caught) {
      setFailure(queryErrorMessage(caught, t("errors.unexpected")));
    }
    await client.invalidateQueries({ queryKey: notificationKeys.all });
  }

  /** Going to the bulletin reads what the bell said about it: every unread notice of that bulletin. */
  function follow(item: Notification) {
    setOpen(false);
    const ids = (data?.items ?? []).filter((each) => each.bulletinId === item.bulletinId && !each.readAt).map((each) => each.id);
    if (ids.length > 0) void markRead(ids);
  }

  return (
    <div className="bell" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="button-quiet bell-button"
        aria-label={unread > 0 ? t("bell.label", { count: unread }) : t("bell.labelNone")}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => {
          setOpen(!open);
          if (!open) void client.invalidateQueries({ queryKey: notificationKeys.all });
        }}
      >
        <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
          <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
        {unread > 0 && (
          <span className="bell-count" aria-hidden="true">
            {unread > 99 ? "99+" : unread}
          </span>
        )}
      </button>
      {open && (
        <section id={panelId} className="bell-panel" aria-label={t("bell.title")}>
          <header className="bell-panel-header">
            <h2>{t("bell.title")}</h2>
            <button type="button" className="link-button" disabled={unread === 0} onClick={() => void markRead()}>
              {t("bell.markAll")}
            </button>
          </header>
          {error && !data && <p className="form-error">{queryErrorMessage(error, t("bell.loadError"))}</p>}
          {failure && (
            <p className="form-error" role="alert">
              {failure}
            </p>
          )}
          {data && data.items.length === 0 && <p className="muted">{t("bell.none")}</p>}
          {data && data.items.length > 0 && (
            <ol className="bell-list">
              {data.items.map((item) => (
                <li key={item.id} className={item.readAt ? "bell-item" : "bell-item is-unread"}>
                  <p className="bell-text">{item.text}</p>
                  <p className="muted small">
                    {item.actorName ? t("bell.by", { name: item.actorName, date: formatTimestamp(item.createdAt) }) : formatTimestamp(item.createdAt)}
                  </p>
                  {item.bulletinId !== null && (
                    <Link to={`/boletines/${item.bulletinId}`} onClick={() => follow(item)}>
                      {item.bulletinTitle || t("bell.untitled")}
                    </Link>
                  )}
                </li>
              ))}
            </ol>
          )}
          <footer className="bell-panel-footer">
            <EmailPreference checked={emailOn} onSaved={setEmailOn} />
          </footer>
        </section>
      )}
    </div>
  );
}
