import { useState } from "react";
import { may } from "../../../shared/policies/office";
import { useNavigate } from "react-router";
import { duplicateBulletin } from "../api/endpoints";
import { ApiError } from "../api/http";
import { t } from "../i18n/es";
import { useUser } from "./Session";
import { TemplateFromBulletinDialog } from "./TemplateFromBulletinDialog";

/** `Duplicar como borrador` for everyone, `Crear plantilla` for admins. */
export function ArchiveActions({ bulletinId, title }: { bulletinId: number; title: string }) {
  const user = useUser();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [templating, setTemplating] = useState(false);
  const [busy, setBusy] = useState(false);

  async function duplicate() {
    setBusy(true);
    setError(null);
    try {
      const copy = await duplicateBulletin(bulletinId);
      navigate(`/boletines/${copy.id}`);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : t("errors.unexpected"));
      setBusy(false);
    }
  }

  return (
    <div className="archive-actions">
      <button type="button" onClick={duplicate} disabled={busy}>
        {t("archive.duplicate")}
      </button>
      {may(user, "templates.manage") && (
        <button type="button" onClick={() => setTemplating(true)}>
          {t("archive.createTemplate")}
        </button>
      )}
      <p aria-live="polite" className="action-message">
        {message}
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {templating && (
        <TemplateFromBulletinDialog
          bulletinId={bulletinId}
          suggestedName={title.slice(0, 120)}
          onClose={() => setTemplating(false)}
          onCreated={(name) => {
            setTemplating(false);
            setMessage(t("archive.templateCreated", { name }));
          }}
        />
      )}
    </div>
  );
}
