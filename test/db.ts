import fs from "node:fs";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { openDatabase, type DatabaseHandle } from "../server/db/client";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteEmpty: string;
    pgliteSeeded: string;
    postgresTemplates: { empty: string; seeded: string; prefix: string } | null;
  }
}

/** The PostgreSQL server the tests also run on, when TEST_DATABASE_URL is set. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

export interface TestDatabase {
  handle: DatabaseHandle;
  /** postgres://… of this test's own database (PostgreSQL runs only). */
  url?: string;
  close(): Promise<void>;
}

/** Replaces the database name of a postgres:// URL. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * A fresh migrated database for one test file: a clone of the template that the
 * global setup migrated (and seeded, unless `seeded: false`). PGlite in memory
 * by default; a new database on the TEST_DATABASE_URL server when it is set.
 */
export async function createTestDatabase(options: { seeded?: boolean; poolSize?: number } = {}): Promise<TestDatabase> {
  const seeded = options.seeded ?? true;
  const templates = inject("postgresTemplates");
  if (TEST_DATABASE_URL && templates) {
    const name = `${templates.prefix}${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          await admin.query(`CREATE DATABASE ${name} TEMPLATE ${seeded ? templates.seeded : templates.empty}`);
          break;
        } catch (error) {
          // Two files cloning one template at the same instant: try again shortly.
          if (attempt > 20 || !/being accessed by other users/.test((error as Error).message)) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
        }
      }
    } finally {
      await admin.end();
    }
    const url = withDatabase(TEST_DATABASE_URL, name);
    const handle = await openDatabase({ url, poolSize: options.poolSize ?? 20 });
    return {
      handle,
      url,
      async close() {
        await handle.close();
        const cleanup = new pg.Client({ connectionString: TEST_DATABASE_URL });
        await cleanup.connect();
        await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => cleanup.end());
      },
    };
  }
  const dump = fs.readFileSync(inject(seeded ? "pgliteSeeded" : "pgliteEmpty"));
  const handle = await openDatabase({ loadDataDir: new Blob([dump]) });
  return { handle, close: () => handle.close() };
}
