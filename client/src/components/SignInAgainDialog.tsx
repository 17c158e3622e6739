import { useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import type { User } from "../../../shared/api/schemas";
import { signIn } from "../api/endpoints";
import { ApiError, SIGNED_IN_AGAIN_EVENT } from "../api/http";
import { t } from "../i18n/es";

interface SignInAgainDialogProps {
  /** Who was signed in: the form is for them (the e-mail comes filled in). */
  user: User;
  /** Signed in again (`user` may be someone else if they typed another e-mail). */
  onSignedIn: (user: User) => void;
}

/**
 * `Tu sesión expiró. Inicia sesión de nuevo para guardar.` with the sign-in form, in
 * place over the page. It is not modal and takes no focus: whoever is typing keeps
 * typing (the saver keeps everything in this browser), and signs in when they choose.
 */
export function SignInAgainDialog({ user, onSignedIn }: SignInAgainDialogProps) {
  const titleId = useId();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState(user.email);
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { user: current } = await signIn(email.trim(), password);
      if (current.id !== user.id) {
        // Someone else's account: nothing on this page is theirs to save; the local copy stays.
        window.location.reload();
        return;
      }
      onSignedIn(current);
      window.dispatchEvent(new Event(SIGNED_IN_AGAIN_EVENT));
      // What failed with the 401 (comments, history, lists) is asked again.
      void queryClient.invalidateQueries();
    } catch (failure) {
      if (failure instanceof ApiError && failure.isNetwork) setError(t("errors.offline"));
      else if (failure instanceof ApiError && failure.status === 401) setError(t("login.failed"));
      else setError(failure instanceof ApiError ? failure.message : t("errors.unexpected"));
      setBusy(false);
    }
  }

  return (
    <dialog open className="dialog sign-in-again" aria-labelledby={titleId}>
      <div className="dialog-header">
        <h2 id={titleId}>{t("session.signInAgain")}</h2>
      </div>
      <div className="dialog-body">
        <p role="alert">{t("session.expired")}</p>
        <p className="muted small">{t("session.expiredKept")}</p>
        <form onSubmit={onSubmit} noValidate className="stacked-form">
          <label className="field">
            <span>{t("login.email")}</span>
            <input
              type="email"
              name="email"
              autoComplete="username"
              required
              value={email}
              onChange={(event) => setEmail(event.target.value)}
            />
          </label>
          <label className="field">
            <span>{t("login.password")}</span>
            <input
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${titleId}-error` : undefined}
            />
          </label>
          {error && (
            <p id={`${titleId}-error`} className="form-error" role="alert">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            <button type="submit" className="button-primary" disabled={busy} aria-busy={busy}>
              {t("login.submit")}
            </button>
          </div>
        </form>
      </div>
    </dialog>
  );
}
