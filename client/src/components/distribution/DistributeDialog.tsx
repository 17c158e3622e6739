import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { BulletinResource } from "../../../../shared/api/schemas";
import { formatNumber } from "../../../../shared/bulletin/number";
import { createDistribution, useContactLists } from "../../api/distributions";
import { ApiError } from "../../api/http";
import { applyChange } from "../../api/queries";
import { t } from "../../i18n/es";
import { Dialog } from "../Dialog";
import { choiceOf, DistributionFields, draftProblem, EMPTY_DRAFT } from "./DistributionFields";

/** `Distribuir`: the approved bulletin to media lists, now or at a time, with an optional embargo. */
export function DistributeDialog({ resource, onClose, onSent }: {
  resource: BulletinResource;
  onClose: () => void;
  onSent: (message: string) => void;
}) {
  const client = useQueryClient();
  const lists = useContactLists().data;
  const [draft, setDraft] = useState(EMPTY_DRAFT);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const problem = draftProblem(draft);

  async function send() {
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const created = await createDistribution(resource.id, choiceOf(draft));
      await applyChange(client, resource.id, "distribute");
      onSent(created.status === "scheduled" && Date.parse(created.sendAt) > Date.now() + 5_000 ? t("distribute.scheduledDone") : created.counts.pending === 1 ? t("distribute.sentDoneOne") : t("distribute.sentDone", { count: created.counts.pending }));
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : t("errors.unexpected"));
      setBusy(false);
    }
  }

  return (
    <Dialog title={t("distribute.title", { number: resource.number ? formatNumber(resource.number) : "" })} onClose={onClose} className="dialog-wide">
      <DistributionFields lists={lists} value={draft} onChange={setDraft} disabled={busy} />
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          {t("dialog.cancel")}
        </button>
        <button type="button" className="button-primary" disabled={busy} aria-busy={busy} onClick={() => void send()}>
          {draft.when === "later" ? t("distribute.schedule") : t("distribute.send")}
        </button>
      </div>
    </Dialog>
  );
}
