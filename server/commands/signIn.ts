import { hash, verify } from "@node-rs/argon2";
import { eq } from "drizzle-orm";
import type { User } from "../../shared/api/schemas";
import { ACCOUNT_FREE_ATTEMPTS, ADDRESS_FREE_ATTEMPTS, clearAttempts, refundAttempt, reserveAttempt } from "../auth/throttle";
import type { Database } from "../db/client";
import { recordEvent } from "../db/queries/events";
import { users } from "../db/schema";
import { DomainError } from "../errors";

// Verifying against a real hash when the account does not exist keeps timing from revealing accounts.
let decoyHash: Promise<string> | null = null;

/** Hashes a password with argon2id (memory-hard). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export function presentUser(row: typeof users.$inferSelect): User {
  return { id: row.id, email: row.email, name: row.name, role: row.role, disabled: row.disabled };
}

const tooMany = (seconds: number) =>
  new DomainError("too_many_attempts", `Demasiados intentos fallidos. Espera ${seconds} segundos antes de volver a intentarlo.`, { retryAfter: seconds });

/**
 * Checks email and password. Each attempt is counted before the password is
 * verified (so concurrent guesses cannot outrun the count), per account and per
 * address, and recorded in the audit trail. An account gets 5 attempts, then each
 * next one waits longer, from any address. An address gets 20 (an office shares
 * one behind its proxy); past that it is held back for unknown accounts and for
 * accounts that already have failures, while an existing account with no recent
 * failure still signs in from it: a guesser there gets one try per account, not five.
 */
export async function signIn(db: Database, email: string, password: string, address: string): Promise<User> {
  const accountKey = `account:${email}`;
  const addressKey = `address:${address}`;
  const account = await reserveAttempt(db, accountKey, ACCOUNT_FREE_ATTEMPTS);
  if (!account.reserved) throw tooMany(account.retryAfter);

  const [row] = await db.select().from(users).where(eq(users.email, email));
  const fromAddress = await reserveAttempt(db, addressKey, ADDRESS_FREE_ATTEMPTS);
  const untouchedAccount = account.attempts === 1 && row !== undefined && !row.disabled;
  if (!fromAddress.reserved && !untouchedAccount) {
    // Not checked, so not counted against the account: only the address is held back.
    await refundAttempt(db, accountKey);
    throw tooMany(fromAddress.retryAfter);
  }

  decoyHash ??= hashPassword("redacta-decoy-password");
  const valid = await verify(row?.passwordHash ?? (await decoyHash), password).catch(() => false);
  if (!row || !valid || row.disabled) {
    const reason = !row ? "unknown_account" : !valid ? "wrong_password" : "disabled";
    await recordEvent(db, { bulletinId: null, actorId: row?.id ?? null, action: "sign_in_failed", detail: { email, address, reason } });
    throw new DomainError(
      "invalid_credentials",
      row?.disabled && valid ? "Tu cuenta está desactivada. Pide ayuda a un administrador." : "El correo o la contraseña no son correctos.",
    );
  }
  await db.transaction(async (tx) => {
    await clearAttempts(tx, accountKey);
    // Only this attempt is given back: one good account must not wipe an address's record of guesses.
    if (fromAddress.reserved) await refundAttempt(tx, addressKey);
    await recordEvent(tx, { bulletinId: null, actorId: row.id, action: "sign_in", detail: { email, address } });
  });
  return presentUser(row);
}
