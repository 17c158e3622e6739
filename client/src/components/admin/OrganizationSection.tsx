import { useState, type FormEvent } from "react";
import type { Organization } from "../../../../shared/organization";
import { saveOrganization } from "../../api/endpoints";
import { ApiError } from "../../api/http";
import { t, type MessageKey } from "../../i18n/es";
import { useSession } from "../Session";

type TextKey = Exclude<keyof Organization, "footerLines">;

const FIELDS: Array<[TextKey, MessageKey]> = [
  ["name", "admin.org.name"],
  ["unit", "admin.org.unit"],
  ["motto", "admin.org.motto"],
  ["label", "admin.org.label"],
  ["closingMark", "admin.org.closingMark"],
  ["defaultPlace", "admin.org.defaultPlace"],
  ["photoLinksLabel", "admin.org.photoLinksLabel"],
  ["videoLinksLabel", "admin.org.videoLinksLabel"],
];

// Letterhead lines are long (the institution's full name): one row each.
const LETTERHEAD = new Set<TextKey>(["name", "unit", "motto"]);

/** The organisation profile: letterhead, label, closing mark, default place. */
export function OrganizationSection() {
  const { organization, setOrganization } = useSession();
  const [form, setForm] = useState(organization);
  const [footer, setFooter] = useState(organization.footerLines.join("\n"));
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setNotice(null);
    try {
      const footerLines = footer.split("\n").map((line) => line.trim()).filter(Boolean);
      const saved = await saveOrganization({ ...form, footerLines });
      setOrganization(saved);
      setNotice(t("admin.org.saved"));
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : t("errors.unexpected"));
    }
  }

  return (
    <section className="panel" aria-labelledby="admin-organizacion">
      <h2 id="admin-organizacion">{t("admin.org")}</h2>
      <form className="admin-form" onSubmit={onSubmit}>
        {FIELDS.map(([name, label]) => (
          <label key={name} className={LETTERHEAD.has(name) ? "field field-wide" : "field"}>
            <span>{t(label)}</span>
            <input value={form[name]} onChange={(event) => setForm({ ...form, [name]: event.target.value })} />
          </label>
        ))}
        <label className="field field-wide">
          <span>{t("admin.org.footerLines")}</span>
          <textarea rows={3} value={footer} onChange={(event) => setFooter(event.target.value)} />
        </label>
        <button type="submit" className="button-primary">
          {t("admin.org.save")}
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
