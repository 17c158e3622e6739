import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BulletinResource } from "../../shared/api/schemas";
import type { Bulletin } from "../../shared/bulletin/schema";
import { readDocx } from "../docx/docx-read";
import { signedIn, type ApiClient, type ApiResponse } from "../api-client";
import { startTestServer, type TestServer } from "../server-harness";
import { expectWellFormedDocx } from "../export/hostile-text";
import { ADMIN, AUTHOR, REVIEWER, ifMatch, readyContent } from "./fixtures";

// What a careless paste or a forged request puts into a bulletin, through the API: refused with
// the code point and the field, or cleaned; never stored so that an export would not open.

let server: TestServer;
let author: ApiClient;
let reviewer: ApiClient;
let admin: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  [author, reviewer, admin] = await Promise.all([signedIn(server.url, AUTHOR), signedIn(server.url, REVIEWER), signedIn(server.url, ADMIN)]);
});

afterAll(async () => {
  await server?.close();
});

async function newDraft(): Promise<BulletinResource> {
  const created = await author.post<BulletinResource>("/bulletins", { templateId: "general" });
  expect(created.status).toBe(201);
  return created.body;
}

function save(draft: BulletinResource, content: unknown): Promise<ApiResponse<BulletinResource>> {
  return author.put<BulletinResource>(`/bulletins/${draft.id}`, content, ifMatch(draft.version));
}

function refusal(response: ApiResponse): string {
  expect(response.headers.get("content-type"), JSON.stringify(response.body)).toMatch(/^application\/json/);
  expect({ status: response.status, code: response.body?.error?.code }, JSON.stringify(response.body)).toEqual({ status: 400, code: "validation_error" });
  return response.body.error.message as string;
}

const linked = (href: string): Partial<Bulletin> => ({
  body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "aquí", marks: [{ type: "link", attrs: { href } }] }] }] },
});

