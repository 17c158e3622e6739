import { useEffect, useState, type FormEvent } from "react";
import { roleSchema, type Role, type User } from "../../../../shared/api/schemas";
import { createUser, listUsers, updateUser } from "../../api/endpoints";
import { ApiError } from "../../api/http";
import { t } from "../../i18n/es";

const message = (failure: unknown) => (failure instanceof ApiError ? failure.message : t("errors.unexpected"));

/** Users and roles: change a role, disable an account, create a user. */
export function UsersSection() {
  const [users, setUsers] = useState<User[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [form, setForm] = useState({ email: "", name: "", role: "author" as Role, password: "" });

  useEffect(() => {
    listUsers()
      .then(({ items }) => setUsers(items))
      .catch((failure: unknown) => setError(message(failure)));
  }, []);

  async function change(user: User, changes: { role?: Role; disabled?: boolean }) {
    setError(null);
    try {
      const updated = await updateUser(user.id, changes);
      setUsers((current) => current?.map((item) => (item.id === user.id ? { ...item, ...updated } : item)) ?? null);
      setNotice(t("admin.user.saved", { name: user.name }));
    } catch (failure) {
      setError(message(failure));
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
                    onChange={(event) => change(user, { role: event.target.value as Role })}
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
                    onChange={(event) => change(user, { disabled: event.target.checked })}
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
    </section>
  );
}
