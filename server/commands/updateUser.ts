import { verify } from "@node-rs/argon2";
import { and, asc, eq } from "drizzle-orm";
import type { Role, User } from "../../shared/api/schemas";
import { forgetUser } from "../auth/session-cache";
import { endUserSessions } from "../auth/session-store";
import { ACCOUNT_FREE_ATTEMPTS, accountKey, clearAttempts, forgetTrustedDevices, reserveAttempt } from "../auth/throttle";
import type { Database, DatabaseOrTransaction } from "../db/client";
import { recordEvent } from "../db/queries/events";
import { users } from "../db/schema";
import { DomainError, notFound } from "../errors";
import { hashPassword, presentUser } from "./signIn";

export interface UserChanges {
  name?: string;
  role?: Role;
  disabled?: boolean;
  /** Already hashed (hashing is slow: done before the transaction). */
  passwordHash?: string;
}

export const lastAdminError = () =>
  new DomainError(
    "last_admin",
    "No se puede quitar el rol de administración ni desactivar a la última persona administradora activa: nadie podría volver a administrar Redacta. Da primero ese rol a otra persona.",
  );

/**
 * Locks the active admins (in id order, so two callers never deadlock) and refuses
 * when `userId` is the only one left. Two concurrent demotions of the last two
 * admins queue on these row locks; the second sees the first one's change.
 */
export async function assertAnotherActiveAdmin(tx: DatabaseOrTransaction, userId: number): Promise<void> {
  const admins = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.disabled, false)))
    .orderBy(asc(users.id))
    .for("update");
  if (!admins.some((admin) => admin.id !== userId)) throw lastAdminError();
}

/**
 * The signed-in user's own new password, proven by the current one: the account is
 * theirs alone again (four-eyes forgets who set the old one). Their other sessions end.
 * The check of the current password is counted like a sign-in (a stolen session gets
 * no free guesses) and made with the row locked, so a reset by an admin meanwhile is
 * never overwritten.
 */
export async function changeOwnPassword(
  db: Database,
  user: Pick<User, "id">,
  currentPassword: string,
  newPassword: string,
  keepSessionId: string,
): Promise<User> {
  const [account] = await db.select({ email: users.email }).from(users).where(eq(users.id, user.id));
  if (!account) throw notFound("El usuario");
  // Counted outside the transaction, so a wrong guess stays counted when the transaction rolls back.
  const attempt = await reserveAttempt(db, accountKey(account.email), ACCOUNT_FREE_ATTEMPTS);
  if (!attempt.reserved) {
    throw new DomainError("too_many_attempts", `Demasiados intentos fallidos. Espera ${attempt.retryAfter} segundos antes de volver a intentarlo.`, {
      retryAfter: attempt.retryAfter,
    });
  }
  // Committed or not, this process reads the account again (server/auth/session-cache.ts).
  return afterwardsForget(user.id, db.transaction(async (tx) => {
    const [row] = await tx.select().from(users).where(eq(users.id, user.id)).for("update");
    if (!row) throw notFound("El usuario");
    if (!(await verify(row.passwordHash, currentPassword).catch(() => false))) {
      throw new DomainError("wrong_password", "La contraseña actual no es correcta.", { path: "currentPassword" });
    }
    await clearAttempts(tx, accountKey(row.email));
    const [updated] = await tx
      .update(users)
      .set({ passwordHash: await hashPassword(newPassword), passwordSetBy: null, updatedAt: new Date() })
      .where(eq(users.id, user.id))
      .returning();
    const endedSessions = await endUserSessions(tx, user.id, { except: keepSessionId });
    await recordEvent(tx, {
      bulletinId: null,
      actorId: user.id,
      action: "change_own_password",
      detail: { userId: user.id, email: row.email, ...(row.passwordSetBy !== null ? { previouslySetBy: row.passwordSetBy } : {}), endedSessions },
    });
    return presentUser(updated!);
  }));
}

/** `work`'s result, once this process has forgotten what it kept of `userId`'s sessions (after the commit). */
async function afterwardsForget<T>(userId: number, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } finally {
    forgetUser(userId);
  }
}

/**
 * Changes a user's name, role, password or disabled flag in one transaction, audited.
 * Never leaves the office without an active admin. A disabled account or a new
 * password ends the user's sessions everywhere and forgets the browsers trusted
 * for it (whoever signed in with the old password keeps no budget of their own).
 */
export async function updateUser(db: Database, actor: Pick<User, "id">, userId: number, changes: UserChanges): Promise<User> {
  return afterwardsForget(userId, db.transaction(async (tx) => {
    const [current] = await tx.select().from(users).where(eq(users.id, userId));
    if (!current) throw notFound("El usuario");
    const losesAdmin = current.role === "admin" && !current.disabled && ((changes.role !== undefined && changes.role !== "admin") || changes.disabled === true);
    if (losesAdmin) await assertAnotherActiveAdmin(tx, userId);
    const [updated] = await tx
      .update(users)
      // A password someone else set is theirs to know: four-eyes counts them with this account until its owner sets one.
      .set({ ...changes, ...(changes.passwordHash ? { passwordSetBy: actor.id === userId ? null : actor.id } : {}), updatedAt: new Date() })
      .where(eq(users.id, userId))
      .returning();
    const endedSessions = changes.disabled || changes.passwordHash ? await endUserSessions(tx, userId) : 0;
    if (changes.disabled || changes.passwordHash) await forgetTrustedDevices(tx, userId);
    await recordEvent(tx, {
      bulletinId: null,
      actorId: actor.id,
      action: "update_user",
      detail: {
        userId,
        email: current.email,
        ...(changes.name !== undefined && changes.name !== current.name ? { name: changes.name } : {}),
        ...(changes.role !== undefined ? { role: changes.role, previousRole: current.role } : {}),
        ...(changes.disabled !== undefined ? { disabled: changes.disabled } : {}),
        ...(changes.passwordHash ? { passwordChanged: true } : {}),
        ...(endedSessions > 0 ? { endedSessions } : {}),
      },
    });
    return presentUser(updated!);
  }));
}

/** Ends every session of a user (an admin's "cerrar sesiones"), audited. */
export async function endSessionsOf(db: Database, actor: Pick<User, "id">, userId: number): Promise<number> {
  return afterwardsForget(userId, db.transaction(async (tx) => {
    const [target] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId));
    if (!target) throw notFound("El usuario");
    const ended = await endUserSessions(tx, userId);
    await recordEvent(tx, { bulletinId: null, actorId: actor.id, action: "end_sessions", detail: { userId, email: target.email, endedSessions: ended } });
    return ended;
  }));
}
