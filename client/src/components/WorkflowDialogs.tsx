import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { BulletinResource } from "../../../shared/api/schemas";
import type { BulletinNumber } from "../../../shared/bulletin/schema";
import { getApprovalPreview } from "../api/endpoints";
import { bulletinKeys, queryErrorMessage } from "../api/queries";
import { t } from "../i18n/es";
import { Dialog } from "./Dialog";
import { useContactLists, type DistributionChoice } from "../api/distributions";
import { choiceOf, DistributionFields, draftProblem, EMPTY_DRAFT } from "./distribution/DistributionFields";

/** `494/2026`: the number as written after `No.` in a sentence. */
const numberText = (number: BulletinNumber) => `${number.seq}/${number.year}`;

/** The two buttons under a confirmation, and the server's refusal above them. */
function ConfirmActions({ label, danger, busy, error, onConfirm, onClose, disabled }: {
  label: string;
  danger?: boolean;
  busy: boolean;
  error: string | null;
  onConfirm: () => void;
  onClose: () => void;
  disabled?: boolean;
}) {
  return (
    <>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        {/* A destructive action starts on Cancelar: Enter alone never deletes. */}
        <button type="button" onClick={onClose} data-autofocus={danger || undefined}>
          {t("dialog.cancel")}
        </button>
        <button
          type="button"
          className={danger ? "button-danger" : "button-primary"}
          disabled={busy || disabled}
          aria-busy={busy}
          onClick={onConfirm}
          data-autofocus={!danger || undefined}
        >
          {label}
        </button>
      </div>
    </>
  );
}

/** Runs `action` once, showing its Spanish refusal; the caller closes the dialog on success. */
function useConfirm(action: () => Promise<unknown>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : t("errors.unexpected"));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, confirm };
}

/**
 * `Aprobar`, confirmed: the number it will take (`Se asignará el No. 494/2026.`), what is
 * still open (a warning: the reviewer may approve anyway) and the checks.
 * `onApprove` throws with the server's message when the approval is refused.
 */
export function ApprovalDialog({ resource, onApprove, onClose }: {
  resource: BulletinResource;
  onApprove: () => Promise<void>;
  onClose: () => void;
}) {
  const preview = useQuery({
    queryKey: [...bulletinKeys.resource(resource.id), "approval-preview", resource.version],
    queryFn: () => getApprovalPreview(resource.id),
    // Only while approving is possible: once approved, the refetch that follows would be refused.
    enabled: resource.status === "in_review" && resource.allowedActions.includes("approve"),
    staleTime: 0,
    gcTime: 0,
  });
  const { busy, error, confirm } = useConfirm(onApprove);
  const data = preview.data;
  const loadError = queryErrorMessage(preview.error, t("errors.unexpected"));
  const blocking = data?.checks.filter((check) => check.severity === "blocking") ?? [];
  const warnings = data?.checks.filter((check) => check.severity === "warning") ?? [];
  return (
    <Dialog title={t("approve.title")} onClose={onClose}>
      {preview.isPending && <p role="status">{t("approve.loading")}</p>}
      {loadError && (
        <p className="form-error" role="alert">
          {loadError}
        </p>
      )}
      {data && (
        <>
          <p className="approval-number">
            <strong>
              {data.keepsNumber
                ? t("approve.keepsNumber", { number: numberText(data.number) })
                : t("approve.number", { number: numberText(data.number) })}
            </strong>
          </p>
          {(data.openThreads > 0 || data.openSuggestions > 0) && (
            <div className="banner banner-warning" role="status">
              {data.openThreads > 0 && (
                <p>{data.openThreads === 1 ? t("approve.openThreadsOne") : t("approve.openThreads", { count: data.openThreads })}</p>
              )}
              {data.openSuggestions > 0 && (
                <p>
                  {data.openSuggestions === 1
                    ? t("approve.openSuggestionsOne")
                    : t("approve.openSuggestions", { count: data.openSuggestions })}
                </p>
              )}
              <p className="small">{t("approve.stillMay")}</p>
            </div>
          )}
          <h3>{t("approve.checks")}</h3>
          {data.checks.length === 0 ? (
            <p className="muted">{t("approve.checksNone")}</p>
          ) : (
            <ul className="check-list">
              {[...blocking, ...warnings].map((check, index) => (
                <li key={`${check.code}-${index}`} className={`check check-${check.severity}`}>
                  <span className="check-severity">{check.severity === "blocking" ? t("checks.blocking") : t("checks.warning")}</span>{" "}
                  {check.message}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <ConfirmActions
        label={t("approve.send")}
        busy={busy}
        error={error}
        disabled={!data}
        onConfirm={() => void confirm()}
        onClose={onClose}
      />
    </Dialog>
  );
}

/** `Publicar`, confirmed: a published bulletin is final. */
/**
 * `Publicar`, confirmed; whoever may distribute can send it to media lists in the same
 * confirmation (publishing first, then the sending, two actions the audit trail keeps apart).
 */
export function PublishDialog({ resource, onPublish, onClose }: {
  resource: BulletinResource;
  /** The sending to do right after publishing, when one was chosen. */
  onPublish: (distribution: DistributionChoice | null) => Promise<void>;
  onClose: () => void;
}) {
  const canDistribute = resource.abilities.includes("distribute");
  const [also, setAlso] = useState(false);
  const [draft, setDraft] = useState(EMPTY_DRAFT);
  const lists = useContactLists(canDistribute && also).data;
  const problem = also ? draftProblem(draft) : null;
  const { busy, error, confirm } = useConfirm(() => (problem ? Promise.reject(new Error(problem)) : onPublish(also ? choiceOf(draft) : null)));
  return (
    <Dialog title={t("publish.title")} onClose={onClose} className={also ? "dialog-wide" : undefined}>
      <p>{t("publish.confirm", { number: resource.number ? numberText(resource.number) : "—" })}</p>
      {canDistribute && (
        <label className="inline-choice">
          <input type="checkbox" checked={also} disabled={busy} onChange={(event) => setAlso(event.target.checked)} />
          {t("distribute.alsoOnPublish")}
        </label>
      )}
      {also && <DistributionFields lists={lists} value={draft} onChange={setDraft} disabled={busy} />}
      <ConfirmActions label={also ? t("publish.sendAndDistribute") : t("publish.send")} busy={busy} error={error} onConfirm={() => void confirm()} onClose={onClose} />
    </Dialog>
  );
}

/** `Eliminar borrador`, confirmed (a soft delete an admin can undo). */
export function DeleteDialog({ title, onDelete, onClose }: { title: string; onDelete: () => Promise<void>; onClose: () => void }) {
  const { busy, error, confirm } = useConfirm(onDelete);
  return (
    <Dialog title={t("delete.title")} onClose={onClose}>
      <p>{t("delete.confirm", { title: title || t("list.untitled") })}</p>
      <ConfirmActions label={t("delete.send")} danger busy={busy} error={error} onConfirm={() => void confirm()} onClose={onClose} />
    </Dialog>
  );
}
