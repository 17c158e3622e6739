import { and, asc, eq } from "drizzle-orm";
import { forgetUser } from "../auth/session-cache";
import { endUserSessions } from "../auth/session-store";
import { clearAccountAttempts, forgetTrustedDevices } from "../auth/throttle";
import type { Database } from "../db/client";
import { recordEvent } from "../db/queries/events";
import { users } from "../db/schema";
import { DomainError } from "../errors";

/** What the command line does to accounts, each in one transaction and audited (actor: nobody, via the CLI). */

/**
 * Makes an existing user an admin (and re-enables the account): the way back when no
 * admin can sign in. The account's sign-in counts are forgotten, so it signs in at once.
 */
export async function grantAdmin(db: Database, email: string): Promise<{ id: number; previousRole: string; wasDisabled: boolean }> {
  const granted = await db.transaction(async (tx) => {
    const [current] = await tx.select().from(users).where(eq(users.email, email)).for("update");
    if (!current) throw new DomainError("not_found", `No existe un usuario con el correo ${email}. Para crear uno nuevo usa create-admin ${email}.`);
    await tx.update(users).set({ role: "admin", disabled: false, updatedAt: new Date() }).where(eq(users.id, current.id));
    await clearAccountAttempts(tx, current.id, email);
    await recordEvent(tx, {
      bulletinId: null,
      actorId: null,
      action: "update_user",
      detail: { userId: current.id, email, role: "admin", previousRole: current.role, ...(current.disabled ? { disabled: false } : {}), via: "cli" },
    });
    return { id: current.id, previousRole: current.role, wasDisabled: current.disabled };
  });
  // Committed: a server in this process reads the account again (another process within SESSION_CACHE_MS).
  forgetUser(granted.id);
  return granted;
}

/** Creates an admin account (the first one of a production install, or one more); guesses at its email before it existed are forgotten. */
export async function createAdmin(db: Database, email: string, name: string, passwordHash: string): Promise<number> {
  return db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (taken) {
      throw new DomainError("already_exists", `Ya existe una cuenta con el correo ${email}: usa grant-admin para darle el rol de administración o set-password para cambiar su contraseña.`);
    }
    const [row] = await tx.insert(users).values({ email, name, role: "admin", passwordHash }).returning({ id: users.id });
    await clearAccountAttempts(tx, row!.id, email);
    await recordEvent(tx, { bulletinId: null, actorId: null, action: "create_user", detail: { userId: row!.id, email, role: "admin", via: "cli" } });
    return row!.id;
  });
}

/**
 * A new password (and the account enabled again); the sessions opened with the old one
 * end, the browsers trusted for it are forgotten (as when an admin sets one), and so are
 * the account's sign-in counts: an admin held back from a new browser gets back in.
 */
export async function setPassword(db: Database, email: string, passwordHash: string): Promise<void> {
  const userId = await db.transaction(async (tx) => {
    const [updated] = await tx.update(users).set({ passwordHash, passwordSetBy: null, disabled: false, updatedAt: new Date() }).where(eq(users.email, email)).returning({ id: users.id });
    if (!updated) throw new DomainError("not_found", `No existe un usuario con el correo ${email}.`);
    const endedSessions = await endUserSessions(tx, updated.id);
    await clearAccountAttempts(tx, updated.id, email);
    await forgetTrustedDevices(tx, updated.id);
    await recordEvent(tx, { bulletinId: null, actorId: null, action: "update_user", detail: { userId: updated.id, email, passwordChanged: true, endedSessions, via: "cli" } });
    return updated.id;
  });
  forgetUser(userId);
}

/**
 * Who imported bulletins are filed under: the user named by `email`, or else the
 * first active admin. Without either, a Spanish explanation instead of a crash.
 */
export async function importAuthor(db: Database, email?: string): Promise<{ id: number; email: string }> {
  if (email) {
    const [row] = await db.select({ id: users.id, email: users.email }).from(users).where(eq(users.email, email));
    if (!row) throw new DomainError("not_found", `No existe un usuario con el correo ${email} (--as).`);
    return row;
  }
  const [admin] = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.disabled, false)))
    .orderBy(asc(users.id))
    .limit(1);
  if (!admin) {
    throw new DomainError(
      "not_found",
      "No hay ninguna cuenta de administración activa a la que atribuir los boletines importados. Indica otra cuenta con --as CORREO, " +
        "da el rol a una existente con grant-admin CORREO o crea una con create-admin CORREO.",
    );
  }
  return admin;
}
