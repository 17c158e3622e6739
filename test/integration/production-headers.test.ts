import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../server/app";
import { sessionSecret } from "../../server/db/seed";
import { loadGlossary } from "../../server/templates/load";
import { signedIn } from "../api-client";
import { createTestDatabase, type TestDatabase } from "../db";
import { startTestServer, type TestServer } from "../server-harness";
import { ADMIN } from "./fixtures";

/** What a browser or proxy may keep: no source maps in production, no cached copy of any API answer. */

describe("source maps", () => {
  let database: TestDatabase;
  let clientDir: string;
  const servers: http.Server[] = [];

  /** The app over a client folder shaped like Vite's build (index.html, assets/*.js and their .map). */
  async function serve(production: boolean): Promise<string> {
    const app = createApp(
      { db: database.handle.db, handle: database.handle, glossary: loadGlossary() },
      { sessionSecret: await sessionSecret(database.handle.db), clientDir, production },
    );
    const server = http.createServer(app);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  beforeAll(async () => {
    database = await createTestDatabase({ poolSize: 2 });
    clientDir = fs.mkdtempSync(path.join(os.tmpdir(), "redacta-client-"));
    fs.mkdirSync(path.join(clientDir, "assets"));
    fs.writeFileSync(path.join(clientDir, "index.html"), "<!doctype html><title>Redacta</title>");
    fs.writeFileSync(path.join(clientDir, "assets", "index-abc123.js"), "console.log(1);\n//# sourceMappingURL=index-abc123.js.map\n");
    fs.writeFileSync(path.join(clientDir, "assets", "index-abc123.js.map"), JSON.stringify({ version: 3, sources: ["../../client/src/main.tsx"], sourcesContent: ["secreto"] }));
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    await database?.close();
    fs.rmSync(clientDir, { recursive: true, force: true });
  });

  it("production serves the scripts but not their source maps, and does not answer a .map with the app's page", async () => {
    const url = await serve(true);
    expect((await fetch(`${url}/assets/index-abc123.js`)).status).toBe(200);
    const map = await fetch(`${url}/assets/index-abc123.js.map`);
    expect(map.status).toBe(404);
    expect(await map.text()).not.toContain("secreto");
    expect((await fetch(`${url}/assets/otro.js.map`)).status).toBe(404);
    // The static handler decodes %-escapes: a map asked for in disguise is still refused.
    for (const disguised of ["index-abc123.js.m%61p", "index-abc123.js.%6Dap", "index-abc123.js.MAP"]) {
      const response = await fetch(`${url}/assets/${disguised}`);
      expect(await response.text(), disguised).not.toContain("secreto");
    }
    // The app's own pages still come back for client routes.
    expect((await fetch(`${url}/boletines/3`)).status).toBe(200);
  });

  it("development still serves them, for the browser's debugger", async () => {
    const url = await serve(false);
    expect((await fetch(`${url}/assets/index-abc123.js.map`)).status).toBe(200);
  });
});

describe("Cache-Control on the API", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server?.close();
  });

  it("every API answer says no-store: success, error, anonymous or signed in", async () => {
    const admin = await signedIn(server.url, ADMIN);
    const anonymous = (path: string) => fetch(`${server.url}/api${path}`);
    const answers = {
      "GET /api/health": await anonymous("/health"),
      "GET /api/session (anonymous, 401)": await anonymous("/session"),
      "GET /api/openapi.json": await anonymous("/openapi.json"),
      "GET /api/no-existe (404)": await anonymous("/no-existe"),
      "GET /api/session": await admin.get("/session"),
      "GET /api/users": await admin.get("/users"),
      "GET /api/templates": await admin.get("/templates"),
      "GET /api/organization": await admin.get("/organization"),
      "GET /api/bulletins": await admin.get("/bulletins"),
    };
    for (const [label, response] of Object.entries(answers)) {
      expect({ label, cacheControl: response.headers.get("cache-control") }).toEqual({ label, cacheControl: "no-store" });
    }
  });
});

describe("the client build", () => {
  it("ships no source maps unless REDACTA_SOURCEMAP=1", async () => {
    const config = (await import("../../client/vite.config")).default as { build?: { sourcemap?: unknown } };
    expect(config.build?.sourcemap).toBe(process.env.REDACTA_SOURCEMAP === "1");
  });
});
