import type { LocalDraft } from "../editor/local-drafts";
import { t } from "../i18n/es";
import { formatTimestamp } from "../i18n/format";

/** Offers back what this browser kept after a crash or reload. */
export function RecoveryBanner({ draft, stale, onRestore, onDiscard }: {
  draft: LocalDraft;
  stale: boolean;
  onRestore: () => void;
  onDiscard: () => void;
}) {
  return (
    <section className="banner banner-warning" aria-labelledby="recuperar-titulo">
      <h2 id="recuperar-titulo">{t("recover.title")}</h2>
      <p>
        {t("recover.text", { when: formatTimestamp(draft.savedAt) })} {stale && t("recover.stale")}
      </p>
      <div className="form-actions">
        <button type="button" className="button-primary" onClick={onRestore}>
          {t("recover.restore")}
        </button>
        <button type="button" onClick={onDiscard}>
          {t("recover.discard")}
        </button>
      </div>
    </section>
  );
}

/** After "copy from both": my version's text, kept to copy from until closed. */
export function CopyPanel({ text, onClose }: { text: string; onClose: () => void }) {
  return (
    <section className="banner banner-copy" aria-labelledby="copia-titulo">
      <h2 id="copia-titulo">{t("scratch.title")}</h2>
      <p className="muted small">{t("scratch.hint")}</p>
      <label className="field">
        <span>{t("scratch.label")}</span>
        <textarea readOnly rows={8} value={text} />
      </label>
      <button type="button" onClick={onClose}>
        {t("scratch.close")}
      </button>
    </section>
  );
}