describe("code points no export can carry", () => {
  it("U+FFFE, U+FFFF and lone surrogates are refused, naming the code point and the field, and nothing is saved", async () => {
    const draft = await newDraft();
    const cases: [Partial<Bulletin>, string, string][] = [
      [{ title: "Inaugura el IMSS \uFFFE un hospital" }, "(title)", "U+FFFE"],
      [{ highlights: ["Primero.", "Segundo \uFFFF."] }, "(highlights.1)", "U+FFFF"],
      [{ place: "Puebla\uDC00" }, "(place)", "U+DC00"],
      [{ body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Texto \uFFFE." }] }] } }, "(body.content.0.content.0.text)", "U+FFFE"],
      [{ photoLinks: ["https://imss.gob.mx/\uFFFF"] }, "(photoLinks.0)", "U+FFFF"],
    ];
    for (const [changes, where, codePoint] of cases) {
      const message = refusal(await save(draft, readyContent(changes)));
      expect(message, where).toContain(where);
      expect(message, where).toContain(codePoint);
      expect(message, where).toMatch(/no se puede guardar/);
    }
    expect(refusal(await author.post(`/bulletins/${draft.id}/comments`, { body: "Revisa \uFFFE esto" }))).toContain("U+FFFE");
    expect((await author.get<BulletinResource>(`/bulletins/${draft.id}`)).body.version).toBe(draft.version);
  });

  it("controls pasted from Word are dropped (a vertical tab is a line break), and the approved DOCX opens", async () => {
    const draft = await newDraft();
    const saved = await save(
      draft,
      readyContent({
        title: "Inaugura\u0007 el IMSS\u000B un hospital\u001F en Tlalpan",
        highlights: ["Contará con\u0008 260 camas."],
        body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Primera línea\u000Bsegunda línea\u0001." }] }] },
      }),
    );
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.title).toBe("Inaugura el IMSS un hospital en Tlalpan");
    expect(saved.body.highlights).toEqual(["Contará con 260 camas."]);
    expect(saved.body.body.content[0]).toEqual({ type: "paragraph", content: [{ type: "text", text: "Primera línea\nsegunda línea." }] });

    expect((await author.post(`/bulletins/${draft.id}/transitions`, { action: "submit" })).status).toBe(200);
    const approved = await reviewer.post<BulletinResource>(`/bulletins/${draft.id}/transitions`, { action: "approve" });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const exported = await reviewer.get(`/bulletins/${draft.id}/export?format=docx`);
    expect(exported.status).toBe(200);
    await expectWellFormedDocx(exported.body as Buffer);
    expect((await readDocx(exported.body as Buffer)).paragraphs.map((paragraph) => paragraph.text)).toContain("Inaugura el IMSS un hospital en Tlalpan");
  });
});

describe("one-line fields are one line", () => {
  it("a line break in the headline, place or a highlight is saved as a space and never reaches the TXT as its own line", async () => {
    const draft = await newDraft();
    const saved = await save(
      draft,
      readyContent({ place: "Ciudad\u2028de México", title: "Titular\nNo. 999/2026.", highlights: ["Destacado\r\n# Falso"] }),
    );
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect([saved.body.place, saved.body.title, saved.body.highlights[0]]).toEqual(["Ciudad de México", "Titular No. 999/2026.", "Destacado # Falso"]);
    const text = (await author.get(`/bulletins/${draft.id}/export?format=txt`)).body as string;
    expect(text.split("\n")).not.toContain("No. 999/2026.");
    const markdown = (await author.get(`/bulletins/${draft.id}/export?format=md`)).body as string;
    expect(markdown.split("\n").filter((line) => /^#/.test(line))).toEqual([]);
  });

  it("a template's headline and highlight placeholders are one line too, so a new draft starts with one", async () => {
    const updated = await admin.put("/templates/general", { titlePlaceholder: "[Titular]\nNo. 999/2026.", highlightSlots: ["[Destacado]\n===", "[Otro]"] });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    const draft = await newDraft();
    expect(draft.title).toBe("[Titular] No. 999/2026.");
    expect(draft.highlights).toEqual(["[Destacado] ===", "[Otro]"]);
    expect(refusal(await admin.put("/templates/general", { titlePlaceholder: "[Titular \uFFFE]" }))).toContain("U+FFFE");
  });
});

describe("only absolute http(s) links with a domain are stored", () => {
  const refused = [
    "\\\\host\\share\\x.jpg",
    "\\\\192.168.1.10\\fotos",
    "//host/x",
    "https:\\\\host\\x",
    "https:/\\host/x",
    "https:host/x",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "javascript:alert(1)",
    "file:///C:/fotos/x.jpg",
    "www.imss.gob.mx/fotos",
    "imss.gob.mx/fotos",
    "https://user:pass@imss.gob.mx/fotos",
    "https://imss.gob.mx@evil.example/fotos",
    "https://imss.gob.mx/\u202Egpj.exe",
    "https://imss.gob.mx/fo tos",
    "https://",
    "https://intranet/fotos",
  ];

  it("photo and video links that are anything else are refused, naming the field and why", async () => {
    const draft = await newDraft();
    for (const link of refused) {
      const photo = refusal(await save(draft, readyContent({ photoLinks: ["https://imss.gob.mx/fotos", link] })));
      expect(photo, JSON.stringify(link)).toContain("(photoLinks.1)");
      expect(photo, JSON.stringify(link)).toMatch(/enlace/i);
      expect(refusal(await save(draft, readyContent({ videoLinks: [link] }))), JSON.stringify(link)).toContain("(videoLinks.0)");
    }
    expect(refusal(await save(draft, readyContent({ photoLinks: ["\\\\host\\share\\x.jpg"] })))).toContain("barras invertidas");
    expect(refusal(await save(draft, readyContent({ photoLinks: ["https://user:pass@imss.gob.mx/"] })))).toContain("usuario ni contraseña");
    const stored = (await author.get<BulletinResource>(`/bulletins/${draft.id}`)).body;
    expect(stored.version).toBe(draft.version);
    expect(JSON.stringify(stored)).not.toMatch(/host|user:pass|intranet/);
  });

  it("body links that are anything else are refused at the link's path", async () => {
    const draft = await newDraft();
    for (const href of refused) {
      expect(refusal(await save(draft, readyContent(linked(href)))), JSON.stringify(href)).toContain("(body.content.0.content.0.marks.0.attrs.href)");
    }
  });

  it("a link with spaces around it is stored trimmed; an internationalised domain is stored and flagged for a second look", async () => {
    const draft = await newDraft();
    const saved = await save(
      draft,
      readyContent({ photoLinks: ["  https://imss.gob.mx/fotos  "], videoLinks: ["https://іmss.gob.mx/video"], ...linked(" https://www.imss.gob.mx/prensa ") }),
    );
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.photoLinks).toEqual(["https://imss.gob.mx/fotos"]);
    expect(saved.body.body.content[0]).toMatchObject({ content: [{ marks: [{ type: "link", attrs: { href: "https://www.imss.gob.mx/prensa" } }] }] });
    expect(saved.body.checks).toContainEqual(expect.objectContaining({ code: "link_idn", field: "videoLinks.0", message: expect.stringContaining("xn--") }));
  });
});
