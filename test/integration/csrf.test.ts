import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../server/start";
import { signedIn } from "../api-client";
import { createTestDatabase, type TestDatabase } from "../db";
import { AUTHOR } from "./fixtures";

/**
 * A write that rides a signed-in browser session must come from a page of this
 * server: Origin is compared with PUBLIC_URL and the server's own listen origins,
 * never with the Host header the request brings, and "has a session" is what
 * express-session read from the cookie, not a pattern over the raw header.
 */

const PUBLIC_URL = "https://redacta.example.mx";

let database: TestDatabase;
let server: RunningServer;
let url: string;
/** `redacta.sid=<signed id>` of a signed-in author. */
let sessionCookie: string;

interface RawAnswer {
  status: number;
  code?: string;
  message?: string;
}

/** A POST with exactly these headers (fetch would not let a test set Host). */
function rawPost(path: string, headers: Record<string, string>, body: unknown = { templateId: "general" }): Promise<RawAnswer> {
  const target = new URL(url);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: target.hostname, port: target.port, path: `/api${path}`, method: "POST", headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(payload), ...headers } },
      (response) => {
        let text = "";
        response.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
        response.on("end", () => {
          const parsed = text ? (JSON.parse(text) as { error?: { code: string; message: string } }) : {};
          resolve({ status: response.statusCode ?? 0, code: parsed.error?.code, message: parsed.error?.message });
        });
      },
    );
    request.on("error", reject);
    request.end(payload);
  });
}

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 4 });
  server = await startServer({ port: 0, host: "127.0.0.1", dataDir: "", production: false, publicUrl: PUBLIC_URL, handle: database.handle, log: () => {} });
  url = server.url.replace("localhost", "127.0.0.1");
  const author = await signedIn(url, AUTHOR);
  sessionCookie = (author as unknown as { cookie: string }).cookie;
  expect(sessionCookie).toMatch(/^redacta\.sid=s%3A/);
});

afterAll(async () => {
  await server?.close();
  await database?.close();
});

describe("writes with a session are refused from a foreign origin", () => {
  it("a Host header naming the attacker's site does not make its Origin this server's", async () => {
    const port = new URL(url).port;
    for (const [origin, extra] of [
      ["http://evil.example", { Host: "evil.example" }],
      [`http://evil.example:${port}`, { Host: `evil.example:${port}` }],
      // From loopback the app believes X-Forwarded-Proto; the Host is still the attacker's.
      ["https://evil.example", { Host: "evil.example", "X-Forwarded-Proto": "https" }],
    ] as const) {
      const answer = await rawPost("/bulletins", { Cookie: sessionCookie, Origin: origin, ...extra });
      expect({ origin, ...answer }).toMatchObject({ origin, status: 403, code: "origin_refused" });
      expect(answer.message).toMatch(/otro sitio/);
    }
  });

  it("a session cookie written the way express-session still reads it, without Origin, is refused", async () => {
    const value = sessionCookie.slice("redacta.sid=".length);
    for (const cookie of [`redacta.sid =${value}`, `redacta.sid\t=${value}`, `tema=claro; redacta.sid  =  ${value}`]) {
      const answer = await rawPost("/bulletins", { Cookie: cookie });
      expect({ cookie, ...answer }).toMatchObject({ cookie, status: 403, code: "origin_refused" });
      expect(answer.message).toMatch(/Origin/);
    }
  });

  it("Origin: null is foreign, with or without a session", async () => {
    expect(await rawPost("/bulletins", { Cookie: sessionCookie, Origin: "null" })).toMatchObject({ status: 403, code: "origin_refused" });
    expect(await rawPost("/session", { Origin: "null" }, { email: AUTHOR, password: "redacta-demo" })).toMatchObject({ status: 403, code: "origin_refused" });
  });

  it("the configured origins are accepted: PUBLIC_URL and the server's own listen origins, whatever the Host", async () => {
    const port = new URL(url).port;
    for (const origin of [PUBLIC_URL, `http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://LOCALHOST:${port}`]) {
      const answer = await rawPost("/bulletins", { Cookie: sessionCookie, Origin: origin, Host: "proxy.internal" });
      expect({ origin, status: answer.status }).toEqual({ origin, status: 201 });
    }
    // Another port on this machine is another origin.
    expect(await rawPost("/bulletins", { Cookie: sessionCookie, Origin: `http://127.0.0.1:${Number(port) + 1}` })).toMatchObject({ status: 403, code: "origin_refused" });
  });

  it("without a session, a script may still sign in without Origin", async () => {
    expect((await rawPost("/session", {}, { email: AUTHOR, password: "redacta-demo" })).status).toBe(200);
    // A cookie that is not a session (unsigned, forged) is no session: the write is anonymous, hence 401.
    expect(await rawPost("/bulletins", { Cookie: "redacta.sid=s%3Afalsa.firma" })).toMatchObject({ status: 401, code: "unauthenticated" });
  });
});
