import { useEffect, useRef, useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import type { Template } from "../../../shared/template/schema";
import { createBulletinFromTemplate, listTemplates } from "../api/endpoints";
import { ApiError } from "../api/http";
import { t } from "../i18n/es";
import { Dialog } from "./Dialog";

/** `Nuevo boletín`: pick a template (GET /api/templates), create the draft, open the editor. */
export function NewBulletinDialog({ onClose }: { onClose: () => void }) {
  const navigate = useNavigate();
  const [templates, setTemplates] = useState<Template[] | null>(null);
  const [chosen, setChosen] = useState<string>("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const choicesRef = useRef<HTMLFieldSetElement>(null);

  // The list arrives after the dialog opened: move focus to the chosen template then.
  useEffect(() => {
    if (templates?.length) choicesRef.current?.querySelector<HTMLInputElement>("input:checked")?.focus();
  }, [templates]);

  useEffect(() => {
    let live = true;
    listTemplates()
      .then(({ items }) => {
        if (!live) return;
        setTemplates(items);
        setChosen((current) => current || items[0]?.id || "");
      })
      .catch((failure: unknown) => live && setError(failure instanceof ApiError ? failure.message : t("errors.unexpected")));
    return () => {
      live = false;
    };
  }, []);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!chosen) return;
    setBusy(true);
    setError(null);
    try {
      const bulletin = await createBulletinFromTemplate(chosen);
      navigate(`/boletines/${bulletin.id}`);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : t("errors.unexpected"));
      setBusy(false);
    }
  }

  return (
    <Dialog title={t("newBulletin.title")} onClose={onClose}>
      <form onSubmit={onSubmit}>
        <p>{t("newBulletin.intro")}</p>
        {templates === null && !error && <p role="status">{t("app.loading")}</p>}
        {templates?.length === 0 && <p>{t("newBulletin.none")}</p>}
        {templates && templates.length > 0 && (
          <fieldset ref={choicesRef} className="template-choices">
            <legend>{t("newBulletin.templates")}</legend>
            {templates.map((template) => (
              <label key={template.id} className="template-choice">
                <input
                  type="radio"
                  name="template"
                  value={template.id}
                  checked={chosen === template.id}
                  onChange={() => setChosen(template.id)}
                />
                <span>
                  <strong>{template.name}</strong>
                  {template.description && <span className="muted"> {template.description}</span>}
                </span>
              </label>
            ))}
          </fieldset>
        )}
        <p className="form-error" role="alert">
          {error}
        </p>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t("dialog.cancel")}
          </button>
          <button type="submit" className="button-primary" disabled={!chosen || busy} aria-busy={busy}>
            {t("newBulletin.create")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
