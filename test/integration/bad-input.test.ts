import { whereIn } from "../../server/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BulletinResource } from "../../shared/api/schemas";
import type { Database } from "../../server/db/client";
import { ApiClient, signedIn, type ApiResponse } from "../api-client";
import { startTestServer, type TestServer } from "../server-harness";
import { ADMIN, AUTHOR, ifMatch, makeDraft, readyContent, userByEmail } from "./fixtures";

let server: TestServer;
let db: Database;
let author: ApiClient;
let admin: ApiClient;
let draft: { id: number; version: number };

beforeAll(async () => {
  server = await startTestServer();
  db = server.handle.db;
  [author, admin] = await Promise.all([signedIn(server.url, AUTHOR), signedIn(server.url, ADMIN)]);
  const row = await makeDraft(db, await userByEmail(db, AUTHOR));
  draft = { id: row.id, version: row.version };
});

afterAll(async () => {
  await server?.close();
});

const ENGLISH = /\b(invalid|expected|received|unrecognized|required|too (big|small)|must|failed|error|unexpected|cannot)\b/i;
// What zod's own Spanish locale and ProseMirror leak: type names, node names, NaN.
const INTERNALS = /\b(int|NaN|arreglo|indefinido|Llave|Entrada inválida|listItem|bulletList|doc|node|marks?)\b|<|>/;

/**
 * The refusal every bad request must get: the status, a JSON `{ error: { code, message } }`
 * with a Spanish message, never a 500. Returns the message.
 */
function expectRefused(response: ApiResponse, status: number, code: string): string {
  expect(response.headers.get("content-type"), JSON.stringify(response.body)).toMatch(/^application\/json/);
  expect({ status: response.status, code: response.body?.error?.code }, JSON.stringify(response.body)).toEqual({ status, code });
  const message = response.body.error.message as string;
  expect(typeof message).toBe("string");
  expect(message).toMatch(/[áéíóúñ¿]|\b(el|la|de|no|los|las|un|una|es)\b/i);
  expect(message).not.toMatch(ENGLISH);
  expect(message.replace(/\([^)]*\)/g, "")).not.toMatch(INTERNALS);
  return message;
}

/** Saves `content` (any shape) over the shared draft with the right If-Match. */
function save(content: unknown): Promise<ApiResponse<BulletinResource>> {
  return author.put(`/bulletins/${draft.id}`, content, ifMatch(draft.version));
}

function withParagraph(inline: unknown): unknown {
  return { ...readyContent(), body: { type: "doc", content: [{ type: "paragraph", content: [inline] }] } };
}

