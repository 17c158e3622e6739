import http from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../server/app";
import { forgetAllSessions } from "../../server/auth/session-cache";
import { ADDRESS_FREE_ATTEMPTS } from "../../server/auth/throttle";
import { queryRows } from "../../server/db/client";
import { DEMO_PASSWORD, sessionSecret } from "../../server/db/seed";
import { loadGlossary } from "../../server/templates/load";
import { ApiClient } from "../api-client";
import { createTestDatabase, type TestDatabase } from "../db";
import { startTestServer, type TestServer } from "../server-harness";

/** What protects a session: cookie attributes, rotation, ending it, expiry, throttling, disabled accounts. */

interface SignInAnswer {
  status: number;
  code?: string;
  message?: string;
  cookie: string | null;
  /** The session cookie's Set-Cookie. */
  setCookie: string | null;
  /** `redacta.device=…` when the answer set the device cookie, and its attributes. */
  deviceCookie: string | null;
  deviceAttributes: string[];
  retryAfter: string | null;
}

/** Signs in with raw fetch, optionally as if from `ip` (the app trusts X-Forwarded-For from its loopback proxy). */
async function signIn(url: string, email: string, password = DEMO_PASSWORD, options: { ip?: string; cookie?: string; headers?: Record<string, string> } = {}): Promise<SignInAnswer> {
  const response = await fetch(`${url}/api/session`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Origin: url,
      ...(options.ip ? { "X-Forwarded-For": options.ip } : {}),
      ...(options.cookie ? { Cookie: options.cookie } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ email, password }),
  });
  const body = (await response.json()) as { error?: { code: string; message: string } };
  // The session cookie and the device cookie come as two Set-Cookie headers: each read on its own.
  const setCookie = response.headers.getSetCookie().find((cookie) => cookie.startsWith("redacta.sid=")) ?? null;
  const device = response.headers.getSetCookie().find((cookie) => cookie.startsWith("redacta.device="));
  return {
    status: response.status,
    code: body.error?.code,
    message: body.error?.message,
    cookie: setCookie ? setCookie.split(";")[0]! : null,
    setCookie,
    deviceCookie: device ? device.split(";")[0]! : null,
    deviceAttributes: device ? attributes(device) : [],
    retryAfter: response.headers.get("retry-after"),
  };
}

async function whoAmI(url: string, cookie: string): Promise<number> {
  const response = await fetch(`${url}/api/session`, { headers: { Cookie: cookie } });
  // The whole body: express-session holds its last byte until the session's new expiry is stored.
  await response.text();
  return response.status;
}

function attributes(setCookie: string): string[] {
  return setCookie.split(";").slice(1).map((part) => part.trim().toLowerCase());
}

