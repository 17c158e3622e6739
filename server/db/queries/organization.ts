import { eq } from "drizzle-orm";
import { organizationSchema, type Organization } from "../../../shared/organization";
import { loadOrganization } from "../../templates/load";
import type { DatabaseOrTransaction } from "../client";
import { organization } from "../schema";

/** The organisation profile kept in the database (seeded from templates/organization.json). */
export async function loadOrganizationProfile(db: DatabaseOrTransaction): Promise<Organization> {
  const [row] = await db.select().from(organization).where(eq(organization.id, 1));
  return row ? organizationSchema.parse(row.profile) : loadOrganization();
}

export async function saveOrganizationProfile(db: DatabaseOrTransaction, profile: Organization): Promise<void> {
  await db
    .insert(organization)
    .values({ id: 1, profile })
    .onConflictDoUpdate({ target: organization.id, set: { profile, updatedAt: new Date() } });
}
