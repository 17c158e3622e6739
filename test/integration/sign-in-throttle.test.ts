import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type Database } from "../../server/db/client";
import { ApiClient, signedIn, type ApiResponse } from "../api-client";
import { startTestServer, type TestServer } from "../server-harness";
import { ADMIN, createUser, errorCode } from "./fixtures";

const PASSWORD = "contraseña-de-prueba";
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

/** A sign-in attempt as seen from `address` (the app trusts X-Forwarded-For from loopback). */
function signInFrom(address: string, email: string, password: string): Promise<ApiResponse> {
  return new ApiClient(server.url).request("POST", "/session", { email, password }, { "X-Forwarded-For": address });
}
const newAddress = () => `198.18.${Math.floor(++addressCount / 250)}.${(addressCount % 250) + 1}`;
const evaluated = (responses: ApiResponse[]) => responses.filter((response) => response.status !== 429);

/**
 * Fills an address's allowance with failures on accounts that do not exist, until it
 * is held back; then, as if the guessing had gone on for a while, holds it back for
 * the longest wait (15 minutes) so the test does not race the first, 1-second one.
 */
async function exhaustAddress(address: string): Promise<number> {
  for (let attempt = 1; attempt <= 60; attempt++) {
    const response = await signInFrom(address, `nadie-${attempt}-${addressCount}@redacta.local`, "no-es-la-contraseña");
    if (response.status === 429) {
      await db.execute(sql`UPDATE sign_in_throttle SET failures = failures + 10, last_failure_at = now() WHERE key = ${`address:${address}`}`);
      return attempt - 1;
    }
    expect(response.status).toBe(401);
  }
  throw new Error("the address was never held back");
}

describe("sign-in throttling", () => {
  it("40 concurrent guesses at one account: at most 5 are checked, and the right password among them does not get in", async () => {
    const { user } = await createUser(admin, "author", "asediada");
    const passwords = Array.from({ length: 40 }, (_, index) => (index === 39 ? PASSWORD : `intento-${index}`));
    // From 40 addresses at once: the account's own limit must hold whatever the addresses.
    const responses = await Promise.all(passwords.map((password) => signInFrom(newAddress(), user.email, password)));
    const checked = evaluated(responses);
    expect(checked.length, `checked: ${responses.map((response) => response.status).join(",")}`).toBeLessThanOrEqual(5);
    expect(checked.every((response) => response.status === 401)).toBe(true);
    expect(responses.filter((response) => response.status === 429).length).toBeGreaterThanOrEqual(35);
    expect(responses[39]!.status, "the right password, 40th").toBe(429);
    expect(errorCode(responses[39]!)).toBe("too_many_attempts");
    expect(responses[39]!.body.error.message).toMatch(/Espera \d+ segundos/);
    expect(responses[39]!.headers.get("set-cookie")).toBeNull();
    const [row] = await queryRows<{ failures: number }>(db, sql`SELECT failures FROM sign_in_throttle WHERE key = ${`account:${user.email}`}`);
    expect(Number(row!.failures)).toBe(checked.length);
  });

  it("the same 40 concurrent guesses from one address: at most 5 checked", async () => {
    const { user } = await createUser(admin, "reviewer", "asediada-2");
    const address = newAddress();
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, index) => signInFrom(address, user.email, index === 39 ? PASSWORD : `intento-${index}`)),
    );
    expect(evaluated(responses).length).toBeLessThanOrEqual(5);
    expect(responses[39]!.status).toBe(429);
  });

  it("an address full of failed guesses still lets a real user with the right password in", async () => {
    const { user } = await createUser(admin, "author", "detras-del-proxy");
    const proxy = newAddress();
    const allowed = await exhaustAddress(proxy);
    expect(allowed, "failures on unknown accounts before the address is held back").toBeGreaterThanOrEqual(10);
    const real = await signInFrom(proxy, user.email, PASSWORD);
    expect(real.status, JSON.stringify(real.body)).toBe(200);
    expect(real.body.user.email).toBe(user.email);
    // The address itself is still held back for guessers: another unknown account is not even checked.
    const guess = await signInFrom(proxy, "otra-persona@redacta.local", "no-es-la-contraseña");
    expect(guess.status).toBe(429);
    expect(Number(guess.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });

  it("an address that is held back gets one guess per account, not five", async () => {
    const [first, second] = await Promise.all([createUser(admin, "author", "rociada-1"), createUser(admin, "reviewer", "rociada-2")]);
    const attacker = newAddress();
    await exhaustAddress(attacker);
    for (const { user } of [first, second]) {
      const once = await signInFrom(attacker, user.email, "contraseña-comun-1");
      expect(once.status).toBe(401);
      const twice = await signInFrom(attacker, user.email, "contraseña-comun-2");
      expect(twice.status, "a second guess at the same account from this address").toBe(429);
      // That account now has a failure: even its right password waits while this address is held back.
      expect((await signInFrom(attacker, user.email, PASSWORD)).status).toBe(429);
      // From another address, the owner still signs in (one failure is far from the account's limit).
      expect((await signInFrom(newAddress(), user.email, PASSWORD)).status).toBe(200);
    }
  });

  it("guessing one account from many addresses stops after 5, whatever the addresses", async () => {
    const { user } = await createUser(admin, "author", "muchas-direcciones");
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 8; attempt++) statuses.push((await signInFrom(newAddress(), user.email, `intento-${attempt}`)).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    expect((await signInFrom(newAddress(), user.email, PASSWORD)).status).toBe(429);
  });

  it("a successful sign-in gives back its attempt: a user who mistypes now and then is never held back", async () => {
    const { user } = await createUser(admin, "author", "despistada");
    const address = newAddress();
    for (let round = 0; round < 3; round++) {
      for (let typo = 0; typo < 4; typo++) expect((await signInFrom(address, user.email, `typo-${round}-${typo}`)).status).toBe(401);
      expect((await signInFrom(address, user.email, PASSWORD)).status).toBe(200);
    }
    const [row] = await queryRows<{ failures: number }>(db, sql`SELECT failures FROM sign_in_throttle WHERE key = ${`address:${address}`}`);
    expect(Number(row!.failures), "the address keeps the 12 failures, not the 3 successes").toBe(12);
  });
});
