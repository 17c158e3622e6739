import { whereIn } from "../../server/errors";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../server/app";
import { answerClientError } from "../../server/client-error";
import { sessionSecret } from "../../server/db/seed";
import { loadGlossary } from "../../server/templates/load";
import { ApiClient, signedIn, type ApiResponse } from "../api-client";
import { createTestDatabase, type TestDatabase } from "../db";
import { startTestServer, type TestServer } from "../server-harness";
import { ADMIN, AUTHOR, ifMatch, makeDraft, readyContent, userByEmail } from "./fixtures";

/** Every error a client can get is `{ error: { code, message, details } }` in JSON with a Spanish message. */

let server: TestServer;
let author: ApiClient;
let admin: ApiClient;
let draft: { id: number; version: number };

beforeAll(async () => {
  server = await startTestServer();
  [author, admin] = await Promise.all([signedIn(server.url, AUTHOR), signedIn(server.url, ADMIN)]);
  const row = await makeDraft(server.handle.db, await userByEmail(server.handle.db, AUTHOR));
  draft = { id: row.id, version: row.version };
});

afterAll(async () => {
  await server?.close();
});

/** The error body, checked for its shape: exactly code, message and details, the message in Spanish. */
function errorOf(response: ApiResponse, status: number, code: string): { code: string; message: string; details: unknown } {
  expect(response.headers.get("content-type"), JSON.stringify(response.body)).toMatch(/^application\/json/);
  expect({ status: response.status, code: response.body?.error?.code }, JSON.stringify(response.body)).toEqual({ status, code });
  expect(Object.keys(response.body)).toEqual(["error"]);
  expect(Object.keys(response.body.error).sort()).toEqual(["code", "details", "message"]);
  expect(response.body.error.message).toMatch(/[áéíóúñ]|\b(el|la|de|no|un|una)\b/i);
  return response.body.error;
}

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Writes `request` as bytes on a fresh TCP connection and reads until the server closes it. */
function rawRequest(url: string, request: string | Buffer): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const [head = "", body = ""] = text.split("\r\n\r\n");
      const [statusLine = "", ...lines] = head.split("\r\n");
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]));
      resolve({ status: Number(statusLine.split(" ")[1] ?? 0), headers, body });
    });
  });
}

function expectRawJsonError(answer: RawAnswer, status: number, code: string): string {
  expect(answer.status, answer.body).toBe(status);
  expect(answer.headers["content-type"]).toMatch(/^application\/json/);
  expect(answer.headers.connection).toBe("close");
  const parsed = JSON.parse(answer.body) as { error: { code: string; message: string; details: unknown } };
  expect(parsed).toEqual({ error: { code, message: expect.any(String), details: null } });
  return parsed.error.message;
}

async function stillServing(): Promise<void> {
  expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
}

describe("every error body has code, message and details", () => {
  it("details is null when there is nothing to add, and present when there is", async () => {
    const anonymous = new ApiClient(server.url);
    expect(errorOf(await anonymous.get("/session"), 401, "unauthenticated").details).toBeNull();
    expect(errorOf(await author.get("/no-existe"), 404, "not_found").details).toBeNull();
    expect(errorOf(await author.get("/users"), 403, "forbidden").details).toBeNull();
    expect(errorOf(await author.request("POST", "/bulletins", '{"templateId":'), 400, "invalid_json").details).toBeNull();
    expect(errorOf(await author.put(`/bulletins/${draft.id}`, readyContent()), 428, "precondition_required").details).toBeNull();
    expect(errorOf(await author.post("/bulletins", { templateId: 7 }), 400, "validation_error").details).toEqual([
      { path: "templateId", message: expect.any(String) },
    ]);
  });
});

