import { useRef, useState, type FormEvent } from "react";
import type { BulletinResource, CheckResult } from "../../../shared/api/schemas";
import { formatNumber } from "../../../shared/bulletin/number";
import { transitionBulletin, type TransitionAction } from "../api/endpoints";
import { createDistribution, retractBulletin } from "../api/distributions";
import { applyChange } from "../api/queries";
import { useQueryClient } from "@tanstack/react-query";
import { ApiError } from "../api/http";
import { fieldElementId } from "../editor/field-checks";
import { t, type MessageKey } from "../i18n/es";
import { Dialog } from "./Dialog";
import { ReviewerPicker } from "./notifications/ReviewerPicker";
import { ApprovalDialog, DeleteDialog, PublishDialog } from "./WorkflowDialogs";

/**
 * Where the blocking checks are, in one line: each is beside its field and in the side
 * panel already, so the top bar does not grow with a copy of the list.
 */
function BlockingPointer({ checks }: { checks: CheckResult[] }) {
  const first = checks.map((check) => fieldElementId(check.field)).find((id) => id && document.getElementById(id));
  return (
    <p>
      {t("checks.seeFields")}{" "}
      {first && (
        <button type="button" className="link-button" onClick={() => document.getElementById(first)?.focus()}>
          {t("checks.goToFirst")}
        </button>
      )}
    </p>
  );
}

const ACTIONS: Array<[TransitionAction, MessageKey]> = [
  ["submit", "actions.submit"],
  ["withdraw", "actions.withdraw"],
  ["request_changes", "actions.request_changes"],
  ["approve", "actions.approve"],
  ["publish", "actions.publish"],
  ["reopen", "actions.reopen"],
  ["correct", "actions.correct"],
];


/** The blocking checks in a `checks_failed` error's details. */
function blockingChecks(details: unknown): CheckResult[] {
  const checks = (details as { checks?: unknown } | undefined)?.checks;
  return Array.isArray(checks) ? (checks as CheckResult[]).filter((check) => typeof check?.message === "string") : [];
}

/**
 * Why the user's role may not act now, each reason once. A deleted draft says it in its
 * banner; taking a bulletin back is the author's own move, so a reviewer is not told they may not.
 */
function refusalLines(resource: BulletinResource): string[] {
  if (resource.deletedAt) return [];
  const reasons = Object.entries(resource.refusals)
    .filter(([action]) => action !== "withdraw")
    .map(([, reason]) => reason);
  return [...new Set(reasons)];
}

/** Actions that open a dialog first: the reviewer's request, and the two that cannot be undone. */
type Confirming = "request_changes" | "approve" | "publish" | "delete" | "correct" | "retract";

/**
 * The workflow buttons the server allows now (`allowedActions`), and their outcome.
 * `Aprobar`, `Publicar` and `Eliminar borrador` (ability `delete`) are confirmed in a dialog.
 */
