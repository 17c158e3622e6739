import { useEffect, useState, type FormEvent } from "react";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import { getSetupStatus, signIn } from "../api/endpoints";
import { ApiError } from "../api/http";
import { useSession } from "../components/Session";
import { t } from "../i18n/es";

/** Only same-site paths are followed after sign-in. */
function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/boletines";
}

export function LoginPage() {
  const { user, signedIn } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = safeNext(params.get("siguiente"));
  const [noAccounts, setNoAccounts] = useState(false);

  useEffect(() => {
    // A new production install has no account at all: say so instead of letting every attempt fail.
    getSetupStatus()
      .then((status) => setNoAccounts(!status.accountsExist))
      .catch(() => setNoAccounts(false));
  }, []);

  if (user) return <Navigate to={next} replace />;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { user: current } = await signIn(email.trim(), password);
      signedIn(current);
      navigate(next, { replace: true });
    } catch (failure) {
      if (failure instanceof ApiError && failure.isNetwork) setError(t("errors.network"));
      else if (failure instanceof ApiError && (failure.status === 401 || failure.status === 400))
        setError(failure.status === 401 ? t("login.failed") : failure.message);
      else if (failure instanceof ApiError) setError(failure.message);
      else setError(t("errors.unexpected"));
      setBusy(false);
    }
  }

  return (
    <main id="contenido" className="login">
      <form className="login-card" onSubmit={onSubmit} noValidate>
        <h1>{t("login.title")}</h1>
        <p className="muted">{t("login.intro")}</p>
        {noAccounts && (
          <p className="notice" role="status">
            {t("login.noAccounts")}
          </p>
        )}
        <label className="field">
          <span>{t("login.email")}</span>
          <input
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "login-error" : undefined}
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
            aria-describedby={error ? "login-error" : undefined}
          />
        </label>
        <p id="login-error" className="form-error" role="alert">
          {error}
        </p>
        <button type="submit" className="button-primary" disabled={busy} aria-busy={busy}>
          {t("login.submit")}
        </button>
      </form>
    </main>
  );
}
