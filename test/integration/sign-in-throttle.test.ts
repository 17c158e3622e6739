import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passwordChecks } from "../../server/commands/signIn";
import { runCli } from "../run-cli";
import { pruneNowAndThen, pruneSignInRecords } from "../../server/auth/throttle";
import { signIn } from "../../server/commands/signIn";
import { openDatabase, queryRows, type Database, type DatabaseHandle } from "../../server/db/client";
import { DEMO_PASSWORD } from "../../server/db/seed";
import { ApiClient, signedIn, type ApiResponse } from "../api-client";
import { createTestDatabase, TEST_DATABASE_URL } from "../db";
import { seededDataDir } from "../reliability/child-server";
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

const newAddress = () => `198.18.${Math.floor(++addressCount / 250)}.${(addressCount % 250) + 1}`;
const evaluated = (responses: ApiResponse[]) => responses.filter((response) => response.status !== 429);

/**
 * Concurrent attempts, and how many of them may be checked: the 5 free ones, then one per
 * delay (1 s, 2 s, 4 s …) for as long as the burst lasted. On a quiet machine 40 attempts
 * take well under a second (5); on a loaded one the password hashing stretches them past
 * the first delays, and those later checks are the throttle working as designed.
 */
async function burst(send: () => Promise<ApiResponse>[]): Promise<{ responses: ApiResponse[]; allowed: number }> {
  const started = Date.now();
  const responses = await Promise.all(send());
  const seconds = (Date.now() - started) / 1000;
  return { responses, allowed: 5 + Math.floor(Math.log2(1 + seconds)) };
}

/**
 * A browser: keeps every cookie the server sets (the session's and `redacta.device`) and
 * sends them back, from its own address (the app trusts X-Forwarded-For from loopback).
 */
class Browser {
  readonly cookies = new Map<string, string>();

  constructor(readonly address = newAddress()) {}

  get device(): string | undefined {
    return this.cookies.get("redacta.device");
  }

  /** The same cookies in another browser (a copied cookie jar). */
  clone(address = newAddress()): Browser {
    const copy = new Browser(address);
    for (const [name, value] of this.cookies) copy.cookies.set(name, value);
    return copy;
  }