describe("a write whose body is not JSON", () => {
  it("is refused with 415 and says to send JSON, whatever the route, and nothing is written", async () => {
    const before = (await author.get("/bulletins?mine=true")).body.total as number;
    const refusals = [
      await author.request("POST", "/bulletins", "hola", { "Content-Type": "text/plain" }),
      await author.request("POST", "/bulletins", "templateId=general", { "Content-Type": "application/x-www-form-urlencoded" }),
      await author.request("POST", "/bulletins", '{"templateId":"general"}', { "Content-Type": "application/merge-patch+json" }),
      await author.request("PUT", `/bulletins/${draft.id}`, JSON.stringify(readyContent()), { "Content-Type": "text/plain", ...ifMatch(draft.version) }),
      await author.request("POST", `/bulletins/${draft.id}/comments`, "--x\r\n\r\nhola\r\n--x--", { "Content-Type": "multipart/form-data; boundary=x" }),
      await admin.request("DELETE", "/templates/general", "borrar", { "Content-Type": "text/plain" }),
    ];
    for (const response of refusals) {
      expect(errorOf(response, 415, "unsupported_media_type").message).toBe("Envía el contenido como JSON (Content-Type: application/json).");
    }
    expect((await author.get("/bulletins?mine=true")).body.total).toBe(before);
    expect((await author.get(`/bulletins/${draft.id}`)).body.version).toBe(draft.version);
    expect((await admin.get("/templates/general")).status).toBe(200);
  });

  it("a write that carries no body at all still reaches its route", async () => {
    const signingOut = await signedIn(server.url, AUTHOR);
    expect((await signingOut.request("DELETE", "/session")).status).toBe(204);
    // A route that needs a body says what is missing, as before.
    const empty = await author.request("POST", "/bulletins", undefined, { "Content-Length": "0" });
    expect(errorOf(empty, 400, "validation_error").message).toMatch(/^Datos no válidos/);
  });
});

describe("API paths however they are spelled", () => {
  let database: TestDatabase;
  let clientDir: string;
  let appServer: http.Server;
  let appUrl: string;

  beforeAll(async () => {
    database = await createTestDatabase({ poolSize: 2 });
    clientDir = fs.mkdtempSync(path.join(os.tmpdir(), "redacta-client-"));
    fs.writeFileSync(path.join(clientDir, "index.html"), "<!doctype html><title>Redacta</title>");
    const app = createApp(
      { db: database.handle.db, handle: database.handle, glossary: loadGlossary() },
      { sessionSecret: await sessionSecret(database.handle.db), clientDir },
    );
    appServer = http.createServer(app);
    await new Promise<void>((resolve) => appServer.listen(0, "127.0.0.1", resolve));
    appUrl = `http://127.0.0.1:${(appServer.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => appServer?.close(resolve));
    await database?.close();
    fs.rmSync(clientDir, { recursive: true, force: true });
  });

  /** GET with the path sent exactly as written (fetch would normalise some of it). */
  function get(requestPath: string): Promise<{ status: number; type: string; body: string }> {
    return new Promise((resolve, reject) => {
      const request = http.request(`${appUrl}/`, { path: requestPath }, (response) => {
        let body = "";
        response.on("data", (chunk) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode!, type: String(response.headers["content-type"]), body }));
      });
      request.on("error", reject);
      request.end();
    });
  }

  it("answer the API's JSON 404, never the app's page", async () => {
    for (const spelling of ["//api/bulletins", "///api/x", "//API/bulletins", "/%61pi/bulletins", "//api", "/api//bulletins", "/API/no-existe"]) {
      const answer = await get(spelling);
      expect({ spelling, status: answer.status, type: answer.type }).toEqual({ spelling, status: 404, type: expect.stringMatching(/^application\/json/) });
      expect(JSON.parse(answer.body)).toEqual({ error: { code: "not_found", message: "Esa ruta de la API no existe.", details: null } });
    }
    // The app's own pages still come back for client routes, even one that merely starts like the API.
    for (const page of ["/boletines/3", "/apis", "/"]) {
      const answer = await get(page);
      expect({ page, status: answer.status, type: answer.type }).toEqual({ page, status: 200, type: expect.stringMatching(/^text\/html/) });
    }
  });
});

describe("a request Node's HTTP parser refuses", () => {
  it("unencoded non-ASCII in the address: 400 in JSON, saying to encode it", async () => {
    const answer = await rawRequest(server.url, Buffer.from("GET /api/bulletins?q=Juárez HTTP/1.1\r\nHost: localhost\r\n\r\n", "utf8"));
    expect(expectRawJsonError(answer, 400, "bad_request")).toContain("codificad");
    await stillServing();
  });

  it("headers over Node's limit: 431 in JSON", async () => {
    const answer = await rawRequest(server.url, `GET /api/health HTTP/1.1\r\nHost: localhost\r\nCookie: ${"a".repeat(20_000)}\r\n\r\n`);
    expect(expectRawJsonError(answer, 431, "headers_too_large")).toMatch(/cabeceras/);
    await stillServing();
  });

  it("a malformed request: 400 in JSON", async () => {
    for (const garbage of ["HOLA MUNDO\r\n\r\n", "GET /api/health HTTP/1.1\r\nHost: localhost\r\nContent-Length: muchos\r\n\r\n", "GET /api/ health HTTP/1.1\r\n\r\n"]) {
      expect(expectRawJsonError(await rawRequest(server.url, garbage), 400, "bad_request")).toMatch(/mal formada|codificad/);
    }
    await stillServing();
  });

  it("a client that hangs up right after sending garbage crashes nothing", async () => {
    const { hostname, port } = new URL(server.url);
    await Promise.all(
      Array.from({ length: 20 }, () =>
        new Promise<void>((resolve) => {
          const socket = net.connect(Number(port), hostname, () => {
            socket.write(`GET /api/health HTTP/1.1\r\nX: ${"b".repeat(20_000)}\r\n\r\n`);
            socket.destroy();
            resolve();
          });
          socket.on("error", () => resolve());
        }),
      ),
    );
    await stillServing();
  });

  it("a request that never finishes arriving: 408 in JSON", async () => {
    // Node's own timers, shortened: a server started by start.ts uses the same handler with its defaults.
    const slow = http.createServer({ requestTimeout: 300, headersTimeout: 300, connectionsCheckingInterval: 50 }, (_req, res) => res.end());
    slow.on("clientError", answerClientError);
    await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
    try {
      const answer = await rawRequest(`http://127.0.0.1:${(slow.address() as AddressInfo).port}`, "GET / HTTP/1.1\r\nHost: localhost\r\n");
      expect(expectRawJsonError(answer, 408, "request_timeout")).toMatch(/tardó/);
    } finally {
      await new Promise((resolve) => slow.close(resolve));
    }
  });
});

