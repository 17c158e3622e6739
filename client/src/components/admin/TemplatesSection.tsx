import { useEffect, useState } from "react";
import type { Template } from "../../../../shared/template/schema";
import { deleteTemplate, listTemplates } from "../../api/endpoints";
import { ApiError } from "../../api/http";
import { t } from "../../i18n/es";
import { Dialog } from "../Dialog";

/** The templates new bulletins start from; delete one (after confirming). */
export function TemplatesSection() {
  const [templates, setTemplates] = useState<Template[] | null>(null);
  const [confirming, setConfirming] = useState<Template | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    listTemplates()
      .then(({ items }) => setTemplates(items))
      .catch((failure: unknown) => setError(failure instanceof ApiError ? failure.message : t("errors.unexpected")));
  }, []);

  async function remove(template: Template) {
    setError(null);
    try {
      await deleteTemplate(template.id);
      setTemplates((current) => current?.filter((item) => item.id !== template.id) ?? null);
      setNotice(t("admin.template.deleted"));
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : t("errors.unexpected"));
    } finally {
      setConfirming(null);
    }
  }

  return (
    <section className="panel" aria-labelledby="admin-plantillas">
      <h2 id="admin-plantillas">{t("admin.templates")}</h2>
      {templates?.length === 0 && <p className="muted">{t("admin.template.none")}</p>}
      <ul className="template-list">
        {templates?.map((template) => (
          <li key={template.id}>
            <span>
              <strong>{template.name}</strong> <span className="muted">{template.description}</span>
            </span>
            <button
              type="button"
              aria-label={t("admin.template.delete", { name: template.name })}
              onClick={() => setConfirming(template)}
            >
              {t("admin.template.deleteShort")}
            </button>
          </li>
        ))}
      </ul>
      <p aria-live="polite" className="action-message">
        {notice}
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {confirming && (
        <Dialog title={t("admin.template.delete", { name: confirming.name })} onClose={() => setConfirming(null)}>
          <p>{t("admin.template.confirmDelete", { name: confirming.name })}</p>
          <div className="dialog-actions">
            <button type="button" data-autofocus onClick={() => setConfirming(null)}>
              {t("dialog.cancel")}
            </button>
            <button type="button" className="button-danger" onClick={() => remove(confirming)}>
              {t("dialog.confirm")}
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}
