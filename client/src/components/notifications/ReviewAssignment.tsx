import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { BulletinResource } from "../../../../shared/api/schemas";
import { may } from "../../../../shared/policies/office";
import { assignReviewers } from "../../api/endpoints";
import { ApiError } from "../../api/http";
import { applyChange } from "../../api/queries";
import { t } from "../../i18n/es";
import { formatTimestamp } from "../../i18n/format";
import { Dialog } from "../Dialog";
import { useUser } from "../Session";
import { ReviewerChecklist, reviewerSummary, usePrunedChoice } from "./ReviewerPicker";

/**
 * Who reviews a bulletin in review: `Revisión a cargo de Raúl Revisor (lo pidió Ana Autora,
 * 1 dic 2026, 10:02)` or `Cualquier revisor`. A reviewer or admin may `Tomar revisión` (be the
 * one asked) or `Pasar revisión…` to others. Who is asked never changes who may approve.
 */
export function ReviewAssignment({ resource }: { resource: BulletinResource }) {
  const user = useUser();
  const client = useQueryClient();
  const [handing, setHanding] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (resource.status !== "in_review" || resource.deletedAt) return null;

  const reviewers = resource.reviewers;
  const mayAssign = may(user, "bulletins.review");
  const mayTake = mayAssign && user.id !== resource.authorId && !(reviewers.length === 1 && reviewers[0]!.id === user.id);
  // Who asked, when one person asked them all at once (each reviewer's own line would crowd the bar).
  const first = reviewers.every((reviewer) => reviewer.assignedById === reviewers[0]?.assignedById) ? reviewers[0] : undefined;

  async function assign(userIds: number[]): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      await applyChange(client, resource.id, "assign", await assignReviewers(resource.id, userIds));
      return true;
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : t("errors.unexpected"));
      return false;
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="review-assignment" role="group" aria-label={t("reviewers.label")}>
      <p className="small">
        {t("reviewers.label")} <strong>{reviewerSummary(reviewers.map((reviewer) => reviewer.name))}</strong>
        {first && (first.assignedById === first.id || first.assignedByName) && (
          <span className="muted">
            {" "}
            {first.assignedById === first.id
              ? t("reviewers.took", { date: formatTimestamp(first.assignedAt) })
              : t("reviewers.askedBy", { name: first.assignedByName ?? "", date: formatTimestamp(first.assignedAt) })}
          </span>
        )}
      </p>
      {mayTake && (
        <button type="button" disabled={busy} onClick={() => void assign([user.id])}>
          {t("reviewers.take")}
        </button>
      )}
      {mayAssign && (
        <button type="button" className="link-button" disabled={busy} onClick={() => setHanding(true)}>
          {t("reviewers.hand")}
        </button>
      )}
      {error && !handing && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {handing && (
        <HandReviewDialog
          resource={resource}
          busy={busy}
          error={error}
          onClose={() => {
            setHanding(false);
            setError(null);
          }}
          onHand={async (userIds) => {
            if (await assign(userIds)) setHanding(false);
          }}
        />
      )}
    </div>
  );
}

function HandReviewDialog({ resource, busy, error, onClose, onHand }: {
  resource: BulletinResource;
  busy: boolean;
  error: string | null;
  onClose: () => void;
  onHand: (userIds: number[]) => Promise<void>;
}) {
  const [chosen, setChosen] = useState(() => resource.reviewers.map((reviewer) => reviewer.id));
  const { people } = usePrunedChoice(resource.authorId, chosen, setChosen);
  return (
    <Dialog title={t("reviewers.handTitle")} onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void onHand(chosen);
        }}
      >
        <fieldset className="reviewer-hand">
          <legend>{t("reviewers.label")}</legend>
          <ReviewerChecklist authorId={resource.authorId} value={chosen} onChange={setChosen} disabled={busy} people={people} />
        </fieldset>
        <p className="muted small">{t("reviewers.handNote")}</p>
        <p className="form-error" role="alert">
          {error}
        </p>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t("dialog.cancel")}
          </button>
          <button type="submit" className="button-primary" disabled={busy}>
            {t("reviewers.handSend")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