describe("bad input is refused with a Spanish message, never a 500", () => {
  it("wrong types name the field", async () => {
    expect(expectRefused(await save({ ...readyContent(), title: 42 }), 400, "validation_error")).toContain("(title)");
    expect(expectRefused(await save({ ...readyContent(), highlights: "uno" }), 400, "validation_error")).toContain("(highlights)");
    expect(expectRefused(await save({ ...readyContent(), date: "25/09/2024" }), 400, "validation_error")).toContain("(date)");
    expect(expectRefused(await save({ ...readyContent(), date: "2024-02-30" }), 400, "validation_error")).toContain("no existe");
    expectRefused(await author.post(`/bulletins/${draft.id}/transitions`, { action: 7 }), 400, "validation_error");
    expectRefused(await author.post(`/bulletins/${draft.id}/transitions`, { action: "publicar" }), 400, "validation_error");
    expectRefused(await author.post("/bulletins", { templateId: ["general"] }), 400, "validation_error");
    expectRefused(await admin.post("/users", { email: "nueva@redacta.local", name: "Nueva", role: "superadmin", password: "una-contraseña-larga" }), 400, "validation_error");
    expectRefused(await author.request("POST", "/bulletins", "null"), 400, "validation_error");
    expectRefused(await author.request("POST", "/bulletins", "[1,2]"), 400, "validation_error");
    expectRefused(await author.request("POST", "/bulletins", "hola", { "Content-Type": "text/plain" }), 415, "unsupported_media_type");
    expect((await author.get(`/bulletins/${draft.id}`)).body.version).toBe(draft.version);
  });

  it("unknown fields are refused, so nobody sets what the server decides", async () => {
    expect(expectRefused(await save({ ...readyContent(), status: "approved" }), 400, "validation_error")).toContain("status");
    expect(expectRefused(await save({ ...readyContent(), authorId: 1 }), 400, "validation_error")).toContain("authorId");
    expectRefused(await author.post("/bulletins", { templateId: "general", authorId: 4 }), 400, "validation_error");
    expectRefused(await author.post(`/bulletins/${draft.id}/comments`, { body: "Hola", authorId: 1 }), 400, "validation_error");
    expectRefused(await author.get("/bulletins?sort=title"), 400, "validation_error");
  });

  it("a body over 1 MB is refused with 413", async () => {
    const huge = { ...readyContent(), title: "x".repeat(1_100_000) };
    expectRefused(await save(huge), 413, "payload_too_large");
  });

  it("malformed JSON is refused with 400 invalid_json", async () => {
    expectRefused(await author.request("POST", "/bulletins", '{"templateId":'), 400, "invalid_json");
    expectRefused(await author.request("POST", "/bulletins", "{'templateId':'general'}"), 400, "invalid_json");
    // Bytes that claim to be gzip and are not.
    expectRefused(await author.request("POST", "/bulletins", '{"templateId":"general"}', { "Content-Encoding": "gzip" }), 400, "invalid_json");
  });

  it("body nodes and marks the editor does not have are refused at their path", async () => {
    const heading = { ...readyContent(), body: { type: "doc", content: [{ type: "heading", attrs: { level: 1 }, content: [{ type: "text", text: "Hola" }] }] } };
    expect(expectRefused(await save(heading), 400, "validation_error")).toContain("body.content.0");
    const image = withParagraph({ type: "image", attrs: { src: "https://imss.gob.mx/foto.png" } });
    expect(expectRefused(await save(image), 400, "validation_error")).toContain("body.content.0.content.0");
    const underline = withParagraph({ type: "text", text: "subrayado", marks: [{ type: "underline" }] });
    expect(expectRefused(await save(underline), 400, "validation_error")).toContain("body.content.0.content.0.marks.0");
    const styled = { ...readyContent(), body: { type: "doc", content: [{ type: "paragraph", attrs: {}, content: [{ type: "text", text: "x", style: "color:red" }] }] } };
    expect(expectRefused(await save(styled), 400, "validation_error")).toContain("body.content.0.content.0");
  });

  it("body structures the editor cannot hold are refused in Spanish at their path, ProseMirror's words only in details", async () => {
    const text = (value: string, marks?: unknown[]) => ({ type: "text", text: value, ...(marks ? { marks } : {}) });
    const paragraph = (...content: unknown[]) => ({ type: "paragraph", content });
    const item = (...content: unknown[]) => ({ type: "listItem", content });
    const bodies: [string, unknown, string, string][] = [
      ["bold twice", { type: "doc", content: [paragraph(text("x", [{ type: "bold" }, { type: "bold" }]))] }, "body.content.0.content.0.marks.1", "El formato «negrita» está aplicado dos veces al mismo texto."],
      ["two links", { type: "doc", content: [paragraph(text("x", [{ type: "link", attrs: { href: "https://a.mx" } }, { type: "link", attrs: { href: "https://b.mx" } }]))] }, "body.content.0.content.0.marks.1", "Un mismo texto no puede llevar dos enlaces."],
      ["a list item that starts with a list", { type: "doc", content: [{ type: "bulletList", content: [item({ type: "bulletList", content: [item(paragraph(text("x")))] })] }] }, "body.content.0.content.0.content.0", "Cada punto de una lista debe empezar con un párrafo, no con una lista con viñetas."],
      ["a list item that starts with a quote", { type: "doc", content: [paragraph(text("a")), { type: "orderedList", content: [item(paragraph(text("x"))), item({ type: "blockquote", content: [paragraph(text("y"))] })] }] }, "body.content.1.content.1.content.0", "Cada punto de una lista debe empezar con un párrafo, no con una cita."],
      ["text directly in a list", { type: "doc", content: [{ type: "bulletList", content: [text("suelto")] }] }, "body.content.0.content.0.type", "Una lista solo puede contener puntos de lista, cada uno con su texto en un párrafo."],
      ["a paragraph directly in a list", { type: "doc", content: [{ type: "bulletList", content: [paragraph(text("x"))] }] }, "body.content.0.content.0.type", "Una lista solo puede contener puntos de lista, cada uno con su texto en un párrafo."],
      ["a body that is not a document", { type: "paragraph", content: [] }, "body.type", "El cuerpo del boletín debe ser un documento del editor."],
    ];
    for (const [what, body, path, reason] of bodies) {
      const response: ApiResponse = await save({ ...readyContent(), body });
      expect(expectRefused(response, 400, "validation_error"), what).toBe(`Datos no válidos${whereIn(path)}: ${reason}`);
      expect(response.body.error.details[0], what).toMatchObject({ path, message: reason });
    }
    const twice: ApiResponse = await save({ ...readyContent(), body: bodies[0]![1] });
    expect(twice.body.error.details[0].technical).toBe("Invalid collection of marks for node text: bold,bold");
    expect((await author.get(`/bulletins/${draft.id}`)).body.version).toBe(draft.version);
  });

  it("an empty body is saved as the editor makes one: a single empty paragraph", async () => {
    const response = await save({ ...readyContent(), body: { type: "doc", content: [] } });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.body).toEqual({ type: "doc", content: [{ type: "paragraph" }] });
    draft.version = response.body.version;
    expect((await author.get(`/bulletins/${draft.id}`)).body.body).toEqual({ type: "doc", content: [{ type: "paragraph" }] });
  });

  it("links that are not http(s) are refused, in the body and as photo links", async () => {
    for (const href of ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox"]) {
      const linked = withParagraph({ type: "text", text: "aquí", marks: [{ type: "link", attrs: { href } }] });
      expect(expectRefused(await save(linked), 400, "validation_error"), href).toContain("body.content.0.content.0.marks.0.attrs.href");
    }
    expect(expectRefused(await save({ ...readyContent(), photoLinks: ["javascript:alert(1)"] }), 400, "validation_error")).toContain("photoLinks.0");
    expect(expectRefused(await save({ ...readyContent(), videoLinks: ["data:video/mp4;base64,AAAA"] }), 400, "validation_error")).toContain("videoLinks.0");
    const stored = (await author.get<BulletinResource>(`/bulletins/${draft.id}`)).body;
    expect(JSON.stringify(stored)).not.toMatch(/javascript:|data:/i);
  });

  it("__proto__ keys are plain data and refused, never polluting objects", async () => {
    expectRefused(await author.request("POST", "/bulletins", '{"templateId":"general","__proto__":{"role":"admin"}}'), 400, "validation_error");
    const nested = JSON.stringify(readyContent()).replace('"type":"doc"', '"type":"doc","__proto__":{"polluted":true}');
    expectRefused(await author.request("PUT", `/bulletins/${draft.id}`, nested, ifMatch(draft.version)), 400, "validation_error");
    expectRefused(await author.get("/bulletins?__proto__[role]=admin"), 400, "validation_error");
    expectRefused(await author.get("/bulletins?constructor[prototype][role]=admin"), 400, "validation_error");
    expect(({} as Record<string, unknown>).role).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Still an author.
    expect((await author.get("/session")).body.user.role).toBe("author");
    expectRefused(await author.get("/users"), 403, "forbidden");
  });

  it("repeated query parameters and out-of-range numbers are refused", async () => {
    expect(expectRefused(await author.get("/bulletins?status=draft&status=approved"), 400, "validation_error")).toContain("status");
    expectRefused(await author.get("/bulletins?page=1&page=2"), 400, "validation_error");
    expectRefused(await author.get("/bulletins?q=a&q=b"), 400, "validation_error");
    expectRefused(await author.get("/bulletins?year=dos-mil"), 400, "validation_error");
    expectRefused(await author.get("/bulletins?pageSize=100000"), 400, "validation_error");
    expectRefused(await author.get("/bulletins?page=0"), 400, "validation_error");
    expectRefused(await author.get(`/bulletins/${draft.id}/export?format=docx&format=txt`), 400, "validation_error");
  });

  it("ids that are not positive 32-bit integers are refused, unknown ones are not found", async () => {
    for (const id of ["abc", "12.5", "-1", "0", "99999999999", "1;DROP TABLE bulletins"]) {
      expect(expectRefused(await author.get(`/bulletins/${encodeURIComponent(id)}`), 400, "validation_error"), id).toContain("(id)");
    }
    expectRefused(await author.get("/bulletins/%E0%A4%A"), 400, "validation_error");
    expectRefused(await author.get("/bulletins/2147483647"), 404, "not_found");
    expectRefused(await author.get(`/bulletins/${draft.id}/revisions/abc`), 400, "validation_error");
    expectRefused(await author.patch(`/bulletins/${draft.id}/comments/abc`, { resolved: true }), 400, "validation_error");
    expectRefused(await author.post("/bulletins", { fromBulletinId: 99_999_999_999 }), 404, "not_found");
    expectRefused(await admin.post("/templates", { fromBulletinId: 99_999_999_999, name: "Demasiado grande" }), 404, "not_found");
    expectRefused(await author.get("/no-existe"), 404, "not_found");
  });

  it("text PostgreSQL cannot store and JSON nested without end are refused, not crashed on", async () => {
    expect(expectRefused(await save({ ...readyContent(), title: "Titular con \u0000 nulo" }), 400, "validation_error")).toContain("U+0000");
    expectRefused(await author.post(`/bulletins/${draft.id}/comments`, { body: "nulo \u0000" }), 400, "validation_error");
    expectRefused(await author.get(`/bulletins?q=${encodeURIComponent("hospital\u0000")}`), 400, "validation_error");
    // 3,000 quotes inside each other: 100 kB, and deeper than JSON.stringify goes, so written by hand.
    let quote = '{"type":"paragraph","content":[{"type":"text","text":"cita"}]}';
    for (let depth = 0; depth < 3000; depth++) quote = `{"type":"blockquote","content":[${quote}]}`;
    const deep = JSON.stringify(readyContent()).replace(/"body":\{.*?\]\}\]\}/, `"body":{"type":"doc","content":[${quote}]}`);
    expect(deep).toContain('"blockquote"');
    expect(expectRefused(await author.request("PUT", `/bulletins/${draft.id}`, deep, ifMatch(draft.version)), 400, "validation_error")).toContain("anidado");
    expect((await author.get(`/bulletins/${draft.id}`)).body.version).toBe(draft.version);
  });

  it("a write with the session cookie must come from this site's own Origin", async () => {
    const foreign = await author.post("/bulletins", { templateId: "general" }, { Origin: "https://evil.example" });
    expect(expectRefused(foreign, 403, "origin_refused")).toMatch(/otro sitio/);
    const viaNull = await author.post("/bulletins", { templateId: "general" }, { Origin: "null" });
    expectRefused(viaNull, 403, "origin_refused");

    // Without Origin: fetch always sends one on a non-GET, so go through node:http.
    const { request } = await import("node:http");
    const cookie = await cookieOf(author);
    const withoutOrigin = await new Promise<{ status: number; body: string; type: string }>((resolve, reject) => {
      const url = new URL(`${server.url}/api/bulletins`);
      const outgoing = request(
        { host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: { "Content-Type": "application/json", Cookie: cookie } },
        (incoming) => {
          let body = "";
          incoming.on("data", (chunk) => (body += chunk));
          incoming.on("end", () => resolve({ status: incoming.statusCode ?? 0, body, type: String(incoming.headers["content-type"]) }));
        },
      );
      outgoing.on("error", reject);
      outgoing.end(JSON.stringify({ templateId: "general" }));
    });
    expect(withoutOrigin.status).toBe(403);
    expect(JSON.parse(withoutOrigin.body).error).toMatchObject({ code: "origin_refused", message: expect.stringMatching(/Origin/) });

    // Reads are not writes: a foreign Origin on a GET is served.
    expect((await author.get("/session", { Origin: "https://evil.example" })).status).toBe(200);
    // A foreign Origin cannot sign in a victim's browser either way: without a cookie it simply has no session.
    const anonymous = new ApiClient(server.url);
    expectRefused(await anonymous.post("/bulletins", { templateId: "general" }, { Origin: "https://evil.example" }), 403, "origin_refused");
  });
});

/** The session cookie a client sends (its value is kept private by ApiClient). */
async function cookieOf(client: ApiClient): Promise<string> {
  return (client as unknown as { cookie: string }).cookie;
}