describe("numbers in paths and queries are plain decimal digits", () => {
  const DIGITS = "Debe ser un número escrito solo con cifras del 0 al 9 (por ejemplo, 16).";

  it("an id in hexadecimal, with an exponent, a sign or spaces is refused, not read as another bulletin", async () => {
    expect((await author.get(`/bulletins/${draft.id}`)).status).toBe(200);
    for (const spelling of [`0x${draft.id.toString(16)}`, `${draft.id}e0`, `+${draft.id}`, `${draft.id}.0`, `%20${draft.id}`, `0b${draft.id.toString(2)}`]) {
      const refused = errorOf(await author.get(`/bulletins/${spelling}`), 400, "validation_error");
      expect(refused.message, spelling).toBe(`Datos no válidos${whereIn("id")}: ${DIGITS}`);
    }
    expect(errorOf(await author.get("/bulletins/99999999999"), 400, "validation_error").message).toBe(`Datos no válidos${whereIn("id")}: Es un número demasiado grande.`);
  });

  it("every numeric parameter follows the same rule", async () => {
    const refusals: [string, ApiResponse][] = [
      ["number", await author.get("/bulletins?number=1e3")],
      ["year", await author.get("/bulletins?year=0x7E8")],
      ["page", await author.get("/bulletins?page=%2B1")],
      ["pageSize", await author.get("/bulletins?pageSize=1e1")],
      ["version", await author.get(`/bulletins/${draft.id}/revisions/1e0`)],
      ["from", await author.get(`/bulletins/${draft.id}/diff?from=0x1&to=1`)],
      ["revision", await author.get(`/bulletins/${draft.id}/export?format=txt&revision=1e0`)],
      ["cid", await author.patch(`/bulletins/${draft.id}/comments/0x1`, { resolved: true })],
      ["id", await admin.patch("/users/0x1", { name: "Otro" })],
      ["year", await admin.put("/numbering/0x7E8", { nextSeq: 5 })],
      ["page", await admin.get("/events?page=1e0")],
    ];
    for (const [field, response] of refusals) {
      expect(errorOf(response, 400, "validation_error").message, field).toBe(`Datos no válidos${whereIn(field)}: ${DIGITS}`);
    }
    // Plain digits still work.
    expect((await author.get("/bulletins?number=493&year=2024&page=1&pageSize=10")).status).toBe(200);
    expect((await author.get(`/bulletins/${draft.id}/revisions/${draft.version}`)).status).toBe(200);
    expect((await admin.get("/events?page=1&pageSize=5")).status).toBe(200);
  });

  it("a numeric parameter given twice is named as such", async () => {
    expect(errorOf(await author.get("/bulletins?page=1&page=2"), 400, "validation_error").message).toBe(`Datos no válidos${whereIn("page")}: Indica este parámetro una sola vez.`);
  });
});