  async request(method: string, body?: unknown, address = this.address): Promise<ApiResponse & { setCookies: string[] }> {
    const response = await fetch(`${server.url}/api/session`, {
      method,
      headers: {
        "Content-Type": "application/json",
        Origin: server.url,
        "X-Forwarded-For": address,
        ...(this.cookies.size > 0 ? { Cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ") } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookies = response.headers.getSetCookie();
    for (const cookie of setCookies) {
      const [pair, ...attributes] = cookie.split(";");
      const name = pair!.slice(0, pair!.indexOf("="));
      const value = pair!.slice(pair!.indexOf("=") + 1);
      const expired = attributes.some((attribute) => /^\s*expires=Thu, 01 Jan 1970/i.test(attribute));
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null, setCookies };
  }

  signIn(email: string, password: string, address?: string) {
    return this.request("POST", { email, password }, address);
  }

  signOut() {
    return this.request("DELETE");
  }
}

/** A sign-in attempt from a browser that never signed in before. */
const signInFrom = (address: string, email: string, password: string) => new Browser(address).signIn(email, password);

/** Holds a key back for the longest wait (15 minutes), as if the guessing had gone on for a while: no test races a 1-second wait. */
async function holdBack(key: string): Promise<void> {
  await db.execute(sql`UPDATE sign_in_throttle SET failures = failures + 10, last_failure_at = now() WHERE key = ${key}`);
}

/** Wrong guesses at `email`, each from its own address, until it is held back (after its 5 free attempts); then held back for long. */
async function exhaustAccount(email: string): Promise<void> {
  for (let attempt = 1; attempt <= 6; attempt++) {
    const answer = await signInFrom(newAddress(), email, `adivina-${attempt}`);
    if (answer.status === 429) return holdBack(`account:${email}`);
    expect(answer.status).toBe(401);
  }
  throw new Error(`${email} was never held back`);
}

/** Fills an address's allowance with failures on accounts that do not exist, then holds it back. */
async function exhaustAddress(address: string): Promise<void> {
  for (let attempt = 1; attempt <= 20; attempt++) {
    expect((await signInFrom(address, `nadie-${attempt}-${addressCount}@redacta.local`, "no-es-la-contraseña")).status).toBe(401);
  }
  expect((await signInFrom(address, "una-mas@redacta.local", "no-es-la-contraseña")).status).toBe(429);
  await holdBack(`address:${address}`);
}

async function throttleRows(): Promise<number> {
  return Number((await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM sign_in_throttle`))[0]!.n);
}
async function failuresOf(key: string): Promise<number | null> {
  const [row] = await queryRows<{ failures: number }>(db, sql`SELECT failures FROM sign_in_throttle WHERE key = ${key}`);
  return row ? Number(row.failures) : null;
}
async function devicesOf(userId: number): Promise<number> {
  return Number((await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM trusted_devices WHERE user_id = ${userId}`))[0]!.n);
}

/** The answer without the seconds to wait (two requests a moment apart may straddle a second). */
const shape = (response: ApiResponse) => ({
  status: response.status,
  body: JSON.stringify(response.body).replace(/\d+/g, "N"),
  retryAfter: response.headers.get("retry-after") !== null,
  setCookie: response.headers.get("set-cookie"),
});

describe("sign-in throttling", () => {
  it("40 concurrent guesses at one account from 40 addresses: at most 5 are checked, and the right password among them does not get in", async () => {
    const { user } = await createUser(admin, "author", "asediada");
    const passwords = Array.from({ length: 40 }, (_, index) => (index === 39 ? PASSWORD : `intento-${index}`));
    const { responses, allowed } = await burst(() => passwords.map((password) => signInFrom(newAddress(), user.email, password)));
    const checked = evaluated(responses);
    const statuses = `statuses: ${responses.map((response) => response.status).join(",")}`;
    expect(checked.length, statuses).toBeLessThanOrEqual(allowed);
    expect(responses.slice(0, 39).every((response) => response.status === 401 || response.status === 429), statuses).toBe(true);
    const right = responses[39]!;
    if (allowed === 5) {
      // The burst stayed inside the free attempts' window: the 5 checked are wrong guesses, and
      // the right password, sent last, waits like every other guess past them.
      expect(right.status, `the right password, 40th; ${statuses}`).toBe(429);
    }
    // A burst that outlasts the first delay (a loaded machine) lets one more guess through per
    // delay, by design, and it may be the right one: then it counts among the allowed above.
    if (right.status === 429) {
      expect(errorCode(right)).toBe("too_many_attempts");
      expect(right.body.error.message).toMatch(/Espera \d+ segundos/);
      expect(right.headers.get("set-cookie")).toBeNull();
      expect(await failuresOf(`account:${user.email}`)).toBe(checked.length);
    } else {
      expect(right.status, statuses).toBe(200);
    }
  });

  it("the same 40 concurrent guesses from one address: at most 5 checked", async () => {
    const { user } = await createUser(admin, "reviewer", "asediada-2");
    const address = newAddress();
    const { responses, allowed } = await burst(() =>
      Array.from({ length: 40 }, (_, index) => signInFrom(address, user.email, index === 39 ? PASSWORD : `intento-${index}`)),
    );
    expect(evaluated(responses).length).toBeLessThanOrEqual(allowed);
    expect(responses[39]!.status).toBe(429);
    // The unchecked attempts gave the address its attempts back: only the checked ones count there.
    expect(await failuresOf(`address:${address}`)).toBe(evaluated(responses).length);
  });

  it("the admin's own browser signs in while guessers from many addresses hold her account back; a browser without her cookie waits", async () => {
    const { user } = await createUser(admin, "admin", "jefa");
    const hers = new Browser();
    const first = await hers.signIn(user.email, PASSWORD);
    expect(first.status).toBe(200);
    const token = hers.device!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Sign-out ends the session but leaves the device cookie.
    const out = await hers.signOut();
    expect(out.status).toBe(204);
    expect(out.setCookies.some((cookie) => cookie.startsWith("redacta.device="))).toBe(false);
    expect(hers.device).toBe(token);

    // 40 concurrent guesses from 40 addresses, none with her cookie: at most 5 checked.
    const { responses: attack, allowed } = await burst(() => Array.from({ length: 40 }, (_, index) => signInFrom(newAddress(), user.email, `adivina-${index}`)));
    expect(evaluated(attack).length).toBeLessThanOrEqual(allowed);
    await holdBack(`account:${user.email}`);

    const stranger = await signInFrom(newAddress(), user.email, PASSWORD);
    expect(stranger.status, "the right password from a browser that never signed in").toBe(429);
    expect(errorCode(stranger)).toBe("too_many_attempts");

    const again = await hers.signIn(user.email, PASSWORD);
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.user.email).toBe(user.email);
    // Her browser got a new token; the old one is gone, and the guessers are still held back.
    expect(hers.device).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hers.device).not.toBe(token);
    expect(await devicesOf(user.id)).toBeGreaterThanOrEqual(1);
    const withOldToken = new Browser();
    withOldToken.cookies.set("redacta.device", token);
    expect((await withOldToken.signIn(user.email, PASSWORD)).status, "a replaced token is worth nothing").toBe(429);
    expect((await signInFrom(newAddress(), user.email, PASSWORD)).status).toBe(429);
    const events = await queryRows<{ detail: Record<string, unknown> }>(
      db,
      sql`SELECT detail FROM events WHERE action = 'sign_in' AND actor_id = ${user.id} ORDER BY id DESC LIMIT 1`,
    );
    expect(events[0]!.detail).toMatchObject({ email: user.email, address: hers.address, trustedDevice: true });
  });

  it("a trusted browser's own budget is 5 checks of 40 concurrent guesses (a copied cookie is no skeleton key either)", async () => {
    const { user } = await createUser(admin, "author", "copiada");
    const hers = new Browser();
    expect((await hers.signIn(user.email, PASSWORD)).status).toBe(200);
    const { responses, allowed } = await burst(() => Array.from({ length: 40 }, (_, index) => hers.clone().signIn(user.email, `intento-${index}`)));
    expect(evaluated(responses).length).toBeLessThanOrEqual(allowed);
    expect(evaluated(responses).every((response) => response.status === 401)).toBe(true);
    // Those failures were the device's, not the account's: a browser without the cookie is not held back.
    expect(await failuresOf(`account:${user.email}`)).toBeNull();
    expect((await signInFrom(newAddress(), user.email, PASSWORD)).status).toBe(200);
  });

  it("a device cookie of another account gives no advantage", async () => {
    const [{ user: attacker }, { user: victim }] = await Promise.all([createUser(admin, "author", "atacante"), createUser(admin, "admin", "victima")]);
    const browser = new Browser();
    expect((await browser.signIn(attacker.email, PASSWORD)).status).toBe(200);
    expect(browser.device).toBeDefined();
    // 40 concurrent guesses at the victim, each from its own address, all with the attacker's own device cookie.
    const { responses, allowed } = await burst(() => Array.from({ length: 40 }, (_, index) => browser.clone().signIn(victim.email, `intento-${index}`)));
    expect(evaluated(responses).length).toBeLessThanOrEqual(allowed);
    expect(await failuresOf(`account:${victim.email}`)).toBe(evaluated(responses).length);
    await holdBack(`account:${victim.email}`);
    expect((await browser.clone().signIn(victim.email, PASSWORD)).status).toBe(429);
    // A held-back address stays held back for it too.
    const proxy = newAddress();
    await exhaustAddress(proxy);
    expect((await browser.clone(proxy).signIn(victim.email, "otra")).status).toBe(429);
  });

  it("colleagues behind one busy proxy keep working: their browsers sign in while guessers hold the proxy's address back", async () => {
    const [{ user: first }, { user: second }] = await Promise.all([createUser(admin, "author", "oficina-1"), createUser(admin, "reviewer", "oficina-2")]);
    const proxy = newAddress();
    const browsers = [new Browser(proxy), new Browser(proxy)];
    expect((await browsers[0]!.signIn(first.email, PASSWORD)).status).toBe(200);
    expect((await browsers[1]!.signIn(second.email, PASSWORD)).status).toBe(200);
    // Each success gave its attempt back: a busy office does not use up its own budget.
    expect(await failuresOf(`address:${proxy}`)).toBe(0);
    await exhaustAddress(proxy);
    for (const [index, user] of [first, second].entries()) {
      const answer = await browsers[index]!.signIn(user.email, PASSWORD);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      // A mistyped password from her own browser is checked too (401, not 429).
      expect((await browsers[index]!.signIn(user.email, "mal-escrita")).status).toBe(401);
    }
    // A browser that never signed in there waits, whoever it claims to be.
    expect((await signInFrom(proxy, first.email, PASSWORD)).status).toBe(429);
  });

  it("an unknown and an existing account give identical answers: from a held-back address, for a held-back account, and for a wrong password (one password check each)", async () => {
    const { user } = await createUser(admin, "author", "existe");
    const unknown = `no-existe-${addressCount}@redacta.local`;

    // A wrong password, from an address that is not held back: same answer, and the unknown one also pays for a
    // hash (the server runs in this process: its count of argon2 checks says so, where timing would be noise).
    const address = newAddress();
    for (let round = 0; round < 4; round++) {
      for (const email of [user.email, unknown]) {
        const checksBefore = passwordChecks.count;
        const answer = await signInFrom(address, email, `mal-${round}`);
        expect(passwordChecks.count - checksBefore, email).toBe(1);
        expect(shape(answer)).toEqual({
          status: 401,
          body: JSON.stringify({ error: { code: "invalid_credentials", message: "El correo o la contraseña no son correctos.", details: null } }),
          retryAfter: false,
          setCookie: null,
        });
      }
    }

    // From a held-back address, the right password included: the same 429, and no account row is touched.
    const held = newAddress();
    await exhaustAddress(held);
    const before = [await failuresOf(`account:${user.email}`), await failuresOf(`account:${unknown}`)];
    const existingAnswer = await signInFrom(held, user.email, PASSWORD);
    const unknownAnswer = await signInFrom(held, unknown, PASSWORD);
    expect(existingAnswer.status).toBe(429);
    expect(shape(unknownAnswer)).toEqual(shape(existingAnswer));
    expect(existingAnswer.headers.get("retry-after")).toBe(String(existingAnswer.body.error.details.retryAfter));
    expect([await failuresOf(`account:${user.email}`), await failuresOf(`account:${unknown}`)]).toEqual(before);

    // Both accounts held back (guessed at from many addresses): the same 429 again.
    await exhaustAccount(user.email);
    await exhaustAccount(unknown);
    const [existingHeld, unknownHeld] = [await signInFrom(newAddress(), user.email, PASSWORD), await signInFrom(newAddress(), unknown, PASSWORD)];
    expect(existingHeld.status).toBe(429);
    expect(shape(unknownHeld)).toEqual(shape(existingHeld));
    expect(Math.abs(Number(unknownHeld.headers.get("retry-after")) - Number(existingHeld.headers.get("retry-after")))).toBeLessThanOrEqual(1);
  });

  it("200 different unknown emails from a held-back address add no row to sign_in_throttle", async () => {
    const address = newAddress();
    await exhaustAddress(address);
    const before = await throttleRows();
    for (let batch = 0; batch < 10; batch++) {
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, index) => signInFrom(address, `inventada-${batch}-${index}-${addressCount}@redacta.local`, "lo-que-sea")),
      );
      expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(429));
    }
    expect(await throttleRows()).toBe(before);
    // A made-up device cookie does not help or add rows either.
    const forged = new Browser(address);
    forged.cookies.set("redacta.device", "A".repeat(43));
    expect((await forged.signIn("inventada-final@redacta.local", "lo-que-sea")).status).toBe(429);
    expect(await throttleRows()).toBe(before);
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
    expect(await failuresOf(`address:${address}`), "the address keeps the 12 failures, not the 3 successes").toBe(12);
  });

  it("the device cookie is HttpOnly, SameSite=Lax, for 90 days, only sent to the sign-in route, and comes after the session cookie", async () => {
    const { user } = await createUser(admin, "author", "galleta");
    const answer = await new Browser().signIn(user.email, PASSWORD);
    expect(answer.status).toBe(200);
    expect(answer.setCookies).toHaveLength(2);
    expect(answer.setCookies[0]).toMatch(/^redacta\.sid=/);
    const device = answer.setCookies[1]!.split(";").map((part) => part.trim().toLowerCase());
    expect(device[0]).toMatch(/^redacta\.device=[a-z0-9_-]{43}$/);
    expect(device).toEqual(expect.arrayContaining(["httponly", "samesite=lax", `max-age=${90 * 24 * 3600}`, "path=/api/session"]));
    expect(device).not.toContain("secure");
  });

  it("disabling a user or giving her a new password forgets her trusted browsers", async () => {
    const { user } = await createUser(admin, "author", "olvidada");
    const hers = new Browser();
    expect((await hers.signIn(user.email, PASSWORD)).status).toBe(200);
    expect(await devicesOf(user.id)).toBeGreaterThanOrEqual(1);
    expect((await admin.patch(`/users/${user.id}`, { disabled: true })).status).toBe(200);
    expect(await devicesOf(user.id)).toBe(0);
    expect((await admin.patch(`/users/${user.id}`, { disabled: false })).status).toBe(200);
    await exhaustAccount(user.email);
    expect((await hers.signIn(user.email, PASSWORD)).status, "her old cookie is no longer trusted").toBe(429);

    const { user: other } = await createUser(admin, "author", "nueva-clave");
    const browser = new Browser();
    expect((await browser.signIn(other.email, PASSWORD)).status).toBe(200);
    expect(await devicesOf(other.id)).toBeGreaterThanOrEqual(1);
    expect((await admin.patch(`/users/${other.id}`, { password: "otra-contraseña-larga" })).status).toBe(200);
    expect(await devicesOf(other.id)).toBe(0);
  });

  it("old rows are pruned now and then: throttle rows whose window ended and expired trusted browsers", async () => {
    const { user } = await createUser(admin, "author", "antigua");
    await db.execute(sql`INSERT INTO sign_in_throttle (key, failures, last_failure_at) VALUES
      ('address:192.0.2.250', 30, now() - interval '16 minutes'), ('address:192.0.2.251', 30, now() - interval '1 minute')`);
    await db.execute(sql`INSERT INTO trusted_devices (token_hash, user_id, expires_at) VALUES
      ('caducado', ${user.id}, now() - interval '1 second'), ('vigente', ${user.id}, now() + interval '1 day')`);
    // The server's first sign-in swept this database a moment ago: another sweep waits its turn (5 minutes).
    await pruneNowAndThen(db);
    expect(await failuresOf("address:192.0.2.250")).toBe(30);
    await pruneSignInRecords(db);
    expect(await failuresOf("address:192.0.2.250")).toBeNull();
    expect(await failuresOf("address:192.0.2.251")).toBe(30);
    const devices = await queryRows<{ token_hash: string }>(db, sql`SELECT token_hash FROM trusted_devices WHERE user_id = ${user.id} ORDER BY token_hash`);
    expect(devices.map((row) => row.token_hash)).not.toContain("caducado");
    expect(devices.map((row) => row.token_hash)).toContain("vigente");
  });
});