export function WorkflowActions({ resource, beforeTransition, onTransition, onDelete }: {
  resource: BulletinResource;
  /** Saves pending edits first; false stops the transition. */
  beforeTransition: () => Promise<boolean>;
  onTransition: (resource: BulletinResource) => void;
  /** Deletes the draft (throws with the server's message); the page leaves afterwards. */
  onDelete: () => Promise<void>;
}) {
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState<TransitionAction | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [blocking, setBlocking] = useState<CheckResult[]>([]);
  const [confirming, setConfirmingState] = useState<Confirming | null>(null);
  /** `Revisión a cargo de`: none is `Cualquier revisor`; sent again after changes, those asked last time. */
  const [reviewerIds, setReviewerIds] = useState<number[]>(() => resource.reviewers.map((reviewer) => reviewer.id));
  /** The version on screen when the confirmation opened: the decision is about that text, even if a newer one arrives behind the dialog. */
  const readVersion = useRef<number | null>(null);
  function setConfirming(next: Confirming | null) {
    readVersion.current = next === null ? null : resource.version;
    setConfirmingState(next);
  }
  /** The last refusal, read by the dialogs right after `run` resolves (state lags a render). */
  const errorRef = useRef<string | null>(null);
  const available = ACTIONS.filter(([action]) => resource.allowedActions.includes(action));

  async function run(action: TransitionAction, comment?: string): Promise<boolean> {
    setBusy(action);
    errorRef.current = null;
    setError(null);
    setBlocking([]);
    setMessage(null);
    try {
      if (!(await beforeTransition())) {
        // Offline, the save could not go: say so rather than "wait for Guardado".
        setError(navigator.onLine === false ? t("errors.offline") : t("actions.unsaved"));
        return false;
      }
      // A decision on the text (approve, request changes, publish) is about the version on screen:
      // if the author accepted a suggestion meanwhile, the server refuses it and sends the new text.
      const decides = action === "approve" || action === "request_changes" || action === "publish";
      const asked = action === "submit" ? reviewerIds : undefined;
      const next = await transitionBulletin(resource.id, action, comment, decides ? (readVersion.current ?? resource.version) : undefined, asked);
      onTransition(next);
      setMessage(
        action === "approve" && next.number
          ? t("actions.done.approve", { number: formatNumber(next.number) })
          : t(`actions.done.${action}`),
      );
      return true;
    } catch (failure) {
      const current = failure instanceof ApiError && failure.code === "version_conflict" ? (failure.details as { current?: BulletinResource } | null)?.current : undefined;
      // The newer text goes on screen, with the server's reason: read it before deciding.
      if (current) {
        onTransition(current);
        // The new text is now on screen, with the reason: deciding again is about it.
        if (readVersion.current !== null) readVersion.current = current.version;
      }
      const checks = failure instanceof ApiError && failure.code === "checks_failed" ? blockingChecks(failure.details) : [];
      // The server lists every blocking check; say how many and show them one per line.
      const refusal =
        checks.length > 0
          ? checks.length === 1
            ? t("actions.blockingOne")
            : t("actions.blockingCount", { count: checks.length })
          : failure instanceof ApiError
            ? failure.message
            : t("errors.unexpected");
      errorRef.current = checks.length > 0 ? `${refusal} ${checks.map((check) => check.message).join(" ")}` : refusal;
      setBlocking(checks);
      setError(refusal);
      return false;
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="workflow-actions" role="group" aria-label={t("actions.label")}>
      {refusalLines(resource).map((reason) => (
        <p key={reason} className="muted small workflow-refusal">
          {reason}
        </p>
      ))}
      {available.map(([action, label]) => [
        action === "submit" && (
          <ReviewerPicker key="reviewer" authorId={resource.authorId} value={reviewerIds} onChange={setReviewerIds} disabled={busy !== null} />
        ),
        <button
          key={action}
          type="button"
          className={action === "approve" || action === "submit" || action === "publish" ? "button-primary" : undefined}
          disabled={busy !== null}
          aria-busy={busy === action}
          onClick={() => {
            setError(null);
            setBlocking([]);
            if (action === "request_changes" || action === "approve" || action === "publish" || action === "correct") setConfirming(action);
            else void run(action);
          }}
        >
          {t(label)}
        </button>,
      ])}
      {resource.abilities.includes("distribute") && resource.status === "published" && !resource.withdrawn && (
        <button type="button" className="button-danger-quiet" disabled={busy !== null} onClick={() => setConfirming("retract")}>
          {t("retract.button")}
        </button>
      )}
      {resource.abilities.includes("delete") && !resource.deletedAt && (
        <button type="button" className="button-danger-quiet" disabled={busy !== null} onClick={() => setConfirming("delete")}>
          {t("actions.delete")}
        </button>
      )}
      <p className="action-message" aria-live="polite">
        {message}
      </p>
      {error && !confirming && (
        <div className="form-error workflow-error" role="alert">
          <p>{error}</p>
          {blocking.length > 0 && <BlockingPointer checks={blocking} />}
        </div>
      )}
      {confirming === "request_changes" && (
        <NoteDialog
          texts={REQUEST_CHANGES_TEXTS}
          onClose={() => setConfirming(null)}
          onSend={async (comment) => {
            if (await run("request_changes", comment)) setConfirming(null);
          }}
          error={error}
        />
      )}
      {confirming === "correct" && (
        <NoteDialog
          texts={CORRECT_TEXTS}
          onClose={() => setConfirming(null)}
          onSend={async (comment) => {
            if (await run("correct", comment)) setConfirming(null);
          }}
          error={error}
        />
      )}
      {confirming === "retract" && (
        <NoteDialog
          texts={RETRACT_TEXTS}
          danger
          onClose={() => setConfirming(null)}
          onSend={async (note) => {
            setError(null);
            try {
              onTransition(await retractBulletin(resource.id, note));
              setMessage(t("retract.done"));
              setConfirming(null);
            } catch (failure) {
              setError(failure instanceof ApiError ? failure.message : t("errors.unexpected"));
            }
          }}
          error={error}
        />
      )}
      {confirming === "approve" && (
        <ApprovalDialog
          resource={resource}
          onClose={() => setConfirming(null)}
          onApprove={async () => {
            if (await run("approve")) setConfirming(null);
            else throw new Error(errorRef.current ?? t("errors.unexpected"));
          }}
        />
      )}
      {confirming === "publish" && (
        <PublishDialog
          resource={resource}
          onClose={() => setConfirming(null)}
          onPublish={async (distribution) => {
            if (!(await run("publish"))) throw new Error(errorRef.current ?? t("errors.unexpected"));
            setConfirming(null);
            if (!distribution) return;
            // Published already: a refused sending is said on the page, where `Distribuir` can try again.
            try {
              await createDistribution(resource.id, distribution);
              await applyChange(queryClient, resource.id, "distribute");
              setMessage(t("publish.doneAndDistributed"));
            } catch (failure) {
              setError(t("publish.distributionFailed", { message: failure instanceof ApiError ? failure.message : t("errors.unexpected") }));
            }
          }}
        />
      )}
      {confirming === "delete" && (
        <DeleteDialog
          title={resource.title}
          onClose={() => setConfirming(null)}
          onDelete={async () => {
            if (!(await beforeTransition())) throw new Error(t("actions.unsaved"));
            await onDelete();
          }}
        />
      )}
    </div>
  );
}

interface NoteTexts {
  title: MessageKey;
  intro?: MessageKey;
  label: MessageKey;
  required: MessageKey;
  send: MessageKey;
}
const REQUEST_CHANGES_TEXTS: NoteTexts = { title: "requestChanges.title", label: "requestChanges.comment", required: "requestChanges.required", send: "requestChanges.send" };
const CORRECT_TEXTS: NoteTexts = { title: "correct.title", intro: "correct.intro", label: "correct.note", required: "correct.required", send: "correct.send" };
const RETRACT_TEXTS: NoteTexts = { title: "retract.title", intro: "retract.intro", label: "retract.note", required: "retract.required", send: "retract.send" };

/** A confirmation that needs a few words: what to change, what a correction corrects, why it is withdrawn. */
function NoteDialog({ texts, danger, onClose, onSend, error }: {
  texts: NoteTexts;
  danger?: boolean;
  onClose: () => void;
  onSend: (comment: string) => Promise<void>;
  error: string | null;
}) {
  const [comment, setComment] = useState("");
  const [missing, setMissing] = useState(false);
  const [sending, setSending] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!comment.trim()) {
      setMissing(true);
      return;
    }
    setSending(true);
    await onSend(comment.trim());
    setSending(false);
  }

  return (
    <Dialog title={t(texts.title)} onClose={onClose}>
      <form onSubmit={onSubmit} noValidate>
        {texts.intro && <p className="muted small">{t(texts.intro)}</p>}
        <label className="field">
          <span>{t(texts.label)}</span>
          <textarea
            rows={5}
            required
            value={comment}
            aria-invalid={missing || undefined}
            aria-describedby="nota-error"
            onChange={(event) => {
              setComment(event.target.value);
              setMissing(false);
            }}
          />
        </label>
        <p id="nota-error" className="form-error" role="alert">
          {missing ? t(texts.required) : error}
        </p>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t("dialog.cancel")}
          </button>
          <button type="submit" className={danger ? "button-danger" : "button-primary"} disabled={sending}>
            {t(texts.send)}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
