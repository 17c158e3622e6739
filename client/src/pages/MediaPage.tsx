import { useCallback, useEffect, useState, type FormEvent } from "react";
import { useSearchParams } from "react-router";
import type { ContactList } from "../../../shared/api/distribution-schemas";
import { may } from "../../../shared/policies/office";
import { createContactList, listContactLists } from "../api/endpoints";
import { ApiError } from "../api/http";
import { ListContacts } from "../components/media/ListContacts";
import { useUser } from "../components/Session";
import { t } from "../i18n/es";

const message = (failure: unknown) => (failure instanceof ApiError ? failure.message : t("errors.unexpected"));

/** Medios: the media lists with their counts, a new list; `?lista=ID` opens one (its contacts, add, import). */
export default function MediaPage() {
  const user = useUser();
  const [search, setSearch] = useSearchParams();
  const [lists, setLists] = useState<ContactList[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [form, setForm] = useState({ name: "", description: "" });
  const openId = Number(search.get("lista")) || null;

  const reload = useCallback(() => {
    listContactLists()
      .then(({ items }) => setLists(items))
      .catch((failure: unknown) => setError(message(failure)));
  }, []);
  const manages = may(user, "lists.manage");
  useEffect(() => {
    if (manages) reload();
  }, [manages, reload]);

  if (!manages) {
    return (
      <section className="page">
        <p className="form-error">{t("media.forbidden")}</p>
      </section>
    );
  }

  async function onCreate(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const created = await createContactList({ name: form.name.trim(), description: form.description.trim() });
      setForm({ name: "", description: "" });
      setNotice(t("media.list.created", { name: created.name }));
      reload();
    } catch (failure) {
      setError(message(failure));
    }
  }

  const open = lists?.find((list) => list.id === openId);
  if (openId && open) {
    return (
      <section className="page media-page">
        <ListContacts
          list={open}
          onChanged={reload}
          onBack={() => setSearch({})}
          onDeleted={(name) => {
            setNotice(t("media.list.deleted", { name }));
            setSearch({});
            reload();
          }}
        />
      </section>
    );
  }

  return (
    <section className="page media-page">
      <h1>{t("media.title")}</h1>
      <section className="panel" aria-labelledby="medios-listas">
        <h2 id="medios-listas">{t("media.lists")}</h2>
        {notice && (
          <p className="action-message" role="status">
            {notice}
          </p>
        )}
        {lists && lists.length === 0 && <p className="muted">{t("media.noLists")}</p>}
        {lists && lists.length > 0 && (
          <table className="bulletin-table">
            <thead>
              <tr>
                <th scope="col">{t("media.list.name")}</th>
                <th scope="col">{t("media.list.description")}</th>
                <th scope="col" className="number-cell">{t("media.list.contacts")}</th>
                <th scope="col" className="number-cell">{t("media.list.active")}</th>
              </tr>
            </thead>
            <tbody>
              {lists.map((list) => (
                <tr key={list.id}>
                  <td>
                    <button type="button" className="link-button" aria-label={t("media.list.open", { name: list.name })} onClick={() => setSearch({ lista: String(list.id) })}>
                      {list.name}
                    </button>
                  </td>
                  <td>{list.description}</td>
                  <td className="number-cell">{list.contactCount}</td>
                  <td className="number-cell">{list.activeCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <form className="admin-form" onSubmit={onCreate}>
          <h3>{t("media.list.new")}</h3>
          <label className="field">
            <span>{t("media.list.newName")}</span>
            <input required maxLength={120} value={form.name} onChange={(event) => setForm({ ...form, name: event.target.value })} />
          </label>
          <label className="field">
            <span>{t("media.list.description")}</span>
            <input maxLength={500} value={form.description} onChange={(event) => setForm({ ...form, description: event.target.value })} />
          </label>
          <button type="submit" className="button-primary">
            {t("media.list.create")}
          </button>
        </form>
        <p className="form-error" role="alert">
          {error}
        </p>
      </section>
    </section>
  );
}
