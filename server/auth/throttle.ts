import { inArray, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { signInThrottle } from "../db/schema";

const FREE_ATTEMPTS = 5;
const WINDOW_MS = 15 * 60 * 1000;
const MAX_DELAY_MS = 15 * 60 * 1000;

/** Seconds to wait before another sign-in attempt for these keys (account, address); 0 when free. */
export async function secondsToWait(db: Database, keys: string[]): Promise<number> {
  const rows = await db.select().from(signInThrottle).where(inArray(signInThrottle.key, keys));
  let waitMs = 0;
  for (const row of rows) {
    const since = Date.now() - row.lastFailureAt.getTime();
    if (since > WINDOW_MS || row.failures < FREE_ATTEMPTS) continue;
    const delay = Math.min(MAX_DELAY_MS, 1000 * 2 ** (row.failures - FREE_ATTEMPTS));
    waitMs = Math.max(waitMs, delay - since);
  }
  return Math.ceil(Math.max(0, waitMs) / 1000);
}

/** Counts a failed attempt against each key; a quiet window starts the count again. */
export async function recordFailure(db: Database, keys: string[]): Promise<void> {
  for (const key of keys) {
    await db
      .insert(signInThrottle)
      .values({ key, failures: 1 })
      .onConflictDoUpdate({
        target: signInThrottle.key,
        set: {
          failures: sql`CASE WHEN ${signInThrottle.lastFailureAt} < now() - ${`${WINDOW_MS / 1000} seconds`}::interval THEN 1 ELSE ${signInThrottle.failures} + 1 END`,
          lastFailureAt: sql`now()`,
        },
      });
  }
}

export async function clearFailures(db: Database, keys: string[]): Promise<void> {
  await db.delete(signInThrottle).where(inArray(signInThrottle.key, keys));
}
