import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { count, eq, sql } from "drizzle-orm";
import type { Role } from "../../shared/api/schemas";
import { importBulletin } from "../commands/importBulletin";
import { hashPassword } from "../commands/signIn";
import { decodeBulletinBytes, parseBulletin } from "../import/parse-bulletin";
import { loadOrganization, loadShippedTemplates } from "../templates/load";
import type { Database } from "./client";
import { saveOrganizationProfile } from "./queries/organization";
import { settings, templates, users } from "./schema";

export const SEEDS_FOLDER = fileURLToPath(new URL("../../seeds", import.meta.url));
export const DEMO_PASSWORD = "redacta-demo";
export const DEMO_USERS: { email: string; name: string; role: Role }[] = [
  { email: "autora@redacta.local", name: "Ana Autora", role: "author" },
  { email: "revisor@redacta.local", name: "Raúl Revisor", role: "reviewer" },
  { email: "revisora2@redacta.local", name: "Rita Revisora", role: "reviewer" },
  { email: "admin@redacta.local", name: "Adela Administradora", role: "admin" },
];

/**
 * Fills an empty database: organisation profile, shipped templates, demo users
 * and the example bulletins as published archive. Does nothing when users exist.
 */
export async function seedDatabase(db: Database): Promise<{ seeded: boolean }> {
  const [{ users: existing } = { users: 0 }] = await db.select({ users: count() }).from(users);
  if (Number(existing) > 0) return { seeded: false };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const inserted = await db.transaction(async (tx) => {
    // Two processes seeding one empty PostgreSQL at once: the second waits here, then finds users.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(728362)`);
    const [{ users: again } = { users: 0 }] = await tx.select({ users: count() }).from(users);
    if (Number(again) > 0) return null;
    await saveOrganizationProfile(tx, loadOrganization());
    for (const template of loadShippedTemplates()) {
      await tx.insert(templates).values({ id: template.id, data: template }).onConflictDoNothing();
    }
    return tx.insert(users).values(DEMO_USERS.map((user) => ({ ...user, passwordHash }))).returning();
  });
  if (!inserted) return { seeded: false };
  const admin = inserted.find((user) => user.role === "admin")!;
  for (const file of fs.readdirSync(SEEDS_FOLDER).filter((name) => name.endsWith(".txt")).sort()) {
    const bytes = fs.readFileSync(path.join(SEEDS_FOLDER, file));
    const { bulletin } = parseBulletin(decodeBulletinBytes(bytes));
    await importBulletin(db, admin.id, bulletin, bytes);
  }
  return { seeded: true };
}

/** The session signing secret shared by every server process (SESSION_SECRET, or one kept in the database). */
export async function sessionSecret(db: Database): Promise<string> {
  if (process.env.SESSION_SECRET) return process.env.SESSION_SECRET;
  const random = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("hex");
  await db.insert(settings).values({ key: "session_secret", value: random }).onConflictDoNothing();
  const [row] = await db.select().from(settings).where(eq(settings.key, "session_secret"));
  return row!.value;
}
