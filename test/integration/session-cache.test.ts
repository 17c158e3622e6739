import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SESSION_CACHE_MS } from "../../server/auth/session-cache";
import { ApiClient, signedIn } from "../api-client";
import { startTestServer, type TestServer } from "../server-harness";
import { ADMIN, createUser, sameSessionOn } from "./fixtures";

/**
 * A process keeps what it read of a session and its user for a few seconds
 * (server/auth/session-cache.ts). Each client below has just been used, so its session
 * is kept when the change happens: the change must still hold at once in this process.
 */

let server: TestServer;
let admin: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  admin = await signedIn(server.url, ADMIN);
});

afterAll(async () => {
  await server?.close();
});

describe("sessions kept by the process", () => {
  it("signing out: the same cookie, used a moment before, stops working at once", async () => {
    const { client } = await createUser(admin, "author", "salida");
    const copy = sameSessionOn(client, server.url);
    expect((await copy.get("/session")).status).toBe(200);
    expect((await client.delete("/session")).status).toBe(204);
    expect((await copy.get("/session")).status).toBe(401);
    expect((await copy.post("/bulletins", { templateId: "general" })).status).toBe(401);
  });

  it("a role change shows on the user's next request, and what the new role may not do is refused", async () => {
    const { user, client } = await createUser(admin, "reviewer", "degradada");
    expect((await client.get("/session")).body.user.role).toBe("reviewer");
    expect((await client.get("/lists")).status).toBe(200);
    expect((await admin.patch(`/users/${user.id}`, { role: "author" })).status).toBe(200);
    expect((await client.get("/session")).body.user.role).toBe("author");
    expect((await client.get("/lists")).status).toBe(403);
  });

  it("changing one's own password ends one's other sessions at once and keeps this one", async () => {
    const { user, client } = await createUser(admin, "author", "cambia");
    const other = await new ApiClient(server.url).signIn(user.email, "contraseña-de-prueba");
    expect((await other.get("/session")).status).toBe(200);
    const changed = await client.put("/session/password", { currentPassword: "contraseña-de-prueba", newPassword: "otra-contraseña-larga" });
    expect(changed.status).toBe(200);
    expect((await other.get("/session")).status).toBe(401);
    expect((await client.get("/session")).status).toBe(200);
  });

  it("an admin's new password for a user, or disabling them, ends their kept sessions at once", async () => {
    const reset = await createUser(admin, "author", "reiniciada");
    expect((await reset.client.get("/session")).status).toBe(200);
    expect((await admin.patch(`/users/${reset.user.id}`, { password: "una-contraseña-nueva" })).status).toBe(200);
    expect((await reset.client.get("/session")).status).toBe(401);

    const disabled = await createUser(admin, "author", "apagada");
    expect((await disabled.client.get("/session")).status).toBe(200);
    expect((await admin.patch(`/users/${disabled.user.id}`, { disabled: true })).status).toBe(200);
    expect((await disabled.client.get("/bulletins")).status).toBe(401);
  });

  it("a change of one's e-mail preference is what the next request says", async () => {
    const { client } = await createUser(admin, "author", "avisos");
    expect((await client.get("/session")).body.user.emailNotifications).toBe(true);
    expect((await client.put("/session/preferences", { emailNotifications: false })).status).toBe(200);
    expect((await client.get("/session")).body.user.emailNotifications).toBe(false);
  });

  it("a session ended behind this process's back (another process, the command line) stops working within SESSION_CACHE_MS", async () => {
    const { user, client } = await createUser(admin, "author", "otroproceso");
    expect((await client.get("/session")).status).toBe(200);
    await server.handle.db.execute(sql`DELETE FROM sessions WHERE user_id = ${user.id}`);
    await expect.poll(async () => (await client.get("/session")).status, { timeout: SESSION_CACHE_MS + 3_000, interval: 200 }).toBe(401);
  });
});