describe("the command line gives an account its sign-in back", { timeout: 120_000 }, () => {
  it("cli set-password and cli grant-admin clear the account's budget (an admin held back from a new browser gets in)", async () => {
    let env: Record<string, string>;
    let open: () => Promise<DatabaseHandle>;
    let release: () => Promise<void>;
    let cleanup: () => Promise<void>;
    if (TEST_DATABASE_URL) {
      const database = await createTestDatabase({ poolSize: 2 });
      env = { DATABASE_URL: database.url! };
      open = async () => database.handle;
      release = async () => {};
      cleanup = () => database.close();
    } else {
      // PGlite: one process at a time on the files, so the test lets go of them while the CLI runs.
      const dataDir = seededDataDir("throttle-cli");
      let handle: DatabaseHandle | null = null;
      env = { DATA_DIR: dataDir };
      open = async () => (handle ??= await openDatabase({ dataDir: path.join(dataDir, "pglite") }));
      release = async () => {
        await handle?.close();
        handle = null;
      };
      cleanup = async () => {
        await release();
        fs.rmSync(dataDir, { recursive: true, force: true });
      };
    }
    const email = "admin@redacta.local";
    const newPassword = "una-clave-nueva-de-verdad";
    const heldBack = async (database: Database, password: string) => {
      for (let attempt = 0; attempt < 5; attempt++) await expect(signIn(database, email, `mal-${attempt}`, `192.0.2.${attempt + 1}`)).rejects.toMatchObject({ code: "invalid_credentials" });
      await database.execute(sql`UPDATE sign_in_throttle SET failures = 30, last_failure_at = now() WHERE key = ${`account:${email}`}`);
      await expect(signIn(database, email, password, "192.0.2.100")).rejects.toMatchObject({ code: "too_many_attempts" });
    };
    const accountRow = async (database: Database) => queryRows(database, sql`SELECT failures FROM sign_in_throttle WHERE key = ${`account:${email}`}`);
    try {
      await heldBack((await open()).db, DEMO_PASSWORD);
      await release();
      const changed = await runCli(["set-password", email], { env: { ...env, REDACTA_PASSWORD: newPassword } });
      expect(changed.code, changed.stderr).toBe(0);
      let { db: database } = await open();
      expect(await accountRow(database)).toEqual([]);
      expect((await signIn(database, email, newPassword, "192.0.2.101")).role).toBe("admin");

      await heldBack(database, newPassword);
      await release();
      const granted = await runCli(["grant-admin", email], { env });
      expect(granted.code, granted.stderr).toBe(0);
      ({ db: database } = await open());
      expect(await accountRow(database)).toEqual([]);
      expect((await signIn(database, email, newPassword, "192.0.2.102")).role).toBe("admin");
    } finally {
      await cleanup();
    }
  });
});
