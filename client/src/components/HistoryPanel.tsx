import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { AuditEvent, RevisionSummary } from "../../../shared/api/schemas";
import type { BulletinNumber } from "../../../shared/bulletin/schema";
import type { Organization } from "../../../shared/organization";
import { getDiff, getRevision } from "../api/endpoints";
import { bulletinKeys, queryErrorMessage } from "../api/queries";
import { ReadOnlySheet } from "../editor/ReadOnlySheet";
import { t, type MessageKey } from "../i18n/es";
import { formatTimestamp } from "../i18n/format";
import { Dialog } from "./Dialog";
import { diffRuns } from "./diff-runs";
import { DiffView } from "./DiffView";

const EVENT_KEYS: Record<string, MessageKey> = {
  create: "history.event.create",
  created: "history.event.create",
  submit: "history.event.submit",
  withdraw: "history.event.withdraw",
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
  delete: "history.event.delete",
  undelete: "history.event.restore",
  reply: "history.event.reply",
  accept_suggestions: "history.event.accept_suggestions",
  reject_suggestions: "history.event.reject_suggestions",
  restore_revision: "history.event.restore_revision",
  suggest: "history.event.suggest",
  assign_reviewers: "history.event.assign_reviewers",
  correct: "history.event.correct",
  distribute: "history.event.distribute",
  distribute_correction: "history.event.distribute_correction",
  distribute_withdrawal: "history.event.distribute_withdrawal",
  cancel_distribution: "history.event.cancel_distribution",
  resend_distribution: "history.event.resend_distribution",
  retract: "history.event.retract",
};

function describeEvent(event: AuditEvent): string {
  const key = EVENT_KEYS[event.action];
  // An action this client does not know yet: a neutral phrase, never the code's English words.
  return key ? t(key) : t("history.event.other");
}

/**
 * Revisions (one per editing session) and movements (the audit log) of the bulletin.
 * A revision opens as it would print, with its word changes against the one before;
 * `Restaurar esta versión` makes a new revision with its content.
 */
export function HistoryPanel({ bulletinId, revisions, events, error, currentVersion, number, organization, canRestore, restoreHint = null, onRestore }: {
  bulletinId: number;
  revisions: RevisionSummary[] | undefined;
  events: AuditEvent[] | undefined;
  error: string | null;
  currentVersion: number;
  number: BulletinNumber | null;
  organization: Organization;
  canRestore: boolean;
  /** Why `Restaurar esta versión` is not offered, when the user could get it (withdraw first). */
  restoreHint?: string | null;
  /** Resolves with the sentence to announce; throws with the server's Spanish message. */
  onRestore: (version: number) => Promise<string>;
}) {
  const [opened, setOpened] = useState<number | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const ordered = revisions ?? [];
  /**
   * The revision that holds `version` now: one person's autosaves fold into one revision, which
   * takes the number of its last save, so an earlier save's number belongs to it.
   */
  const holding = (version: number) => ordered.find((revision) => revision.version >= version)?.version ?? version;
  const previous = (version: number) => {
    const index = ordered.findIndex((revision) => revision.version === version);
    return index > 0 ? ordered[index - 1]!.version : null;
  };

  return (
    <section className="panel" aria-labelledby="panel-historial">
      <h2 id="panel-historial">{t("history.title")}</h2>
      {error && <p className="form-error">{error}</p>}
      <p className="action-message" aria-live="polite">
        {message}
      </p>
      <details open>
        <summary>{t("history.revisions")}</summary>
        {revisions && revisions.length === 0 && <p className="muted">{t("history.none")}</p>}
        {revisions && revisions.length > 0 && <p className="muted small">{t("history.foldNote")}</p>}
        <ol className="history-list" reversed>
          {[...ordered].reverse().map((revision) => (
            <li key={revision.version}>
              <button
                type="button"
                className="link-button"
                aria-label={t("history.open", { version: revision.version })}
                onClick={() => setOpened(revision.version)}
              >
                <strong>{t("history.revision", { version: revision.version })}</strong>
              </button>
              {revision.version === currentVersion && <span className="muted"> ({t("history.current")})</span>}{" "}
              {t("history.by", { name: revision.authorName })} · {formatTimestamp(revision.updatedAt ?? revision.createdAt)} ·{" "}
              {t(`status.${revision.status}`)}
              {revision.restoredFrom !== null && revision.restoredFrom !== undefined && (
                <>
                  <br />
                  <span className="small">{t("history.restoredFrom", { version: revision.restoredFrom })}</span>
                </>
              )}
              {(revision.appliedSuggestions?.length ?? 0) > 0 && (
                <>
                  <br />
                  <span className="small">{t("history.appliedSuggestions")}</span>
                </>
              )}
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
              {event.revision !== null && <span className="muted"> · {t("history.revision", { version: holding(event.revision) })}</span>}
              <br />
              <span className="muted small">{formatTimestamp(event.createdAt)}</span>
            </li>
          ))}
        </ol>
      </details>
      {opened !== null && (
        <RevisionDialog
          bulletinId={bulletinId}
          version={opened}
          previous={previous(opened)}
          number={number}
          organization={organization}
          canRestore={canRestore && opened !== currentVersion}
          restoreHint={opened !== currentVersion ? restoreHint : null}
          onRestore={async () => {
            const done = await onRestore(opened);
            setOpened(null);
            setMessage(done);
          }}
          onClose={() => setOpened(null)}
        />
      )}
    </section>
  );
}

