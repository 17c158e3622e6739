import { useCallback, useEffect, useState, type FormEvent } from "react";
import type { Contact, ContactList, ImportResult } from "../../../../shared/api/distribution-schemas";
import { addContacts, deleteContactList, listContactsOf, removeFromList, updateContact } from "../../api/endpoints";
import { ApiError } from "../../api/http";
import { t } from "../../i18n/es";
import { Pager } from "../Pager";
import { useUser } from "../Session";
import { CsvImportDialog } from "./CsvImportDialog";

const message = (failure: unknown) => (failure instanceof ApiError ? failure.message : t("errors.unexpected"));
const PAGE_SIZE = 50;
const EMPTY_FORM = { name: "", outlet: "", email: "", beat: "", notes: "" };

/** One media list: its contacts with their status, one contact added by hand, a CSV import, Reactivar for admins. */
export function ListContacts({ list, onChanged, onBack, onDeleted }: {
  list: ContactList;
  /** Something changed the list's counts. */
  onChanged: () => void;
  onBack: () => void;
  onDeleted: (name: string) => void;
}) {
  const user = useUser();
  const [contacts, setContacts] = useState<{ items: Contact[]; total: number } | null>(null);
  const [page, setPage] = useState(1);
  const [q, setQ] = useState("");
  const [form, setForm] = useState(EMPTY_FORM);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);

  const reload = useCallback(() => {
    listContactsOf(list.id, { q: q.trim() || undefined, page, pageSize: PAGE_SIZE })
      .then(setContacts)
      .catch((failure: unknown) => setError(message(failure)));
  }, [list.id, q, page]);
  useEffect(reload, [reload]);

  function changed() {
    reload();
    onChanged();
  }

  async function onAdd(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setNotice(null);
    try {
      const result = await addContacts(list.id, [form]);
      const email = form.email.trim().toLowerCase();
      if (result.errors[0]) {
        setError(result.errors[0].message);
        return;
      }
      setNotice(t(result.added ? "media.contact.added" : result.merged ? "media.contact.merged" : "media.contact.already", { email }));
      setForm(EMPTY_FORM);
      changed();
    } catch (failure) {
      setError(message(failure));
    }
  }

  async function act(contact: Contact, action: "remove" | "reactivate") {
    setError(null);
    setNotice(null);
    try {
      if (action === "remove") await removeFromList(list.id, contact.id);
      else await updateContact(contact.id, { status: "active" });
      setNotice(t(action === "remove" ? "media.contact.removed" : "media.contact.reactivated", { email: contact.email }));
      changed();
    } catch (failure) {
      setError(message(failure));
    }
  }

  async function onDelete() {
    if (!window.confirm(t("media.list.deleteConfirm", { name: list.name }))) return;
    try {
      await deleteContactList(list.id);
      onDeleted(list.name);
    } catch (failure) {
      setError(message(failure));
    }
  }

  return (
    <>
      <p>
        <button type="button" className="link-button" onClick={onBack}>
          {t("media.list.back")}
        </button>
      </p>
      <div className="page-heading">
        <div>
          <h1>{list.name}</h1>
          {list.description && <p className="muted">{list.description}</p>}
          <p>{t("media.list.counts", { contacts: list.contactCount, active: list.activeCount })}</p>
        </div>
        <div className="form-actions">
          <button type="button" className="button-primary" onClick={() => setImporting(true)}>
            {t("media.import.open")}
          </button>
          <button type="button" className="button-quiet" onClick={onDelete}>
            {t("media.list.delete")}
          </button>
        </div>
      </div>
      {notice && (
        <p className="action-message" role="status">
          {notice}
        </p>
      )}
      <p className="form-error" role="alert">
        {error}
      </p>
      <section className="panel" aria-labelledby="medios-contactos">
        <h2 id="medios-contactos" className="visually-hidden">{t("media.list.contacts")}</h2>
        <label className="field media-search">
          <span>{t("media.search")}</span>
          <input type="search" value={q} onChange={(event) => { setQ(event.target.value); setPage(1); }} />
        </label>
        {contacts && contacts.items.length === 0 && !q && <p className="muted">{t("media.list.empty")}</p>}
        {contacts && contacts.items.length > 0 && (
          <table className="bulletin-table">
            <thead>
              <tr>
                <th scope="col">{t("media.contact.name")}</th>
                <th scope="col">{t("media.contact.outlet")}</th>
                <th scope="col">{t("media.contact.email")}</th>
                <th scope="col">{t("media.contact.beat")}</th>
                <th scope="col">{t("media.contact.status")}</th>
                <th scope="col"><span className="visually-hidden">{t("media.contact.actions")}</span></th>
              </tr>
            </thead>
            <tbody>
              {contacts.items.map((contact) => (
                <tr key={contact.id} className={contact.status !== "active" ? "row-disabled" : undefined}>
                  <td>
                    {contact.name}
                    {contact.notes && <div className="small muted">{contact.notes}</div>}
                  </td>
                  <td>{contact.outlet}</td>
                  <td>{contact.email}</td>
                  <td>{contact.beat}</td>
                  <td>
                    <span className={`status-badge contact-${contact.status}`}>{t(`media.status.${contact.status}`)}</span>
                  </td>
                  <td className="nowrap">
                    {contact.status !== "active" && user.role === "admin" && (
                      <button type="button" aria-label={t("media.contact.reactivateOf", { email: contact.email })} onClick={() => act(contact, "reactivate")}>
                        {t("media.contact.reactivate")}
                      </button>
                    )}{" "}
                    <button type="button" className="button-quiet" aria-label={t("media.contact.removeOf", { email: contact.email })} onClick={() => act(contact, "remove")}>
                      {t("media.contact.remove")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {contacts && <Pager page={page} pageSize={PAGE_SIZE} total={contacts.total} onPage={setPage} />}
        <form className="admin-form" onSubmit={onAdd}>
          <h3>{t("media.contact.new")}</h3>
          <label className="field">
            <span>{t("media.contact.name")}</span>
            <input maxLength={200} value={form.name} onChange={(event) => setForm({ ...form, name: event.target.value })} />
          </label>
          <label className="field">
            <span>{t("media.contact.outlet")}</span>
            <input maxLength={200} value={form.outlet} onChange={(event) => setForm({ ...form, outlet: event.target.value })} />
          </label>
          <label className="field">
            <span>{t("media.contact.email")}</span>
            <input type="email" required maxLength={254} value={form.email} onChange={(event) => setForm({ ...form, email: event.target.value })} />
          </label>
          <label className="field">
            <span>{t("media.contact.beat")}</span>
            <input maxLength={200} value={form.beat} onChange={(event) => setForm({ ...form, beat: event.target.value })} />
          </label>
          <label className="field field-wide">
            <span>{t("media.contact.notes")}</span>
            <input maxLength={2000} value={form.notes} onChange={(event) => setForm({ ...form, notes: event.target.value })} />
          </label>
          <button type="submit" className="button-primary">
            {t("media.contact.add")}
          </button>
        </form>
      </section>
      {importing && (
        <CsvImportDialog
          list={list}
          onImported={(result: ImportResult) => {
            setError(null);
            setNotice(t("media.import.notice", { added: result.added, merged: result.merged + result.alreadyInList, errors: result.errors.length }));
            changed();
          }}
          onClose={() => setImporting(false)}
        />
      )}
    </>
  );
}
