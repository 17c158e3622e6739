import type { SaveStatus } from "../editor/saver";
import { t } from "../i18n/es";

function describe(status: SaveStatus, userId?: number): string {
  switch (status.kind) {
    case "saved":
      return t("save.saved");
    case "invalid": {
      const [first] = status.fields;
      if (status.fields.length > 1 || !first) return t("save.invalidMany", { count: status.fields.length });
      const [name, index] = first.field.split(".");
      const where = name === "videoLinks" ? "save.where.videoLinks" : "save.where.photoLinks";
      return t("save.invalidOne", { field: t(where, { n: Number(index ?? 0) + 1 }) });
    }
    case "pending":
      return t("save.pending");
    case "saving":
      return t("save.saving");
    case "offline":
      return t("save.offline");
    case "retrying":
      return t("save.retrying", { seconds: Math.round(status.retryInMs / 1000) });
    case "conflict":
      // Saved meanwhile by this same person, in another window or tab: say so, not "another person".
      return status.theirs.lastSavedBy?.id !== undefined && status.theirs.lastSavedBy.id === userId ? t("save.conflictMine") : t("save.conflict");
    case "notEditable":
      return t("save.notEditable", { message: status.message });
    case "signedOut":
      return t("session.expired");
    case "failed":
      return t("save.failed", { message: status.message });
  }
}

/** The autosave state in a polite live region (`Guardando…`, `Guardado`, `Sin conexión…`, `Sin guardar: … no es válido`). */
export function SaveStatusLine({ status, onResolveConflict, userId }: { status: SaveStatus; onResolveConflict?: () => void; userId?: number }) {
  const problem = status.kind !== "saved" && status.kind !== "saving" && status.kind !== "pending";
  return (
    <div className={`save-status save-${status.kind} ${problem ? "save-problem" : ""}`}>
      <span role="status" aria-live="polite">
        {describe(status, userId)}
      </span>
      {status.kind === "notEditable" && (
        <button type="button" className="button-quiet" onClick={() => window.location.reload()}>
          {t("save.reload")}
        </button>
      )}
      {status.kind === "conflict" && onResolveConflict && (
        <button type="button" className="button-quiet" onClick={onResolveConflict}>
          {t("conflict.title")}
        </button>
      )}
    </div>
  );
}