function RevisionDialog({ bulletinId, version, previous, number, organization, canRestore, restoreHint, onRestore, onClose }: {
  bulletinId: number;
  version: number;
  previous: number | null;
  number: BulletinNumber | null;
  organization: Organization;
  canRestore: boolean;
  restoreHint: string | null;
  onRestore: () => Promise<void>;
  onClose: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const revision = useQuery({
    queryKey: [...bulletinKeys.part(bulletinId, "revisions"), version],
    queryFn: () => getRevision(bulletinId, version),
  });
  const diff = useQuery({
    queryKey: [...bulletinKeys.part(bulletinId, "revisions"), "diff", previous, version],
    queryFn: () => getDiff(bulletinId, previous!, version),
    enabled: previous !== null,
  });
  const loadError = queryErrorMessage(revision.error ?? diff.error, t("errors.unexpected"));
  const parts = diff.data ? (diff.data.mode === "too_large" ? diff.data.parts : diffRuns(diff.data.parts)) : null;

  async function restore() {
    setBusy(true);
    setFailure(null);
    try {
      await onRestore();
    } catch (caught) {
      setFailure(caught instanceof Error ? caught.message : t("errors.unexpected"));
      setBusy(false);
    }
  }

  return (
    <Dialog title={t("history.viewTitle", { version })} onClose={onClose} className="dialog-wide">
      {revision.data && (
        <p className="muted">
          {t("history.by", { name: revision.data.authorName })} · {formatTimestamp(revision.data.updatedAt ?? revision.data.createdAt)} ·{" "}
          {t(`status.${revision.data.status}`)}
          {revision.data.restoredFrom != null && ` · ${t("history.restoredFrom", { version: revision.data.restoredFrom })}`}
        </p>
      )}
      {canRestore && (
        <div className="dialog-actions dialog-actions-top">
          <button type="button" className="button-primary" disabled={busy || !revision.data} onClick={() => void restore()}>
            {t("history.restore")}
          </button>
        </div>
      )}
      {!canRestore && restoreHint && <p className="muted small">{restoreHint}</p>}
      {failure && (
        <p className="form-error" role="alert">
          {failure}
        </p>
      )}
      {loadError && (
        <p className="form-error" role="alert">
          {loadError}
        </p>
      )}
      <div className="revision-view">
        {/* Focus starts on the text, not on Restaurar: Enter alone never restores. */}
        <section aria-label={t("history.viewTitle", { version })} tabIndex={-1} data-autofocus>
          {revision.isPending && <p role="status">{t("history.loading")}</p>}
          {revision.data && (
            <ReadOnlySheet
              bulletin={revision.data.content}
              number={revision.data.content.number ?? number}
              organization={organization}
              numberPending={!revision.data.content.number}
            />
          )}
        </section>
        <section className="revision-changes" aria-labelledby="revision-cambios">
          <h3 id="revision-cambios">
            {previous === null ? t("history.firstRevision") : t("history.changesAgainst", { version: previous })}
          </h3>
          {parts && !parts.some((part) => part.kind !== "same") && <p>{t("history.noChanges")}</p>}
          {parts && diff.data && parts.some((part) => part.kind !== "same") && (
            <DiffView
              parts={parts}
              mode={diff.data.mode}
              label={t("history.changesAgainst", { version: previous ?? "" })}
              versions={[previous, version]}
            />
          )}
        </section>
      </div>
    </Dialog>
  );
}
