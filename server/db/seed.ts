import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { count, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Role } from "../../shared/api/schemas";
import { importBulletin } from "../commands/importBulletin";
import { hashPassword } from "../commands/signIn";
import { decodeBulletinBytes, parseBulletin } from "../import/parse-bulletin";
import { loadOrganization, loadShippedTemplates } from "../templates/load";
import type { Database, DatabaseOrTransaction } from "./client";
import { seedDemoLists } from "./demo-lists";
import { recordEvent } from "./queries/events";
import { saveOrganizationProfile } from "./queries/organization";
import { bulletins, contactLists, organization, settings, templates, users } from "./schema";

export const SEEDS_FOLDER = fileURLToPath(new URL("../../seeds", import.meta.url));
export const DEMO_PASSWORD = "redacta-demo";
export const DEMO_USERS: { email: string; name: string; role: Role }[] = [
  { email: "autora@redacta.local", name: "Ana Autora", role: "author" },
  { email: "revisor@redacta.local", name: "Raúl Revisor", role: "reviewer" },
  { email: "revisora2@redacta.local", name: "Rita Revisora", role: "reviewer" },
  { email: "admin@redacta.local", name: "Adela Administradora", role: "admin" },
  { email: "difusion@redacta.local", name: "Diana Difusión", role: "distribution" },
];

/** Raised at start for a configuration that cannot work (ADMIN_EMAIL without a usable ADMIN_PASSWORD…). */
export class ConfigurationError extends Error {}

export interface SeedOptions {
  /**
   * The two-command local start: demo accounts with the published password and
   * the five example bulletins (another institution's, numbered 2024) in the archive.
   * Never in production, where they would be a known password and foreign numbers.
   */
  demo: boolean;
  /** Production: the first admin, created when no account exists yet (ADMIN_EMAIL + ADMIN_PASSWORD). */
  firstAdmin?: { email: string; password: string };
}

const MIN_PASSWORD = 10;

/** What to seed, from NODE_ENV, ADMIN_EMAIL and ADMIN_PASSWORD; a half-given or weak first admin stops the start. */
export function seedOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): SeedOptions {
  if (env.NODE_ENV !== "production") return { demo: true };
  const email = env.ADMIN_EMAIL?.trim().toLowerCase() || undefined;
  const password = env.ADMIN_PASSWORD || undefined;
  if (!email && !password) return { demo: false };
  if (!email || !password) {
    throw new ConfigurationError("Define ADMIN_EMAIL y ADMIN_PASSWORD juntas (o ninguna de las dos) para crear la primera cuenta de administración.");
  }
  if (!z.email().safeParse(email).success) throw new ConfigurationError(`ADMIN_EMAIL no es un correo electrónico válido: «${email}».`);
  if (password.length < MIN_PASSWORD) {
    throw new ConfigurationError(`ADMIN_PASSWORD debe tener al menos ${MIN_PASSWORD} caracteres.`);
  }
  return { demo: false, firstAdmin: { email, password } };
}

export interface SeedResult {
  /** Something was written: the profile and templates of a new database, or the first admin. */
  seeded: boolean;
  /** The first admin created now from ADMIN_EMAIL. */
  createdAdmin?: string;
}

/**
 * Fills a new database (one without an organisation profile): the profile and the
 * shipped templates always; with `demo`, the demo accounts (when no account exists)
 * and the example bulletins as published archive. In production, creates the first
 * admin from `firstAdmin` while no account exists. Safe to run on every start.
 */
export async function seedDatabase(db: Database, options: SeedOptions = seedOptionsFromEnv()): Promise<SeedResult> {
  const fresh = async (tx: DatabaseOrTransaction) => (await tx.select({ id: organization.id }).from(organization).limit(1)).length === 0;
  const noAccounts = async (tx: DatabaseOrTransaction) => Number((await tx.select({ total: count() }).from(users))[0]?.total ?? 0) === 0;
  const wantsAdmin = options.firstAdmin !== undefined;
  // A database a CLI run started (profile, templates, no accounts) still gets its accounts on the first server start.
  if (!(await fresh(db)) && !((wantsAdmin || options.demo) && (await noAccounts(db)))) return { seeded: false };
  const passwordHash = options.demo ? await hashPassword(DEMO_PASSWORD) : options.firstAdmin ? await hashPassword(options.firstAdmin.password) : null;
  const outcome = await db.transaction(async (tx): Promise<SeedResult & { demoAdminId?: number }> => {
    // Two processes seeding one empty PostgreSQL at once: the second waits here, then finds it done.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(728362)`);
    const isFresh = await fresh(tx);
    const hasNoAccounts = await noAccounts(tx);
    if (isFresh) {
      await saveOrganizationProfile(tx, loadOrganization());
      for (const template of loadShippedTemplates()) {
        await tx.insert(templates).values({ id: template.id, data: template }).onConflictDoNothing();
      }
    }
    if (options.demo && hasNoAccounts) {
      const demoUsers = await tx.insert(users).values(DEMO_USERS.map((user) => ({ ...user, passwordHash: passwordHash! }))).returning();
      // The demo media lists only beside the demo accounts, and only into a database without lists.
      if ((await tx.select({ id: contactLists.id }).from(contactLists).limit(1)).length === 0) {
        await seedDemoLists(tx, demoUsers.find((user) => user.role === "distribution")!.id);
      }
      // The example bulletins only into an empty archive: never beside an office's own imported one.
      const archiveEmpty = Number((await tx.select({ total: count() }).from(bulletins))[0]?.total ?? 0) === 0;
      return { seeded: true, ...(archiveEmpty ? { demoAdminId: demoUsers.find((user) => user.role === "admin")!.id } : {}) };
    }
    if (options.firstAdmin && hasNoAccounts) {
      const email = options.firstAdmin.email;
      const [admin] = await tx.insert(users).values({ email, name: "Administración", role: "admin", passwordHash: passwordHash! }).returning({ id: users.id });
      await recordEvent(tx, { bulletinId: null, actorId: null, action: "create_user", detail: { userId: admin!.id, email, role: "admin", via: "ADMIN_EMAIL" } });
      return { seeded: true, createdAdmin: email };
    }
    return { seeded: isFresh };
  });
  if (outcome.demoAdminId !== undefined) {
    for (const file of fs.readdirSync(SEEDS_FOLDER).filter((name) => name.endsWith(".txt")).sort()) {
      const bytes = fs.readFileSync(path.join(SEEDS_FOLDER, file));
      const { bulletin } = parseBulletin(decodeBulletinBytes(bytes));
      await importBulletin(db, outcome.demoAdminId, bulletin, bytes);
    }
    return { seeded: true };
  }
  return { seeded: outcome.seeded, ...(outcome.createdAdmin ? { createdAdmin: outcome.createdAdmin } : {}) };
}

/** The session signing secret shared by every server process (SESSION_SECRET, or one kept in the database). */
export async function sessionSecret(db: Database): Promise<string> {
  if (process.env.SESSION_SECRET) return process.env.SESSION_SECRET;
  const random = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("hex");
  await db.insert(settings).values({ key: "session_secret", value: random }).onConflictDoNothing();
  const [row] = await db.select().from(settings).where(eq(settings.key, "session_secret"));
  return row!.value;
}
