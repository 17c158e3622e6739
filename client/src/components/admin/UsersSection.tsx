import { useEffect, useState, type FormEvent } from "react";
import { roleSchema, type Role, type User } from "../../../../shared/api/schemas";
import { createUser, listUsers, updateUser } from "../../api/endpoints";
import { ApiError } from "../../api/http";
import { t } from "../../i18n/es";
import { Dialog } from "../Dialog";
import { useSession, useUser } from "../Session";

const message = (failure: unknown) => (failure instanceof ApiError ? failure.message : t("errors.unexpected"));

/** A role change or (re)activation waiting for the admin's confirmation. */
interface PendingChange {
  user: User;
  changes: { role: Role } | { disabled: boolean };
}

/** Users and roles: change a role or disable an account (after confirming), create a user. */
export function UsersSection() {
  const me = useUser();
  const { signedIn } = useSession();
  const [users, setUsers] = useState<User[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [form, setForm] = useState({ email: "", name: "", role: "author" as Role, password: "" });
  const [pending, setPending] = useState<PendingChange | null>(null);
  const [pendingError, setPendingError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    listUsers()
      .then(({ items }) => setUsers(items))
      .catch((failure: unknown) => setError(message(failure)));
  }, []);

  function ask(change: PendingChange) {
    setPendingError(null);
    setPending(change);
  }

  async function confirm() {
    if (!pending) return;
    setBusy(true);
    setPendingError(null);
    try {
      const updated = await updateUser(pending.user.id, pending.changes);
      setUsers((current) => current?.map((item) => (item.id === updated.id ? { ...item, ...updated } : item)) ?? null);
      setNotice(t("admin.user.saved", { name: pending.user.name }));
      setPending(null);
      // Stepping down as admin: the app follows at once (this page is for admins).
      if (updated.id === me.id) signedIn(updated);
    } catch (failure) {
      // The server's refusal (the last admin, say) stays in the dialog, where the change was asked for.
      setPendingError(message(failure));
    } finally {
      setBusy(false);
    }
  }

  async function onCreate(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const user = await createUser({ ...form, email: form.email.trim(), name: form.name.trim() });
      setUsers((current) => [...(current ?? []), user]);
      setNotice(t("admin.user.created", { email: user.email }));
      setForm({ email: "", name: "", role: "author", password: "" });
    } catch (failure) {
      setError(message(failure));
    }
  }

  return (
    <section className="panel" aria-labelledby="admin-usuarios">
      <h2 id="admin-usuarios">{t("admin.users")}</h2>
      {users && (
        <table className="bulletin-table">
          <thead>
            <tr>
              <th scope="col">{t("admin.user.name")}</th>
              <th scope="col">{t("admin.user.email")}</th>
              <th scope="col">{t("admin.user.role")}</th>
              <th scope="col">{t("admin.user.disabled")}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id} className={user.disabled ? "row-disabled" : undefined}>
                <td>{user.name}</td>
                <td>{user.email}</td>
                <td>
                  <select
                    aria-label={t("admin.user.roleOf", { name: user.name })}
                    value={user.role}
                    onChange={(event) => ask({ user, changes: { role: event.target.value as Role } })}
                  >
                    {roleSchema.options.map((role) => (
                      <option key={role} value={role}>
                        {t(`role.${role}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={t("admin.user.disabledOf", { name: user.name })}
                    checked={user.disabled}
                    onChange={(event) => ask({ user, changes: { disabled: event.target.checked } })}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="admin-form" onSubmit={onCreate}>
        <h3>{t("admin.user.new")}</h3>
        <label className="field">
          <span>{t("admin.user.name")}</span>
          <input required value={form.name} onChange={(event) => setForm({ ...form, name: event.target.value })} />
        </label>
        <label className="field">
          <span>{t("admin.user.email")}</span>
          <input
            type="email"
            required
            value={form.email}
            onChange={(event) => setForm({ ...form, email: event.target.value })}
          />
        </label>
        <label className="field">
          <span>{t("admin.user.role")}</span>
          <select value={form.role} onChange={(event) => setForm({ ...form, role: event.target.value as Role })}>
            {roleSchema.options.map((role) => (
              <option key={role} value={role}>
                {t(`role.${role}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("admin.user.password")}</span>
          <input
            type="password"
            required
            autoComplete="new-password"
            value={form.password}
            onChange={(event) => setForm({ ...form, password: event.target.value })}
          />
        </label>
        <button type="submit" className="button-primary">
          {t("admin.user.create")}
        </button>
      </form>
      <p aria-live="polite" className="action-message">
        {notice}
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {pending && (
        <ConfirmUserChange
          pending={pending}
          isMe={pending.user.id === me.id}
          error={pendingError}
          busy={busy}
          onCancel={() => setPending(null)}
          onConfirm={confirm}
        />
      )}
    </section>
  );
}

function ConfirmUserChange({ pending, isMe, error, busy, onCancel, onConfirm }: {
  pending: PendingChange;
  isMe: boolean;
  error: string | null;
  busy: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const { user, changes } = pending;
  const title =
    "role" in changes
      ? t("admin.user.confirmRoleTitle", { name: user.name })
      : t(changes.disabled ? "admin.user.confirmDisableTitle" : "admin.user.confirmEnableTitle", { name: user.name });
  const text =
    "role" in changes
      ? t("admin.user.confirmRole", { name: user.name, from: t(`role.${user.role}`), to: t(`role.${changes.role}`) })
      : t(changes.disabled ? "admin.user.confirmDisable" : "admin.user.confirmEnable", { name: user.name });
  const stepsDown = isMe && user.role === "admin" && "role" in changes && changes.role !== "admin";
  return (
    <Dialog title={title} onClose={onCancel}>
      <p>{text}</p>
      {stepsDown && <p className="muted">{t("admin.user.confirmRoleSelf")}</p>}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" data-autofocus onClick={onCancel}>
          {t("dialog.cancel")}
        </button>
        <button
          type="button"
          className={"disabled" in changes && changes.disabled ? "button-danger" : "button-primary"}
          disabled={busy}
          aria-busy={busy}
          onClick={onConfirm}
        >
          {t("dialog.confirm")}
        </button>
      </div>
    </Dialog>
  );
}
