import { LRUCache } from "lru-cache";
import type { users } from "../db/schema";

/**
 * What this process read of a session and of its user, kept a few seconds so a signed-in
 * request (an autosave a second per person typing) does not ask the database twice before
 * its own work. Correctness over speed:
 * - this process forgets a session when it writes or ends it (sign-in, sign-out, end of its
 *   sessions) and forgets a user when it changes them (password, role, disabled, name,
 *   preferences): the change holds here at once;
 * - another process (a second server, the command line) is believed after at most
 *   SESSION_CACHE_MS, when its entry is read again from the database.
 * Keyed by session id (random, so two databases in one process never share an entry).
 */

/** How long an entry is trusted without asking the database (the bound for changes made by another process). */
export const SESSION_CACHE_MS = 5_000;

type UserRow = typeof users.$inferSelect;

interface Entry {
  /** The session data as stored (JSON): each request gets its own copy, express-session changes what it is given. */
  data: string;
  /** When the stored session expires (ms since epoch). */
  expiresAt: number;
  userId: number | null;
  user?: UserRow;
}

const entries = new LRUCache<string, Entry>({ max: 10_000, ttl: SESSION_CACHE_MS });

/**
 * Bumped by every forget: a read that began before a forget is not remembered, so a
 * session ended while it was being read is not cached as alive.
 */
let generation = 0;

/** The generation to pass back to remember*: taken before the database is asked. */
export function sessionReadStarted(): number {
  return generation;
}

/** The session's data (a fresh copy) when this process read it less than SESSION_CACHE_MS ago and it has not expired. */
export function cachedSession(sid: string): { data: Record<string, unknown>; userId: number | null } | null {
  const entry = entries.get(sid);
  if (!entry) return null;
  if (entry.expiresAt <= Date.now()) {
    entries.delete(sid);
    return null;
  }
  return { data: JSON.parse(entry.data) as Record<string, unknown>, userId: entry.userId };
}

/** Keeps a session row read from the database, unless something was forgotten since `startedAt`. */
export function rememberSession(sid: string, startedAt: number, row: { data: unknown; expiresAt: Date; userId: number | null }): void {
  if (startedAt !== generation) return;
  entries.set(sid, { data: JSON.stringify(row.data), expiresAt: row.expiresAt.getTime(), userId: row.userId });
}

/** The user row read with this session less than SESSION_CACHE_MS ago. */
export function cachedUser(sid: string, userId: number): UserRow | null {
  const entry = entries.get(sid, { updateAgeOnGet: false });
  return entry?.user && entry.user.id === userId ? entry.user : null;
}

/** Keeps the session's user row (an active account) beside its session, unless something was forgotten since `startedAt`. */
export function rememberUser(sid: string, startedAt: number, row: UserRow): void {
  if (startedAt !== generation || row.disabled) return;
  const entry = entries.get(sid, { updateAgeOnGet: false });
  if (entry && entry.userId === row.id) entry.user = row;
}

/** This process wrote or ended the session: read it from the database next time. */
export function forgetSession(sid: string): void {
  generation++;
  entries.delete(sid);
}

/**
 * This process changed the user or ended their sessions: every session of theirs is read
 * again. Call it inside the transaction that changes them and again after it commits (a
 * request reading meanwhile still sees the old row).
 */
export function forgetUser(userId: number): void {
  generation++;
  for (const [sid, entry] of entries.entries()) if (entry.userId === userId) entries.delete(sid);
}

/** Forgets everything (tests that change users behind the server's back). */
export function forgetAllSessions(): void {
  generation++;
  entries.clear();
}
