import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../shared/api/schemas";
import { updateUser } from "../../server/commands/updateUser";
import type { Database } from "../../server/db/client";
import { users } from "../../server/db/schema";
import { signedIn, type ApiClient } from "../api-client";
import { createTestDatabase, type TestDatabase } from "../db";
import { startTestServer, type TestServer } from "../server-harness";
import { ADMIN, createUser, errorCode, userByEmail } from "./fixtures";

async function activeAdmins(db: Database): Promise<number[]> {
  const rows = await db.select({ id: users.id }).from(users).where(and(eq(users.role, "admin"), eq(users.disabled, false)));
  return rows.map((row) => row.id).sort();
}

describe("nobody locks the office out (API)", () => {
  let server: TestServer;
  let admin: ApiClient;
  let me: User;

  beforeAll(async () => {
    server = await startTestServer();
    admin = await signedIn(server.url, ADMIN);
    me = await userByEmail(server.handle.db, ADMIN);
  });

  afterAll(async () => {
    await server?.close();
  });

  it("the only admin cannot demote herself: 409 with a Spanish reason, and she stays admin", async () => {
    expect(await activeAdmins(server.handle.db)).toEqual([me.id]);
    const refused = await admin.patch(`/users/${me.id}`, { role: "reviewer" });
    expect(refused.status).toBe(409);
    expect(errorCode(refused)).toBe("last_admin");
    expect(refused.body.error.message).toMatch(/última persona administradora activa/);
    const listed = await admin.get("/users");
    expect(listed.body.items.find((user: User) => user.id === me.id).role).toBe("admin");
    // Her session still works as admin.
    expect((await admin.get("/users")).status).toBe(200);
  });

  it("the only admin cannot disable her account either", async () => {
    const refused = await admin.patch(`/users/${me.id}`, { disabled: true });
    expect(refused.status).toBe(409);
    expect(errorCode(refused)).toBe("last_admin");
    expect((await admin.get("/session")).status).toBe(200);
  });

  it("a disabled admin does not count as another admin", async () => {
    const { user: other } = await createUser(admin, "admin", "admin-desactivada");
    expect((await admin.patch(`/users/${other.id}`, { disabled: true })).status).toBe(200);
    expect(errorCode(await admin.patch(`/users/${me.id}`, { role: "author" }))).toBe("last_admin");
  });

  it("with another active admin, an admin may step down; the refusal then protects the other one", async () => {
    const { user: other, client: otherClient } = await createUser(admin, "admin", "relevo");
    const stepDown = await admin.patch(`/users/${me.id}`, { role: "reviewer" });
    expect(stepDown.status).toBe(200);
    expect(stepDown.body.role).toBe("reviewer");
    const last = await otherClient.patch(`/users/${other.id}`, { role: "author" });
    expect(errorCode(last)).toBe("last_admin");
    // The new admin gives the role back; the change is in the audit trail.
    expect((await otherClient.patch(`/users/${me.id}`, { role: "admin" })).status).toBe(200);
    const activity = await otherClient.get("/events?pageSize=10");
    const demotion = activity.body.items.find((event: { action: string; detail: { userId?: number; role?: string } }) => event.action === "update_user" && event.detail.userId === me.id && event.detail.role === "reviewer");
    expect(demotion).toMatchObject({ actorId: me.id, detail: { previousRole: "admin" } });
  });
});

describe("nobody locks the office out (concurrently)", () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database?.close();
  });

  it("two concurrent demotions of the last two admins: exactly one passes, every time", async () => {
    const db = database.handle.db;
    const first = await userByEmail(db, ADMIN);
    const [second] = await db.insert(users).values({ email: "segunda-admin@redacta.local", name: "Segunda Admin", role: "admin", passwordHash: "x" }).returning();
    const results: string[] = [];
    for (let round = 0; round < 10; round++) {
      expect(await activeAdmins(db)).toEqual([first.id, second!.id].sort());
      const outcomes = await Promise.allSettled([
        updateUser(db, first, first.id, { role: "reviewer" }),
        updateUser(db, second!, second!.id, { role: "reviewer" }),
      ]);
      const passed = outcomes.filter((outcome) => outcome.status === "fulfilled");
      const refused = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
      expect(passed.length, `round ${round}`).toBe(1);
      expect(refused.map((outcome) => (outcome.reason as { code?: string }).code)).toEqual(["last_admin"]);
      const left = await activeAdmins(db);
      expect(left.length).toBe(1);
      results.push(left[0] === first.id ? "first" : "second");
      // Promoting is never refused: back to two admins for the next round.
      const demoted = left[0] === first.id ? second! : first;
      await updateUser(db, { id: left[0]! }, demoted.id, { role: "admin" });
    }
    expect(results).toHaveLength(10);
  });

  it("demoting one admin while disabling the other, at once: one is refused", async () => {
    const db = database.handle.db;
    const [first, second] = await activeAdmins(db);
    const outcomes = await Promise.allSettled([
      updateUser(db, { id: first! }, first!, { disabled: true }),
      updateUser(db, { id: second! }, second!, { role: "author" }),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    expect(await activeAdmins(db)).toHaveLength(1);
  });
});
