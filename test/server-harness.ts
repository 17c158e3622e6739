import { ensureClientBuild } from "../server/client-build";
import type { DatabaseHandle } from "../server/db/client";
import { startServer } from "../server/start";
import { createTestDatabase } from "./db";

export interface TestServer {
  url: string;
  handle: DatabaseHandle;
  /** postgres://… of the test database (PostgreSQL runs). */
  databaseUrl?: string;
  close(): Promise<void>;
}

/**
 * The real app on a free port over a fresh seeded test database (demo users,
 * templates, the five example bulletins). `client: true` serves the built client too.
 */
export async function startTestServer(options: { client?: boolean; seeded?: boolean; smtpUrl?: string; handle?: DatabaseHandle } = {}): Promise<TestServer> {
  const database = await createTestDatabase({ seeded: options.seeded ?? true });
  const clientDir = options.client ? await ensureClientBuild(() => {}) : undefined;
  const server = await startServer({
    port: 0,
    host: "127.0.0.1",
    dataDir: "",
    production: false,
    handle: database.handle,
    clientDir,
    smtpUrl: options.smtpUrl,
    mailIntervalMs: 100,
    log: () => {},
  });
  return {
    url: server.url.replace("localhost", "127.0.0.1"),
    handle: database.handle,
    databaseUrl: database.url,
    async close() {
      await server.close();
      await database.close();
    },
  };
}
