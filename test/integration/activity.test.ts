import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEvent } from "../../shared/api/schemas";
import { ApiClient, signedIn } from "../api-client";
import { startTestServer, type TestServer } from "../server-harness";
import { ADMIN, AUTHOR, createUser, errorCode } from "./fixtures";

let server: TestServer;
let admin: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  admin = await signedIn(server.url, ADMIN);
});

afterAll(async () => {
  await server?.close();
});

async function latest(count = 20): Promise<AuditEvent[]> {
  const response = await admin.get(`/events?pageSize=${count}`);
  expect(response.status).toBe(200);
  return response.body.items;
}

describe("the office's activity trail", () => {
  it("records sign-ins, failed ones with the address, and sign-outs", async () => {
    const visitor = new ApiClient(server.url);
    expect((await visitor.request("POST", "/session", { email: AUTHOR, password: "no-es-esta" }, { "X-Forwarded-For": "198.51.100.23" })).status).toBe(401);
    expect((await visitor.request("POST", "/session", { email: "nadie@redacta.local", password: "tampoco" }, { "X-Forwarded-For": "198.51.100.24" })).status).toBe(401);
    expect((await visitor.request("POST", "/session", { email: AUTHOR, password: "redacta-demo" }, { "X-Forwarded-For": "198.51.100.25" })).status).toBe(200);
    expect((await visitor.delete("/session")).status).toBe(204);

    const [signOut, signIn, unknown, wrong] = await latest(4);
    expect(wrong).toMatchObject({ action: "sign_in_failed", bulletinId: null, actorName: "Ana Autora", detail: { email: AUTHOR, address: "198.51.100.23", reason: "wrong_password" } });
    expect(unknown).toMatchObject({ action: "sign_in_failed", actorId: null, actorName: null, detail: { email: "nadie@redacta.local", address: "198.51.100.24", reason: "unknown_account" } });
    expect(signIn).toMatchObject({ action: "sign_in", actorName: "Ana Autora", detail: { email: AUTHOR, address: "198.51.100.25" } });
    expect(signOut).toMatchObject({ action: "sign_out", actorName: "Ana Autora" });
    // Passwords never reach the trail.
    expect(JSON.stringify([wrong, unknown, signIn])).not.toMatch(/no-es-esta|tampoco|redacta-demo/);
  });

  it("records an admin ending someone's sessions, with how many ended", async () => {
    const { user } = await createUser(admin, "reviewer", "expulsada");
    expect((await admin.delete(`/users/${user.id}/sessions`)).status).toBe(204);
    const [ended] = await latest(1);
    expect(ended).toMatchObject({ action: "end_sessions", actorName: "Adela Administradora", detail: { userId: user.id, email: user.email, endedSessions: 1 } });
    expect(errorCode(await admin.delete("/users/999999/sessions"))).toBe("not_found");
  });

  it("shows users, profile and template changes, newest first, and leaves bulletin work to each bulletin's history", async () => {
    const { user } = await createUser(admin, "author", "nueva");
    await admin.patch(`/users/${user.id}`, { role: "reviewer" });
    await admin.put("/organization", (await admin.get("/organization")).body);
    await admin.put("/templates/general", { name: "Boletín general (revisado)" });
    await admin.post("/bulletins", { templateId: "general" });

    const actions = (await latest(6)).map((event) => event.action);
    expect(actions.slice(0, 4)).toEqual(["update_template", "update_organization", "update_user", "sign_in"]);
    expect(actions).not.toContain("create");
    const [template, profile, role] = await latest(3);
    // A new name is not new text: the admin does not become a writer of what drafts start with.
    expect(template!.detail).toEqual({ templateId: "general", textChanged: false });
    expect(profile!.actorName).toBe("Adela Administradora");
    expect(role!.detail).toMatchObject({ userId: user.id, email: user.email, role: "reviewer", previousRole: "author" });
  });

  it("pages through the trail with a total", async () => {
    const first = await admin.get("/events?page=1&pageSize=2");
    const second = await admin.get("/events?page=2&pageSize=2");
    expect(first.body.items).toHaveLength(2);
    expect(first.body.total).toBeGreaterThanOrEqual(8);
    expect(second.body.total).toBe(first.body.total);
    expect(second.body.items[0].id).toBeLessThan(first.body.items[1].id);
    const bad = await admin.get("/events?pageSize=1000");
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/Datos no válidos en Resultados por página \(pageSize\)/);
  });

  it("is for admins only", async () => {
    const author = await signedIn(server.url, AUTHOR);
    expect((await author.get("/events")).status).toBe(403);
    expect((await new ApiClient(server.url).get("/events")).status).toBe(401);
  });
});
