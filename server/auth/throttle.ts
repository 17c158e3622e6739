import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, gt, inArray, lt, lte, notInArray, sql } from "drizzle-orm";
import { queryRows, type DatabaseOrTransaction } from "../db/client";
import { signInThrottle, trustedDevices, users } from "../db/schema";

/** How many attempts a key gets in a window before each next one must wait (1 s, 2 s, 4 s … up to 15 min). */
export const ACCOUNT_FREE_ATTEMPTS = 5;
/** Per address: higher, because a whole office behind one proxy shares it (and its trusted browsers skip it). */
export const ADDRESS_FREE_ATTEMPTS = 20;
/** Per trusted browser (`device:<hash>`): the same as an account, but only that browser spends it. */
export const DEVICE_FREE_ATTEMPTS = 5;
const WINDOW_SECONDS = 15 * 60;
const MAX_DELAY_SECONDS = 15 * 60;

/** The keys of sign_in_throttle: one per account (any address), per address (any account), per trusted browser. */
export const accountKey = (email: string) => `account:${email}`;
export const addressKey = (address: string) => `address:${address}`;
export const deviceKey = (tokenHash: string) => `device:${tokenHash}`;

export type Reservation = { reserved: true; attempts: number } | { reserved: false; retryAfter: number };

/**
 * Counts one attempt against `key` before the password is checked, in one statement,
 * unless the key is being slowed down: concurrent attempts queue on the row lock, so
 * no more than `free` of them (then one per delay) are ever let through. A refused
 * attempt writes nothing (the row stays as it was; no row is added for a held-back key).
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

/**
 * Forgets every count kept for one account: its own budget and those of its trusted
 * browsers (the CLI's set-password, grant-admin and create-admin: the way back in).
 * Addresses are nobody's account and keep theirs.
 */
export async function clearAccountAttempts(db: DatabaseOrTransaction, userId: number, email: string): Promise<void> {
  const devices = await db.select({ tokenHash: trustedDevices.tokenHash }).from(trustedDevices).where(eq(trustedDevices.userId, userId));
  await db.delete(signInThrottle).where(inArray(signInThrottle.key, [accountKey(email), ...devices.map((row) => deviceKey(row.tokenHash))]));
}

// ── Trusted browsers (OWASP's "device cookie") ─────────────────────────────────

/** How long a browser stays trusted after its last password sign-in. */
export const DEVICE_LIFETIME_MS = 90 * 24 * 60 * 60 * 1000;
/** Per account, the newest browsers kept trusted (scripts that sign in without keeping cookies must not pile rows up). */
const MAX_DEVICES_PER_USER = 20;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** sha256 of a device token (hex): the only form the database keeps. Null for anything that cannot be a token. */
export function deviceTokenHash(token: string | null | undefined): string | null {
  if (!token || !TOKEN_PATTERN.test(token)) return null;
  return createHash("sha256").update(token).digest("hex");
}

/** The account a presented token belongs to, while it has not expired. */
export async function trustedDeviceOwner(db: DatabaseOrTransaction, tokenHash: string): Promise<{ userId: number; email: string } | null> {
  const [row] = await db
    .select({ userId: trustedDevices.userId, email: users.email })
    .from(trustedDevices)
    .innerJoin(users, eq(users.id, trustedDevices.userId))
    .where(and(eq(trustedDevices.tokenHash, tokenHash), gt(trustedDevices.expiresAt, sql`now()`)));
  return row ?? null;
}

/**
 * A new random token (32 bytes) for a browser that just signed in to `userId`, stored
 * as its sha256; the token the browser held before (`previousHash`) and its budget go,
 * and only the account's newest browsers are kept. Returns the token for the cookie.
 */
export async function issueDeviceToken(db: DatabaseOrTransaction, userId: number, previousHash: string | null): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  if (previousHash) {
    await db.delete(trustedDevices).where(eq(trustedDevices.tokenHash, previousHash));
    await clearAttempts(db, deviceKey(previousHash));
  }
  await db.insert(trustedDevices).values({ tokenHash: deviceTokenHash(token)!, userId, expiresAt: new Date(Date.now() + DEVICE_LIFETIME_MS) });
  const newest = db
    .select({ tokenHash: trustedDevices.tokenHash })
    .from(trustedDevices)
    .where(eq(trustedDevices.userId, userId))
    .orderBy(desc(trustedDevices.createdAt), desc(trustedDevices.tokenHash))
    .limit(MAX_DEVICES_PER_USER);
  await db.delete(trustedDevices).where(and(eq(trustedDevices.userId, userId), notInArray(trustedDevices.tokenHash, newest)));
  return token;
}

/** Forgets every browser trusted for a user (account disabled, new password set by an admin). */
export async function forgetTrustedDevices(db: DatabaseOrTransaction, userId: number): Promise<number> {
  const gone = await db.delete(trustedDevices).where(eq(trustedDevices.userId, userId)).returning({ tokenHash: trustedDevices.tokenHash });
  if (gone.length > 0) await db.delete(signInThrottle).where(inArray(signInThrottle.key, gone.map((row) => deviceKey(row.tokenHash))));
  return gone.length;
}

// ── Pruning ────────────────────────────────────────────────────────────────────

const SWEEP_INTERVAL_MS = 5 * 60 * 1000;
/** When this process last swept each database (a test process opens many). */
const lastSweep = new WeakMap<object, number>();

/**
 * Deletes throttle rows whose window ended (the next attempt would start from 1
 * anyway: the longest wait is the window) and expired trusted browsers.
 */
export async function pruneSignInRecords(db: DatabaseOrTransaction): Promise<void> {
  const window = sql.raw(`interval '${WINDOW_SECONDS} seconds'`);
  await db.delete(signInThrottle).where(lt(signInThrottle.lastFailureAt, sql`now() - ${window}`));
  await db.delete(trustedDevices).where(lte(trustedDevices.expiresAt, sql`now()`));
}

/** pruneSignInRecords at most once every 5 minutes per process and database, from whichever process signs someone in. */
export async function pruneNowAndThen(db: DatabaseOrTransaction): Promise<void> {
  const now = Date.now();
  if (now - (lastSweep.get(db) ?? 0) < SWEEP_INTERVAL_MS) return;
  lastSweep.set(db, now);
  await pruneSignInRecords(db);
}
