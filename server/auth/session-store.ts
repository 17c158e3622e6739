import { and, eq, lt, ne, sql } from "drizzle-orm";
import session from "express-session";
import type { Database, DatabaseOrTransaction } from "../db/client";
import { sessions } from "../db/schema";
import { cachedSession, forgetSession, forgetUser, rememberSession, sessionReadStarted } from "./session-cache";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * express-session rows in Postgres, so every server process sees every session; what this
 * process read is kept a few seconds (server/auth/session-cache.ts).
 */
export class DatabaseSessionStore extends session.Store {
  private lastSweep = 0;
  /** When this process last pushed each session's expiry forward (a cache only: losing it costs one UPDATE). */
  private readonly touchedAt = new Map<string, number>();

  constructor(private readonly db: Database) {
    super();
  }

  override get(sid: string, callback: (error: unknown, data?: session.SessionData | null) => void): void {
    const cached = cachedSession(sid);
    if (cached) return callback(null, cached.data as unknown as session.SessionData);
    const startedAt = sessionReadStarted();
    this.db
      .select()
      .from(sessions)
      .where(eq(sessions.sid, sid))
      .then(([row]) => {
        if (!row || row.expiresAt.getTime() <= Date.now()) return callback(null, null);
        rememberSession(sid, startedAt, row);
        callback(null, row.data as unknown as session.SessionData);
      }, callback);
  }

  override set(sid: string, data: session.SessionData, callback?: (error?: unknown) => void): void {
    const expiresAt = data.cookie?.expires ? new Date(data.cookie.expires) : new Date(Date.now() + DAY_MS);
    const userId = (data as { userId?: number }).userId ?? null;
    const row = { sid, userId, data: JSON.parse(JSON.stringify(data)) as Record<string, unknown>, expiresAt };
    forgetSession(sid);
    this.db
      .insert(sessions)
      .values(row)
      .onConflictDoUpdate({ target: sessions.sid, set: { data: row.data, expiresAt, userId } })
      .then(() => forgetSession(sid))
      .then(() => this.sweep())
      .then(() => callback?.(), callback);
  }

  override touch(sid: string, data: session.SessionData, callback?: (error?: unknown) => void): void {
    // The idle expiry is hours long: moving it forward once a minute is enough, not on every request.
    const now = Date.now();
    if (now - (this.touchedAt.get(sid) ?? 0) < 60_000) {
      callback?.();
      return;
    }
    if (this.touchedAt.size > 10_000) this.touchedAt.clear();
    this.touchedAt.set(sid, now);
    const expiresAt = data.cookie?.expires ? new Date(data.cookie.expires) : new Date(Date.now() + DAY_MS);
    this.db
      .update(sessions)
      .set({ expiresAt })
      .where(eq(sessions.sid, sid))
      .then(() => callback?.(), callback);
  }

  override destroy(sid: string, callback?: (error?: unknown) => void): void {
    this.touchedAt.delete(sid);
    forgetSession(sid);
    this.db
      .delete(sessions)
      .where(eq(sessions.sid, sid))
      .then(() => forgetSession(sid))
      .then(() => callback?.(), callback);
  }

  /** Drops expired rows now and then, from whichever process writes. */
  private async sweep(): Promise<void> {
    if (Date.now() - this.lastSweep < 10 * 60 * 1000) return;
    this.lastSweep = Date.now();
    await this.db.delete(sessions).where(lt(sessions.expiresAt, sql`now()`));
  }
}

/**
 * Ends every session of a user (disabled account, sign-out everywhere). Inside a
 * transaction, the caller calls forgetUser(userId) again once it commits.
 */
export async function endUserSessions(db: DatabaseOrTransaction, userId: number, options: { except?: string } = {}): Promise<number> {
  forgetUser(userId);
  const where = options.except ? and(eq(sessions.userId, userId), ne(sessions.sid, options.except)) : eq(sessions.userId, userId);
  const ended = await db.delete(sessions).where(where).returning({ sid: sessions.sid });
  forgetUser(userId);
  return ended.length;
}

/** Ends one session by its id (sign-out), inside the caller's transaction (which then calls forgetSession again, or destroys it). */
export async function endSession(db: DatabaseOrTransaction, sid: string): Promise<void> {
  forgetSession(sid);
  await db.delete(sessions).where(eq(sessions.sid, sid));
  forgetSession(sid);
}
