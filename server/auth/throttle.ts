import { eq, sql } from "drizzle-orm";
import { queryRows, type DatabaseOrTransaction } from "../db/client";
import { signInThrottle } from "../db/schema";

/** How many attempts a key gets in a window before each next one must wait (1 s, 2 s, 4 s … up to 15 min). */
export const ACCOUNT_FREE_ATTEMPTS = 5;
/**
 * Per address: higher, because a whole office behind one proxy shares it. Past it, the
 * address is slowed down for unknown accounts and accounts with failures only (see signIn).
 */
export const ADDRESS_FREE_ATTEMPTS = 20;
const WINDOW_SECONDS = 15 * 60;
const MAX_DELAY_SECONDS = 15 * 60;

export type Reservation = { reserved: true; attempts: number } | { reserved: false; retryAfter: number };

/**
 * Counts one attempt against `key` before the password is checked, in one statement,
 * unless the key is being slowed down: concurrent attempts queue on the row lock, so
 * no more than `free` of them (then one per delay) are ever let through.
 * `attempts` is this attempt's number in the window (1: nothing before it).
 */
export async function reserveAttempt(db: DatabaseOrTransaction, key: string, free: number): Promise<Reservation> {
  const window = sql.raw(`interval '${WINDOW_SECONDS} seconds'`);
  const rows = await queryRows<{ failures: number }>(
    db,
    sql`INSERT INTO sign_in_throttle AS t (key, failures, last_failure_at) VALUES (${key}, 1, now())
        ON CONFLICT (key) DO UPDATE SET
          failures = CASE WHEN t.last_failure_at < now() - ${window} THEN 1 ELSE t.failures + 1 END,
          last_failure_at = now()
        WHERE t.last_failure_at < now() - ${window}
           OR t.failures < ${free}
           OR t.last_failure_at <= now() - ${delaySql(free)}
        RETURNING failures`,
  );
  if (rows[0]) return { reserved: true, attempts: Number(rows[0].failures) };
  return { reserved: false, retryAfter: await secondsToWait(db, key, free) };
}

/** The wait after `failures` attempts: 1 s after the free ones, doubling, at most 15 minutes. */
function delaySql(free: number) {
  return sql`least(${MAX_DELAY_SECONDS}, power(2, least(greatest(t.failures - ${free}, 0), 20))) * interval '1 second'`;
}

/** Seconds until `key` may try again (at least 1 while it is held back). */
async function secondsToWait(db: DatabaseOrTransaction, key: string, free: number): Promise<number> {
  const rows = await queryRows<{ wait: number | null }>(
    db,
    sql`SELECT ceil(extract(epoch FROM (t.last_failure_at + ${delaySql(free)}) - now()))::int AS wait
        FROM sign_in_throttle t WHERE t.key = ${key}`,
  );
  return Math.max(1, Number(rows[0]?.wait ?? 1));
}

/** Gives back an attempt that was reserved but not used against this key (or that succeeded). */
export async function refundAttempt(db: DatabaseOrTransaction, key: string): Promise<void> {
  await db
    .update(signInThrottle)
    .set({ failures: sql`greatest(${signInThrottle.failures} - 1, 0)` })
    .where(eq(signInThrottle.key, key));
}

/** Forgets the failures of a key (the account signed in with its password). */
export async function clearAttempts(db: DatabaseOrTransaction, key: string): Promise<void> {
  await db.delete(signInThrottle).where(eq(signInThrottle.key, key));
}
