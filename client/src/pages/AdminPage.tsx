import { may } from "../../../shared/policies/office";
import { ActivitySection } from "../components/admin/ActivitySection";
import { NumberingSection } from "../components/admin/NumberingSection";
import { OutboxSection } from "../components/admin/OutboxSection";
import { OrganizationSection } from "../components/admin/OrganizationSection";
import { TemplatesSection } from "../components/admin/TemplatesSection";
import { UsersSection } from "../components/admin/UsersSection";
import { useSession, useUser } from "../components/Session";
import { t } from "../i18n/es";

/** Administración: users and roles, templates, organisation profile, numbering, activity (admins only). */
export default function AdminPage() {
  const user = useUser();
  const { organization } = useSession();
  if (!may(user, "users.manage")) {
    return (
      <section className="page">
        <p className="form-error">{t("admin.forbidden")}</p>
      </section>
    );
  }
  return (
    <section className="page admin-page">
      <h1>{t("admin.title")}</h1>
      <UsersSection />
      <TemplatesSection />
      {/* Re-keyed so the form shows the profile once the server's copy arrives. */}
      <OrganizationSection key={JSON.stringify(organization)} />
      {may(user, "numbering.manage") && <NumberingSection />}
      {may(user, "audit.read") && <ActivitySection />}
      <OutboxSection />
    </section>
  );
}
