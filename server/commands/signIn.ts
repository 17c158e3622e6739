import { hash, verify } from "@node-rs/argon2";
import { eq } from "drizzle-orm";
import type { User } from "../../shared/api/schemas";
import {
  ACCOUNT_FREE_ATTEMPTS,
  ADDRESS_FREE_ATTEMPTS,
  DEVICE_FREE_ATTEMPTS,
  accountKey,
  addressKey,
  clearAttempts,
  deviceKey,
  deviceTokenHash,
  issueDeviceToken,
  pruneNowAndThen,
  refundAttempt,
  reserveAttempt,
  trustedDeviceOwner,
} from "../auth/throttle";
import type { Database } from "../db/client";
import { recordEvent } from "../db/queries/events";
import { users } from "../db/schema";
import { DomainError } from "../errors";

// Verifying against a real hash when the account does not exist keeps timing from revealing accounts.
let decoyHash: Promise<string> | null = null;

/**
 * How many passwords this process has verified (argon2, against the account's hash or the
 * decoy): an unknown email must cost one check like an existing one, and the tests count it
 * instead of timing it on a busy machine.
 */
export const passwordChecks = { count: 0 };

/** Verifies `password` against an argon2 `hash`, counted. */
async function checkPassword(hash: string, password: string): Promise<boolean> {
  passwordChecks.count++;
  return verify(hash, password).catch(() => false);
}

/** Hashes a password with argon2id (memory-hard). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export function presentUser(row: typeof users.$inferSelect): User {
  return { id: row.id, email: row.email, name: row.name, role: row.role, disabled: row.disabled, passwordSetBy: row.passwordSetBy, emailNotifications: row.emailNotifications };
}

const tooMany = (seconds: number) =>
  new DomainError("too_many_attempts", `Demasiados intentos fallidos. Espera ${seconds} segundos antes de volver a intentarlo.`, { retryAfter: seconds });

/** A sign-in from a browser that can keep a cookie: the user, and the token of its new `redacta.device` cookie. */
export interface SignedIn {
  user: User;
  deviceToken: string;
}

/**
 * Checks email and password (see signInFromBrowser), without trusting the caller
 * as a browser afterwards: no device token is issued.
 */
export async function signIn(db: Database, email: string, password: string, address: string, deviceToken: string | null = null): Promise<User> {
  return (await attemptSignIn(db, email, password, address, deviceToken, false)).user;
}

/**
 * Checks email and password, every attempt counted before the password is verified
 * (so concurrent guesses cannot outrun the count), and recorded in the audit trail.
 *
 * A browser that presents the token of an earlier sign-in to this same account
 * (`redacta.device`, not expired) spends only its own budget (`device:<hash>`: 5,
 * then each next one waits longer): a guesser elsewhere, who lacks the token,
 * cannot lock the account's owner out. Any other attempt spends, first, its
 * address's budget (20: an office shares one behind its proxy); while the address
 * is held back, every email gets the same 429 and no account's row is touched
 * (nor added); then the account's (5, from any address). Unknown emails are
 * counted and verified (against a decoy hash) like existing ones: same answer,
 * same time. A success clears the account's count, gives back its attempt at the
 * address, and replaces the browser's token with a new one.
 */
export async function signInFromBrowser(db: Database, email: string, password: string, address: string, deviceToken: string | null): Promise<SignedIn> {
  const { user, issued } = await attemptSignIn(db, email, password, address, deviceToken, true);
  return { user, deviceToken: issued! };
}

async function attemptSignIn(
  db: Database,
  email: string,
  password: string,
  address: string,
  presentedToken: string | null,
  trustBrowser: boolean,
): Promise<{ user: User; issued: string | null }> {
  await pruneNowAndThen(db);
  const presentedHash = deviceTokenHash(presentedToken);
  // Looked up whatever the email, so the time taken says nothing about the account.
  const owner = presentedHash ? await trustedDeviceOwner(db, presentedHash) : null;
  const trusted = presentedHash !== null && owner !== null && owner.email === email;

  if (trusted) {
    const device = await reserveAttempt(db, deviceKey(presentedHash), DEVICE_FREE_ATTEMPTS);
    if (!device.reserved) throw tooMany(device.retryAfter);
  } else {
    const fromAddress = await reserveAttempt(db, addressKey(address), ADDRESS_FREE_ATTEMPTS);
    if (!fromAddress.reserved) throw tooMany(fromAddress.retryAfter);
    const account = await reserveAttempt(db, accountKey(email), ACCOUNT_FREE_ATTEMPTS);
    if (!account.reserved) {
      // Not checked: the address gets its attempt back (a colleague whose account is under siege must not use up the office's).
      await refundAttempt(db, addressKey(address));
      throw tooMany(account.retryAfter);
    }
  }

  const [row] = await db.select().from(users).where(eq(users.email, email));
  decoyHash ??= hashPassword("redacta-decoy-password");
  const valid = await checkPassword(row?.passwordHash ?? (await decoyHash), password);
  const via = trusted ? { trustedDevice: true } : {};
  if (!row || !valid || row.disabled) {
    const reason = !row ? "unknown_account" : !valid ? "wrong_password" : "disabled";
    await recordEvent(db, { bulletinId: null, actorId: row?.id ?? null, action: "sign_in_failed", detail: { email, address, reason, ...via } });
    throw new DomainError(
      "invalid_credentials",
      row?.disabled && valid ? "Tu cuenta está desactivada. Pide ayuda a un administrador." : "El correo o la contraseña no son correctos.",
    );
  }
  const issued = await db.transaction(async (tx) => {
    if (trusted) {
      // The account's own count stays: the owner signing in must not hand a guesser elsewhere 5 new attempts.
      await clearAttempts(tx, deviceKey(presentedHash));
    } else {
      await clearAttempts(tx, accountKey(email));
      // Only this attempt is given back: one good account must not wipe an address's record of guesses.
      await refundAttempt(tx, addressKey(address));
    }
    await recordEvent(tx, { bulletinId: null, actorId: row.id, action: "sign_in", detail: { email, address, ...via } });
    return trustBrowser ? issueDeviceToken(tx, row.id, presentedHash) : null;
  });
  return { user: presentUser(row), issued };
}
