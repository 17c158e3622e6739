import { useState, type FormEvent } from "react";
import type { User } from "../../../shared/api/schemas";
import { changeOwnPassword } from "../api/endpoints";
import { ApiError } from "../api/http";
import { t } from "../i18n/es";
import { Dialog } from "./Dialog";

/** `Cambiar contraseña`: the signed-in user's own password, proven by the current one. */
export function ChangePasswordDialog({ onClose, onChanged }: { onClose: () => void; onChanged: (user: User) => void }) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeated, setRepeated] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (next !== repeated) {
      setError(t("password.mismatch"));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { user } = await changeOwnPassword(current, next);
      onChanged(user);
      onClose();
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : t("errors.unexpected"));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={t("password.title")} onClose={onClose}>
      <form className="stacked-form" onSubmit={onSubmit}>
        <label className="field">
          <span>{t("password.current")}</span>
          <input type="password" autoComplete="current-password" value={current} onChange={(event) => setCurrent(event.target.value)} required />
        </label>
        <label className="field">
          <span>{t("password.new")}</span>
          <input type="password" autoComplete="new-password" minLength={10} value={next} onChange={(event) => setNext(event.target.value)} required />
        </label>
        <label className="field">
          <span>{t("password.repeat")}</span>
          <input type="password" autoComplete="new-password" minLength={10} value={repeated} onChange={(event) => setRepeated(event.target.value)} required />
        </label>
        <p className="muted small">{t("password.hint")}</p>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="button" onClick={onClose}>
            {t("dialog.cancel")}
          </button>
          <button type="submit" className="button-primary" disabled={busy}>
            {t("password.save")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
