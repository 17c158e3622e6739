import { useState, type ReactNode } from "react";
import { may } from "../../../shared/policies/office";
import { NavLink, useNavigate } from "react-router";
import { t } from "../i18n/es";
import { ChangePasswordDialog } from "./ChangePasswordDialog";
import { Bell } from "./notifications/Bell";
import { useSession, useUser } from "./Session";

/** The signed-in frame: header with navigation and `Salir`, then the page. */
export function Layout({ children }: { children: ReactNode }) {
  const user = useUser();
  const { signOut, signedIn } = useSession();
  const [changingPassword, setChangingPassword] = useState(false);
  const navigate = useNavigate();

  async function onSignOut() {
    await signOut().catch(() => undefined);
    navigate("/entrar", { replace: true });
  }

  return (
    <>
      <a className="skip-link" href="#contenido">
        {t("app.skipToContent")}
      </a>
      <header className="app-header">
        <span className="app-brand">
          {t("app.name")}
          <span className="app-tagline">{t("app.tagline")}</span>
        </span>
        <nav aria-label={t("nav.main")} className="app-nav">
          <NavLink to="/boletines">{t("nav.bulletins")}</NavLink>
          <NavLink to="/archivo">{t("nav.archive")}</NavLink>
          {may(user, "lists.manage") && <NavLink to="/medios">{t("nav.media")}</NavLink>}
          {may(user, "archive.import") && <NavLink to="/importar">{t("nav.import")}</NavLink>}
          {may(user, "users.manage") && <NavLink to="/administracion">{t("nav.admin")}</NavLink>}
        </nav>
        <Bell />
        <span className="app-user" title={t("nav.signedInAs", { name: user.name, role: t(`role.${user.role}`) })}>
          {t("nav.signedInAs", { name: user.name, role: t(`role.${user.role}`) })}
        </span>
        <button type="button" className="button-quiet" onClick={() => setChangingPassword(true)}>
          {t("password.open")}
        </button>
        <button type="button" className="button-quiet" onClick={onSignOut}>
          {t("nav.signOut")}
        </button>
      </header>
      {user.passwordSetBy !== null && (
        <p className="app-notice" role="status">
          {t("password.setByOther")}{" "}
          <button type="button" className="link-button" onClick={() => setChangingPassword(true)}>
            {t("password.open")}
          </button>
        </p>
      )}
      {changingPassword && <ChangePasswordDialog onClose={() => setChangingPassword(false)} onChanged={signedIn} />}
      <main id="contenido" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
