import { eq } from "drizzle-orm";
import { organizationSchema, type Organization } from "../../../shared/organization";
import { stripForbiddenCodePoints } from "../../../shared/bulletin/storable-text";
import { loadOrganization } from "../../templates/load";
import type { DatabaseOrTransaction } from "../client";
import { organization } from "../schema";

/** The organisation profile kept in the database (seeded from templates/organization.json). */
export async function loadOrganizationProfile(db: DatabaseOrTransaction): Promise<Organization> {
  const [row] = await db.select().from(organization).where(eq(organization.id, 1));
  if (!row) return loadOrganization();
  const parsed = organizationSchema.safeParse(row.profile);
  if (parsed.success) return parsed.data;
  // A profile saved before the storable-text rules may hold a code point they refuse: read it cleaned, rather than fail every export.
  const cleaned = cleanStrings(row.profile) as Record<string, unknown>;
  const read = organizationSchema.safeParse(cleaned);
  if (read.success) return read.data;
  // A field the rules refuse even cleaned (a label of a zero-width space alone, from before "required" meant visible): the shipped value.
  const shipped = loadOrganization();
  const refused = new Set(read.error.issues.map((issue) => issue.path[0]));
  return organizationSchema.parse(
    Object.fromEntries(Object.entries(shipped).map(([field, value]) => [field, refused.has(field) || !(field in cleaned) ? value : cleaned[field]])),
  );
}

export async function saveOrganizationProfile(db: DatabaseOrTransaction, profile: Organization): Promise<void> {
  await db
    .insert(organization)
    .values({ id: 1, profile })
    .onConflictDoUpdate({ target: organization.id, set: { profile, updatedAt: new Date() } });
}

function cleanStrings(value: unknown): unknown {
  if (typeof value === "string") return stripForbiddenCodePoints(value);
  if (Array.isArray(value)) return value.map(cleanStrings);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, cleanStrings(item)]));
  return value;
}