describe("session hardening", () => {
  let server: TestServer;
  let admin: ApiClient;
  let ids: Record<string, number>;
  const figures: string[] = [];

  const sessionsOf = async (userId: number) =>
    Number((await queryRows<{ count: number }>(server.handle.db, sql`SELECT count(*)::int AS count FROM sessions WHERE user_id = ${userId}`))[0]!.count);

  beforeAll(async () => {
    server = await startTestServer();
    admin = await new ApiClient(server.url).signIn("admin@redacta.local");
    const users = (await admin.get("/users")).body.items as { id: number; email: string }[];
    ids = Object.fromEntries(users.map((user) => [user.email, user.id]));
  });

  afterAll(async () => {
    console.log(`sessions-hardening: ${figures.join("; ")}`);
    await server?.close();
  });

  it("the session cookie is HttpOnly and SameSite=Lax, expires after 12 idle hours, and is not Secure on plain HTTP in development", async () => {
    const answer = await signIn(server.url, "autora@redacta.local");
    expect(answer.status).toBe(200);
    const cookie = attributes(answer.setCookie!);
    expect(cookie).toContain("httponly");
    expect(cookie).toContain("samesite=lax");
    expect(cookie).not.toContain("secure");
    const expires = Date.parse(cookie.find((part) => part.startsWith("expires="))!.slice("expires=".length));
    expect(Math.abs(expires - (Date.now() + 12 * 3600_000))).toBeLessThan(5 * 60_000);
    figures.push(`cookie ${answer.setCookie!.split(";").slice(1).map((part) => part.trim().split("=")[0]).join(",")}`);
  });

  describe("in production (NODE_ENV=production) behind an HTTPS proxy", () => {
    let database: TestDatabase;
    let production: http.Server;
    let url: string;

    beforeAll(async () => {
      database = await createTestDatabase({ poolSize: 2 });
      production = http.createServer();
      await new Promise<void>((resolve) => production.listen(0, "127.0.0.1", resolve));
      url = `http://127.0.0.1:${(production.address() as AddressInfo).port}`;
      // The HTTPS proxy's public origin, as PUBLIC_URL would name it, and the app's own plain-HTTP one.
      const app = createApp(
        { db: database.handle.db, handle: database.handle, glossary: loadGlossary() },
        { sessionSecret: await sessionSecret(database.handle.db), production: true, publicUrl: `https://${new URL(url).host}`, ownOrigins: [url] },
      );
      production.on("request", app);
    });

    afterAll(async () => {
      await new Promise((resolve) => production?.close(resolve));
      await database?.close();
    });

    it("marks the cookie Secure, sends HSTS, and never sets the cookie over plain HTTP", async () => {
      const host = new URL(url).host;
      const overHttps = await signIn(url, "autora@redacta.local", DEMO_PASSWORD, { headers: { "X-Forwarded-Proto": "https", Origin: `https://${host}` } });
      expect(overHttps.status).toBe(200);
      expect(attributes(overHttps.setCookie!)).toEqual(expect.arrayContaining(["secure", "httponly", "samesite=lax"]));
      // The device cookie (a browser that signed in before) is Secure like the session's.
      expect(overHttps.deviceCookie).toMatch(/^redacta\.device=/);
      expect(overHttps.deviceAttributes).toEqual(expect.arrayContaining(["secure", "httponly", "samesite=lax", "path=/api/session"]));
      const health = await fetch(`${url}/api/health`, { headers: { "X-Forwarded-Proto": "https" } });
      expect(health.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
      // Plain HTTP reaching the app directly: the sign-in works but no cookie travels in clear.
      const overHttp = await signIn(url, "autora@redacta.local", DEMO_PASSWORD, { headers: { Origin: url } });
      expect(overHttp.status).toBe(200);
      expect(overHttp.setCookie).toBeNull();
      expect(overHttp.deviceCookie).toBeNull();
      figures.push("production cookies (session, device) Secure+HttpOnly+SameSite=Lax, none over plain HTTP");
    });
  });

  it("signing in gives a new session id; the one from before no longer works", async () => {
    const first = await signIn(server.url, "autora@redacta.local");
    const second = await signIn(server.url, "autora@redacta.local", DEMO_PASSWORD, { cookie: first.cookie! });
    expect(second.status).toBe(200);
    expect(second.cookie).not.toBe(first.cookie);
    expect(await whoAmI(server.url, first.cookie!)).toBe(401);
    expect(await whoAmI(server.url, second.cookie!)).toBe(200);
    // Signing in as someone else from a signed-in browser rotates too.
    const third = await signIn(server.url, "revisor@redacta.local", DEMO_PASSWORD, { cookie: second.cookie! });
    expect(third.cookie).not.toBe(second.cookie);
    expect(await whoAmI(server.url, second.cookie!)).toBe(401);
    figures.push("id rotates on sign-in");
  });

  it("an admin ends every session of a user at once", async () => {
    const userId = ids["revisora2@redacta.local"]!;
    const sessions = [await signIn(server.url, "revisora2@redacta.local"), await signIn(server.url, "revisora2@redacta.local")];
    for (const session of sessions) expect(await whoAmI(server.url, session.cookie!)).toBe(200);
    expect(await sessionsOf(userId)).toBe(2);
    expect((await admin.delete(`/users/${userId}/sessions`)).status).toBe(204);
    for (const session of sessions) expect(await whoAmI(server.url, session.cookie!)).toBe(401);
    expect(await sessionsOf(userId)).toBe(0);
    expect((await admin.get("/session")).status).toBe(200);
    figures.push("admin ended 2 sessions");
  });

  it("a session idle past its expiry stops working; activity pushes the expiry forward", async () => {
    const { cookie } = await signIn(server.url, "revisor@redacta.local");
    const sid = decodeURIComponent(cookie!.split("=")[1]!).slice(2).split(".")[0]!;
    const expiresAt = async () => new Date((await queryRows<{ expires_at: string }>(server.handle.db, sql`SELECT expires_at FROM sessions WHERE sid = ${sid}`))[0]!.expires_at).getTime();
    await server.handle.db.execute(sql`UPDATE sessions SET expires_at = now() + interval '1 hour' WHERE sid = ${sid}`);
    const before = await expiresAt();
    expect(await whoAmI(server.url, cookie!)).toBe(200);
    expect(await expiresAt()).toBeGreaterThan(before + 10 * 3600_000);
    // 12 idle hours later, as far as the database knows; by then what this process kept of the
    // session (server/auth/session-cache.ts, SESSION_CACHE_MS) has long been dropped.
    await server.handle.db.execute(sql`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE sid = ${sid}`);
    forgetAllSessions();
    expect(await whoAmI(server.url, cookie!)).toBe(401);
    figures.push("idle expiry enforced");
  });

  it("a session older than 7 days ends even when it is used every day", async () => {
    const { cookie } = await signIn(server.url, "revisor@redacta.local");
    const sid = decodeURIComponent(cookie!.split("=")[1]!).slice(2).split(".")[0]!;
    const eightDaysAgo = Date.now() - 8 * 24 * 3600_000;
    await server.handle.db.execute(sql`UPDATE sessions SET data = jsonb_set(data, '{signedInAt}', to_jsonb(${eightDaysAgo}::bigint)) WHERE sid = ${sid}`);
    expect(await whoAmI(server.url, cookie!)).toBe(401);
    expect(await queryRows(server.handle.db, sql`SELECT sid FROM sessions WHERE sid = ${sid}`)).toEqual([]);
    figures.push("absolute 7-day expiry enforced");
  });

  it("five wrong passwords for one account, from five addresses, hold that account back (429) even with the right password", async () => {
    const email = "revisor@redacta.local";
    for (let attempt = 1; attempt <= 5; attempt++) {
      const answer = await signIn(server.url, email, "contraseña-equivocada", { ip: `198.51.100.${attempt}` });
      expect(answer.status).toBe(401);
    }
    const [row] = await queryRows<{ failures: number }>(server.handle.db, sql`SELECT failures FROM sign_in_throttle WHERE key = ${`account:${email}`}`);
    expect(row?.failures).toBe(5);
    // The attempts are counted in PostgreSQL: every server process sees them. Now, as if they had just happened:
    await server.handle.db.execute(sql`UPDATE sign_in_throttle SET last_failure_at = now() WHERE key = ${`account:${email}`}`);
    const held = await signIn(server.url, email, DEMO_PASSWORD, { ip: "198.51.100.77" });
    expect(held.status).toBe(429);
    expect(held.code).toBe("too_many_attempts");
    expect(Number(held.retryAfter)).toBeGreaterThan(0);
    expect(held.message).toMatch(/Espera \d+ segundos/);
    // Another account from the same addresses is not held back.
    expect((await signIn(server.url, "revisora2@redacta.local", DEMO_PASSWORD, { ip: "198.51.100.1" })).status).toBe(200);
    figures.push(`per-account throttle: 5 failures → 429 Retry-After ${held.retryAfter}`);
  });

  it("failures from one address hold that address back for every browser that never signed in, but not for a colleague's own browser", async () => {
    const ip = "203.0.113.9";
    // A colleague behind the same proxy signed in from her browser before: it keeps the device cookie.
    const before = await signIn(server.url, "autora@redacta.local", DEMO_PASSWORD, { ip });
    expect(before.status).toBe(200);
    expect(before.deviceCookie).toMatch(/^redacta\.device=/);
    await server.handle.db.execute(sql`DELETE FROM sign_in_throttle WHERE key = ${`address:${ip}`}`);
    for (let attempt = 1; attempt <= ADDRESS_FREE_ATTEMPTS; attempt++) {
      expect((await signIn(server.url, `nadie${attempt}@redacta.local`, "contraseña-equivocada", { ip })).status).toBe(401);
    }
    const [row] = await queryRows<{ failures: number }>(server.handle.db, sql`SELECT failures FROM sign_in_throttle WHERE key = ${`address:${ip}`}`);
    expect(row?.failures).toBe(ADDRESS_FREE_ATTEMPTS);
    await server.handle.db.execute(sql`UPDATE sign_in_throttle SET last_failure_at = now() WHERE key = ${`address:${ip}`}`);
    const held = await signIn(server.url, "nadie-mas@redacta.local", "contraseña-equivocada", { ip });
    expect(held.status).toBe(429);
    expect(held.code).toBe("too_many_attempts");
    // An existing account with the right password from a browser without the cookie waits too (nothing tells accounts apart)…
    const stranger = await signIn(server.url, "autora@redacta.local", DEMO_PASSWORD, { ip });
    expect(stranger.status).toBe(429);
    expect(stranger.message).toBe(held.message);
    // …while her own browser gets in from the same address, and any browser does from another one.
    expect((await signIn(server.url, "autora@redacta.local", DEMO_PASSWORD, { ip, cookie: before.deviceCookie! })).status).toBe(200);
    expect((await signIn(server.url, "autora@redacta.local", DEMO_PASSWORD, { ip: "203.0.113.10" })).status).toBe(200);
    figures.push(`per-address throttle: ${ADDRESS_FREE_ATTEMPTS} failures → 429 for browsers without a device cookie, 200 for a trusted one`);
  });

  it("disabling a user ends their sessions and refuses their sign-in", async () => {
    const userId = ids["autora@redacta.local"]!;
    const { cookie } = await signIn(server.url, "autora@redacta.local", DEMO_PASSWORD, { ip: "192.0.2.1" });
    expect(await whoAmI(server.url, cookie!)).toBe(200);
    expect((await admin.patch(`/users/${userId}`, { disabled: true })).status).toBe(200);
    expect(await whoAmI(server.url, cookie!)).toBe(401);
    expect(await sessionsOf(userId)).toBe(0);
    const refused = await signIn(server.url, "autora@redacta.local", DEMO_PASSWORD, { ip: "192.0.2.2" });
    expect(refused.status).toBe(401);
    expect(refused.message).toMatch(/desactivada/);

    // Disabled behind the API's back (straight in the database): the next request still ends the session.
    expect((await admin.patch(`/users/${userId}`, { disabled: false })).status).toBe(200);
    const again = await signIn(server.url, "autora@redacta.local", DEMO_PASSWORD, { ip: "192.0.2.3" });
    expect(again.status).toBe(200);
    await server.handle.db.execute(sql`UPDATE users SET disabled = true WHERE id = ${userId}`);
    expect(await whoAmI(server.url, again.cookie!)).toBe(401);
    expect(await sessionsOf(userId)).toBe(0);
    await server.handle.db.execute(sql`UPDATE users SET disabled = false WHERE id = ${userId}`);
    figures.push("disabled user's sessions end");
  });
});
