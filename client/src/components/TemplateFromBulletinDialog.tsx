import { useState, type FormEvent } from "react";
import { createTemplateFromBulletin } from "../api/endpoints";
import { ApiError } from "../api/http";
import { t } from "../i18n/es";
import { Dialog } from "./Dialog";

/** Admin: `Crear plantilla` from an archived bulletin (POST /api/templates {fromBulletinId, name}). */
export function TemplateFromBulletinDialog({ bulletinId, suggestedName, onClose, onCreated }: {
  bulletinId: number;
  suggestedName: string;
  onClose: () => void;
  onCreated: (name: string) => void;
}) {
  const [name, setName] = useState(suggestedName);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const template = await createTemplateFromBulletin(bulletinId, name.trim());
      onCreated(template.name ?? name.trim());
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : t("errors.unexpected"));
      setBusy(false);
    }
  }

  return (
    <Dialog title={t("archive.createTemplate")} onClose={onClose}>
      <form onSubmit={onSubmit}>
        <label className="field">
          <span>{t("archive.templateName")}</span>
          <input type="text" required maxLength={120} value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <p className="form-error" role="alert">
          {error}
        </p>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t("dialog.cancel")}
          </button>
          <button type="submit" className="button-primary" disabled={busy || !name.trim()}>
            {t("archive.createTemplate")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
