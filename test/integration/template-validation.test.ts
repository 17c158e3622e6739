import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedIn, type ApiClient } from "../api-client";
import { startTestServer, type TestServer } from "../server-harness";
import { ADMIN, AUTHOR, errorCode } from "./fixtures";

let server: TestServer;
let admin: ApiClient;
let author: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  admin = await signedIn(server.url, ADMIN);
  author = await signedIn(server.url, AUTHOR);
});

afterAll(async () => {
  await server?.close();
});

const paragraph = (text: string) => ({ type: "paragraph", content: [{ type: "text", text }] });

describe("a template must be able to make a draft that can be saved", () => {
  const refusedBodies: [string, unknown][] = [
    ["an unknown node", { type: "doc", content: [paragraph("Texto."), { type: "image", attrs: { src: "https://example.org/a.png" } }] }],
    ["a link that is not http(s)", { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "clic", marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }] }] }] }],
    // Both pass the JSON shape; neither is a document the editor can hold, so no draft made from them could be saved.
    ["a list item that starts with a list", { type: "doc", content: [{ type: "bulletList", content: [{ type: "listItem", content: [{ type: "bulletList", content: [{ type: "listItem", content: [paragraph("anidado")] }] }] }] }] }],
  ];

  for (const [what, body] of refusedBodies) {
    it(`refuses a body with ${what}, in Spanish, and keeps the template as it was`, async () => {
      const before = (await admin.get("/templates/general")).body;
      const response = await admin.put("/templates/general", { body });
      expect(response.status, JSON.stringify(response.body)).toBe(400);
      expect(errorCode(response)).toBe("validation_error");
      expect(response.body.error.message).toMatch(/^(Datos no válidos en Cuerpo del boletín \(body[^)]*\)|La plantilla no produciría un borrador válido)/);
      expect(response.body.error.message).toMatch(/[áéíóúñ]|cuerpo|enlace|permitido/);
      expect((await admin.get("/templates/general")).body).toEqual(before);
    });
  }

  it("the refusal names the structural problem the editor would hit, in its words, at its path", async () => {
    const response = await admin.put("/templates/general", { body: refusedBodies[2]![1] });
    expect(response.body.error.message).toBe(
      "La plantilla no produciría un borrador válido (body.content.0.content.0.content.0): Cada punto de una lista debe empezar con un párrafo, no con una lista con viñetas.",
    );
    expect(response.body.error.details).toEqual([
      { path: "body.content.0.content.0.content.0", message: "Cada punto de una lista debe empezar con un párrafo, no con una lista con viñetas.", technical: expect.stringMatching(/^Invalid content for node listItem/) },
    ]);
  });

  it("an empty body is kept as the editor makes one: a single empty paragraph", async () => {
    const before = (await admin.get("/templates/general")).body;
    const emptied = await admin.put("/templates/general", { body: { type: "doc", content: [] } });
    expect(emptied.status, JSON.stringify(emptied.body)).toBe(200);
    expect(emptied.body.body).toEqual({ type: "doc", content: [{ type: "paragraph" }] });
    const draft = await author.post("/bulletins", { templateId: "general" });
    expect(draft.body.body).toEqual({ type: "doc", content: [{ type: "paragraph" }] });
    expect((await admin.put("/templates/general", { body: before.body })).status).toBe(200);
  });

  it("a valid change is kept, and a draft made from it saves", async () => {
    const body = { type: "doc", content: [paragraph("[Entrada del boletín]"), { type: "bulletList", content: [{ type: "listItem", content: [paragraph("[Punto]")] }] }] };
    const updated = await admin.put("/templates/general", { body, titlePlaceholder: "[Titular nuevo]" });
    expect(updated.status).toBe(200);
    const draft = await author.post("/bulletins", { templateId: "general" });
    expect(draft.status).toBe(201);
    expect(draft.body.body).toEqual(body);
    const { number, place, date, title, highlights, photoLinks, videoLinks } = draft.body;
    const saved = await author.put(`/bulletins/${draft.body.id}`, { number, place, date, title, highlights, body: draft.body.body, photoLinks, videoLinks }, { "If-Match": `"${draft.body.version}"` });
    expect(saved.status).toBe(200);
  });
});
