import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRoutes } from "../../server/app";
import { queryRows, type Database } from "../../server/db/client";
import { ApiClient, signedIn, type ApiResponse } from "../api-client";
import { startTestServer, type TestServer } from "../server-harness";
import { ADMIN, AUTHOR, createUser, errorCode, sameSessionOn } from "./fixtures";

let server: TestServer;
let db: Database;
let admin: ApiClient;
let addressCount = 0;

beforeAll(async () => {
  server = await startTestServer();
  db = server.handle.db;
  admin = await signedIn(server.url, ADMIN);
});

afterAll(async () => {
  await server?.close();
});

/** A sign-in attempt from its own client address (the app trusts X-Forwarded-For from loopback), so throttling stays per test. */
function signInFrom(address: string, email: string, password: string, client = new ApiClient(server.url)): Promise<ApiResponse> {
  return client.request("POST", "/session", { email, password }, { "X-Forwarded-For": address });
}
const newAddress = () => `203.0.113.${++addressCount}`;

async function sessionRows(): Promise<number> {
  return Number((await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM sessions`))[0]!.n);
}

describe("sessions", () => {
  it("signing in sets an HttpOnly session cookie that identifies the user", async () => {
    const client = new ApiClient(server.url);
    expect((await client.get("/session")).status).toBe(401);
    const response = await signInFrom(newAddress(), AUTHOR, "redacta-demo", client);
    expect(response.status).toBe(200);
    expect(response.body.user).toMatchObject({ email: AUTHOR, role: "author", disabled: false });
    expect(response.body.user.passwordHash).toBeUndefined();
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^redacta\.sid=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect((await client.get("/session")).body.user.email).toBe(AUTHOR);
  });

  it("signing out ends the session on the server: the old cookie stops working", async () => {
    const client = await signedIn(server.url, AUTHOR);
    const stolen = sameSessionOn(client, server.url);
    const before = await sessionRows();
    const out = await client.delete("/session");
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toMatch(/redacta\.sid=;/);
    expect(await sessionRows()).toBe(before - 1);
    const replay = await stolen.get("/session");
    expect(replay.status).toBe(401);
    expect(errorCode(replay)).toBe("unauthenticated");
    expect((await stolen.post("/bulletins", { templateId: "general" })).status).toBe(401);
  });

  it("signing in again gives a new session id, so a cookie planted before is worthless", async () => {
    const client = await signedIn(server.url, AUTHOR);
    const planted = sameSessionOn(client, server.url);
    await client.signIn(ADMIN);
    expect((await client.get("/session")).body.user.email).toBe(ADMIN);
    expect((await planted.get("/session")).status).toBe(401);
  });

  it("a wrong password is refused with 401 and the same Spanish message as an unknown account", async () => {
    const address = newAddress();
    const wrong = await signInFrom(address, AUTHOR, "no-es-la-contraseña");
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toEqual({ code: "invalid_credentials", message: "El correo o la contraseña no son correctos.", details: null });
    const unknown = await signInFrom(address, "nadie@redacta.local", "no-es-la-contraseña");
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.message).toBe(wrong.body.error.message);
    expect(wrong.headers.get("set-cookie")).toBeNull();
  });

  it("repeated failures are slowed down with 429 and Retry-After, counted in the database, even for the right password", async () => {
    const { user } = await createUser(admin, "author", "adivinada");
    const address = newAddress();
    let failures = 0;
    let throttled: ApiResponse | null = null;
    for (let attempt = 0; attempt < 12 && !throttled; attempt++) {
      const response = await signInFrom(address, user.email, `intento-${attempt}`);
      if (response.status === 429) throttled = response;
      else {
        expect(response.status).toBe(401);
        failures++;
      }
    }
    expect(failures, "free attempts before slowing down").toBeGreaterThanOrEqual(5);
    expect(throttled, "a 429 after repeated failures").not.toBeNull();
    expect(errorCode(throttled!)).toBe("too_many_attempts");
    expect(throttled!.body.error.message).toMatch(/Espera \d+ segundos/);
    expect(Number(throttled!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);

    // The count lives in PostgreSQL (shared by every server process), per account and per address.
    const rows = await queryRows<{ key: string; failures: number }>(db, sql`SELECT key, failures FROM sign_in_throttle WHERE key IN (${`account:${user.email}`}, ${`address:${address}`})`);
    expect(rows.map((row) => [row.key, Number(row.failures)]).sort()).toEqual(
      [[`account:${user.email}`, failures], [`address:${address}`, failures]].sort(),
    );

    // While slowed down, even the right password waits: guessing cannot go faster by getting lucky.
    const right = await signInFrom(newAddress(), user.email, "contraseña-de-prueba");
    expect(right.status).toBe(429);
    expect(right.headers.get("retry-after")).toMatch(/^\d+$/);
  });

  it("a disabled user cannot sign in, and their open session stops working at once", async () => {
    const { user, client } = await createUser(admin, "reviewer", "desactivada");
    expect((await client.get("/session")).status).toBe(200);
    const disabled = await admin.patch(`/users/${user.id}`, { disabled: true });
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabled).toBe(true);

    expect((await client.get("/session")).status).toBe(401);
    expect((await client.get("/bulletins")).status).toBe(401);
    const again = await signInFrom(newAddress(), user.email, "contraseña-de-prueba");
    expect(again.status).toBe(401);
    expect(again.body.error.message).toMatch(/desactivada/);

    // Enabled again, the account signs in (the old session stays ended).
    await admin.patch(`/users/${user.id}`, { disabled: false });
    expect((await client.get("/session")).status).toBe(401);
    expect((await signInFrom(newAddress(), user.email, "contraseña-de-prueba")).status).toBe(200);
  });

  it("an admin can end all sessions of a user", async () => {
    const { user, client } = await createUser(admin, "author", "expulsada");
    expect((await admin.delete(`/users/${user.id}/sessions`)).status).toBe(204);
    expect((await client.get("/session")).status).toBe(401);
    // The admin's own session is untouched.
    expect((await admin.get("/session")).status).toBe(200);
  });
});

describe("service endpoints", () => {
  it("GET /api/openapi.json describes every route of the router as OpenAPI 3.1", async () => {
    const response = await new ApiClient(server.url).get("/openapi.json");
    expect(response.status).toBe(200);
    const document = response.body;
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(document.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(document.components.securitySchemes.session).toMatchObject({ type: "apiKey", in: "cookie", name: "redacta.sid" });

    const described = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const routes = apiRoutes().map((spec) => `${spec.method.toUpperCase()} /api${spec.path.replace(/:([a-z]+)/gi, "{$1}")}`);
    expect(described.sort()).toEqual([...routes].sort());

    const METHODS = new Set(["get", "put", "post", "delete", "patch"]);
    for (const [path, operations] of Object.entries(document.paths as Record<string, Record<string, any>>)) {
      expect(path).toMatch(/^\/api\//);
      const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
      for (const [method, operation] of Object.entries(operations)) {
        const where = `${method} ${path}`;
        expect(METHODS.has(method), where).toBe(true);
        expect(typeof operation.summary, where).toBe("string");
        expect(Object.keys(operation.responses ?? {}).length, where).toBeGreaterThan(0);
        for (const response of Object.values(operation.responses as Record<string, any>)) expect(typeof response.description, where).toBe("string");
        const pathParameters = (operation.parameters ?? []).filter((parameter: any) => parameter.in === "path");
        // Every {name} of the path is declared as a required path parameter, and nothing else is.
        expect(pathParameters.map((parameter: any) => parameter.name).sort(), where).toEqual([...templated].sort());
        expect(pathParameters.every((parameter: any) => parameter.required === true), where).toBe(true);
        for (const parameter of operation.parameters ?? []) {
          expect(["path", "query", "header", "cookie"], where).toContain(parameter.in);
          expect(parameter.schema, `${where} ${parameter.name}`).toBeTypeOf("object");
        }
        if (operation.requestBody) expect(operation.requestBody.content["application/json"].schema, where).toBeTypeOf("object");
      }
    }
    // Public routes say so; admin-only ones name the role.
    expect(document.paths["/api/health"].get.security).toEqual([]);
    expect(document.paths["/api/users"].get.description).toMatch(/admin/);
    expect(document.paths["/api/bulletins/{id}"].put.parameters.map((parameter: any) => parameter.name)).toContain("If-Match");
  });

  it("GET /api/health reports the database and its migrations", async () => {
    const response = await new ApiClient(server.url).get("/health");
    expect(response.status).toBe(200);
    expect(response.body.status).toBe("ok");
    expect(response.body.database).toBe(server.databaseUrl ? "postgres" : "pglite");
    expect(response.body.migrations.applied).toBe(response.body.migrations.expected);
    expect(response.body.migrations.expected).toBeGreaterThanOrEqual(2);
  });
});
