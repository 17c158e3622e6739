import { hash, verify } from "@node-rs/argon2";
import { eq } from "drizzle-orm";
import type { User } from "../../shared/api/schemas";
import { clearFailures, recordFailure, secondsToWait } from "../auth/throttle";
import type { Database } from "../db/client";
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

/** Checks email and password, slowing repeated failures per account and per address. */
export async function signIn(db: Database, email: string, password: string, address: string): Promise<User> {
  const keys = [`account:${email}`, `address:${address}`];
  const wait = await secondsToWait(db, keys);
  if (wait > 0) {
    throw new DomainError("too_many_attempts", `Demasiados intentos fallidos. Espera ${wait} segundos antes de volver a intentarlo.`, { retryAfter: wait });
  }
  const [row] = await db.select().from(users).where(eq(users.email, email));
  decoyHash ??= hashPassword("redacta-decoy-password");
  const valid = await verify(row?.passwordHash ?? (await decoyHash), password).catch(() => false);
  if (!row || !valid || row.disabled) {
    await recordFailure(db, keys);
    throw new DomainError(
      "invalid_credentials",
      row?.disabled && valid ? "Tu cuenta está desactivada. Pide ayuda a un administrador." : "El correo o la contraseña no son correctos.",
    );
  }
  await clearFailures(db, [keys[0]!]);
  return presentUser(row);
}
