import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { loadGlossary } from "./templates/load";
import { createApp } from "./app";
import { answerClientError } from "./client-error";
import { closeRenderPool } from "./export/render-pool";
import { closeReadPool } from "./import/read-pool";
import { closeLive } from "./live/bus";
import { flushDraftSearch, reindexDrafts } from "./commands/indexDraft";
import { migrateDatabase, openDatabase, type DatabaseHandle } from "./db/client";
import { DataDirDamagedError, looksLikeDataDirDamage } from "./db/data-dir-damage";
import { lockDataDir } from "./db/data-dir-lock";
import { seedDatabase, sessionSecret } from "./db/seed";
import { configureMail } from "./notifications/notify";
import { startMailSender, type MailSender } from "./notifications/sender";

export interface ServerConfig {
  port: number;
  host?: string;
  /** postgres://…; unset: PGlite files in dataDir. */
  databaseUrl?: string;
  dataDir: string;
  publicUrl?: string;
  /** SMTP_URL: notifications are e-mailed through it (the outbox); unset: kept for admins to read. */
  smtpUrl?: string;
  /** MAIL_FROM: the sender of those e-mails. */
  mailFrom?: string;
  /** How often the e-mail sender looks at the outbox (1 s). */
  mailIntervalMs?: number;
  /** MAIL_LEASE_SECONDS: a row a process took and did not finish (it died) goes again after this long (120 s). */
  mailLeaseSeconds?: number;
  production: boolean;
  clientDir?: string;
  /** An already open database (tests). */
  handle?: DatabaseHandle;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  handle: DatabaseHandle;
  seeded: boolean;
  /** Stops taking requests, lets in-flight ones finish, closes the database. */
  close(): Promise<void>;
}

/** Opens and migrates the database, seeds it when empty, and listens. */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const log = config.log ?? console.log;
  let releaseLock = () => {};
  let handle = config.handle;
  let mail: MailSender | null = null;
  if (!handle) {
    if (!config.databaseUrl) releaseLock = await lockDataDir(config.dataDir);
    try {
      handle = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: path.join(config.dataDir, "pglite") });
    } catch (error) {
      releaseLock();
      throw error;
    }
  }
  try {
    try {
      await migrateDatabase(handle);
    } catch (error) {
      // Files PGlite opened but cannot read (a corrupted page, a missing relation file).
      if (handle.kind === "pglite" && !config.handle && looksLikeDataDirDamage(error)) throw new DataDirDamagedError(path.join(config.dataDir, "pglite"), error);
      throw error;
    }
    const { seeded } = await seedDatabase(handle.db);
    configureMail({ sending: Boolean(config.smtpUrl), publicUrl: config.publicUrl ?? `http://localhost:${config.port}` });
    mail = config.smtpUrl
      ? startMailSender(handle.db, { smtpUrl: config.smtpUrl, from: config.mailFrom ?? "Redacta <redacta@localhost>", intervalMs: config.mailIntervalMs ?? 1000, log, onlyProcess: handle.kind === "pglite", leaseSeconds: config.mailLeaseSeconds })
      : null;
    const context = { db: handle.db, handle, glossary: loadGlossary() };
    const secret = await sessionSecret(handle.db);
    const server = http.createServer();
    // Node closes idle keep-alive sockets after 5 s, racing a client (or load balancer) that reuses
    // one at that instant (ECONNRESET, 502). Outlive the usual 60 s idle timeout of proxies instead.
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    server.on("clientError", answerClientError);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(config.port, config.host ?? "0.0.0.0", () => {
        server.off("error", reject);
        // The app needs the port actually bound (PORT=0) for its own origins; attached before any request is read.
        try {
          const app = createApp(context, {
            sessionSecret: secret,
            publicUrl: config.publicUrl,
            ownOrigins: listenOrigins(server.address() as AddressInfo),
            clientDir: config.clientDir,
            production: config.production,
          });
          server.on("request", app);
          resolve();
        } catch (error) {
          server.close();
          reject(error);
        }
      });
    });
    const { port } = server.address() as AddressInfo;
    const opened = handle;
    // Drafts a process that died left unindexed (server/commands/indexDraft.ts), in the background.
    const reindexing = reindexDrafts(opened.db).catch((error) => log(`No se pudo reindexar los borradores: ${(error as Error).message}`));
    let closing: Promise<void> | null = null;
    return {
      url: `http://localhost:${port}`,
      handle: opened,
      seeded,
      close() {
        closing ??= (async () => {
          // Event streams never end by themselves: ended here, the sockets go idle and close below.
          const live = closeLive(opened);
          await new Promise<void>((resolve) => {
            // Keep-alive sockets stay open after their last response: close each as soon as it goes idle.
            const sweep = setInterval(() => server.closeIdleConnections(), 50);
            server.close(() => {
              clearInterval(sweep);
              resolve();
            });
            server.closeIdleConnections();
          });
          await mail?.stop();
          await live;
          await reindexing;
          await flushDraftSearch(opened.db).catch(() => undefined);
          await closeRenderPool();
          await closeReadPool();
          if (!config.handle) await opened.close();
          releaseLock();
        })();
        return closing;
      },
    };
  } catch (error) {
    await mail?.stop().catch(() => undefined);
    if (!config.handle) await handle.close().catch(() => undefined);
    releaseLock();
    throw error;
  }
}

/**
 * The origins this server answers on by itself: loopback names, and when it
 * listens on every interface, the machine's name and addresses too (a browser
 * on the office network). A proxy's public name comes from PUBLIC_URL.
 */
export function listenOrigins(address: AddressInfo): string[] {
  const { port } = address;
  const hosts = new Set(["localhost", "127.0.0.1", "[::1]"]);
  const everywhere = address.address === "0.0.0.0" || address.address === "::";
  if (everywhere) {
    hosts.add(os.hostname().toLowerCase());
    for (const entries of Object.values(os.networkInterfaces())) {
      for (const entry of entries ?? []) hosts.add(entry.family === "IPv6" ? `[${entry.address.split("%")[0]}]` : entry.address);
    }
  } else {
    hosts.add(address.family === "IPv6" ? `[${address.address}]` : address.address);
  }
  return [...hosts].map((host) => `http://${host}:${port}`);
}
