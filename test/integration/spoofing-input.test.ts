import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BulletinResource } from "../../shared/api/schemas";
import { todayInMexicoCity } from "../../shared/bulletin/date-line";
import type { Bulletin } from "../../shared/bulletin/schema";
import type { Organization } from "../../shared/organization";
import { signedIn, type ApiClient, type ApiResponse } from "../api-client";
import { startTestServer, type TestServer } from "../server-harness";
import { ADMIN, AUTHOR, ifMatch, readyContent } from "./fixtures";

// What an adversarial probe sent the running server: names that show nothing or spoof another, text that
// displays in another order than it is stored, links into the office's own network, dates decades away.

let server: TestServer;
let author: ApiClient;
let admin: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  [author, admin] = await Promise.all([signedIn(server.url, AUTHOR), signedIn(server.url, ADMIN)]);
});

afterAll(async () => {
  await server?.close();
});

function refusal(response: ApiResponse): string {
  expect(response.headers.get("content-type"), JSON.stringify(response.body)).toMatch(/^application\/json/);
  expect({ status: response.status, code: response.body?.error?.code }, JSON.stringify(response.body)).toEqual({ status: 400, code: "validation_error" });
  return response.body.error.message as string;
}

async function newDraft(): Promise<BulletinResource> {
  const created = await author.post<BulletinResource>("/bulletins", { templateId: "general" });
  expect(created.status).toBe(201);
  return created.body;
}

function save(draft: BulletinResource, content: unknown): Promise<ApiResponse<BulletinResource>> {
  return author.put<BulletinResource>(`/bulletins/${draft.id}`, content, ifMatch(draft.version));
}

const INVISIBLE_NAMES = ["\u200B", " \u200C\u200D ", "\u2060", "\uFEFF", "\u2800", "\u202E\u2066"];
let created = 0;
const newUser = (name: string) =>
  admin.post("/users", { email: `persona-${++created}@redacta.local`, name, role: "author", password: "una-contraseña-larga" });

describe("user names are one visible line", () => {
  it("a name of invisible characters alone is refused, in Spanish, at its field", async () => {
    for (const name of INVISIBLE_NAMES) {
      const message = refusal(await newUser(name));
      expect(message, JSON.stringify(name)).toContain("(name)");
      expect(message, JSON.stringify(name)).toContain("Escribe el nombre.");
    }
    const users = (await admin.get("/users")).body.items as { name: string }[];
    expect(users.every((user) => /\p{L}/u.test(user.name))).toBe(true);
  });

  it("a line break becomes a space, invisible edges are trimmed, bidirectional controls dropped", async () => {
    const broken = await newUser("Ana\nAutora");
    expect(broken.status, JSON.stringify(broken.body)).toBe(201);
    expect(broken.body.name).toBe("Ana Autora");
    const edged = await newUser("\u200B Luis Pérez\u2060\uFEFF");
    expect(edged.body.name).toBe("Luis Pérez");
    // Shown as "Ana Autora" in the audit trail; stored letters say otherwise.
    const spoofed = await newUser("\u202EarotuA anA");
    expect(spoofed.body.name).toBe("arotuA anA");
  });

  it("renaming to nothing visible is refused, and the name is kept", async () => {
    const user = (await newUser("Rosa Revisora")).body as { id: number; name: string };
    for (const name of INVISIBLE_NAMES) expect(refusal(await admin.patch(`/users/${user.id}`, { name })), JSON.stringify(name)).toContain("(name)");
    const renamed = await admin.patch(`/users/${user.id}`, { name: "Rosa\r\nMaría\u200F" });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body.name).toBe("Rosa María");
  });
});

describe("template names and required profile fields show something", () => {
  it("a template renamed or made with an invisible name is refused", async () => {
    const archived = (await admin.get("/bulletins?status=published")).body.items[0].id as number;
    for (const name of INVISIBLE_NAMES) {
      expect(refusal(await admin.put("/templates/general", { name })), JSON.stringify(name)).toContain("La plantilla necesita un nombre.");
      expect(refusal(await admin.post("/templates", { fromBulletinId: archived, name })), JSON.stringify(name)).toContain("La plantilla necesita un nombre.");
    }
    expect((await admin.get("/templates/general")).body.name).toMatch(/\p{L}/u);
  });

  it("a required profile field of invisible characters alone is refused, and bidirectional controls are dropped", async () => {
    const profile = (await admin.get<Organization>("/organization")).body;
    for (const field of ["name", "unit", "label", "closingMark", "defaultPlace", "photoLinksLabel", "videoLinksLabel"] as const) {
      expect(refusal(await admin.put("/organization", { ...profile, [field]: "\u200B\uFEFF" })), field).toContain(`(${field})`);
    }
    const saved = await admin.put<Organization>("/organization", { ...profile, label: "\u200BBOLETÍN\u202E DE PRENSA\u2060", motto: "\u2060" });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ label: "BOLETÍN DE PRENSA", motto: "" });
    await admin.put("/organization", profile);
  });

  it("a profile written as Markdown and HTML comes out of every .md as text", async () => {
    const profile = (await admin.get<Organization>("/organization")).body;
    const hostile = { ...profile, label: "<img src=x onerror=alert(1)>", closingMark: "[a](javascript:x)", photoLinksLabel: "# FOTOS" };
    expect((await admin.put("/organization", hostile)).status).toBe(200);
    try {
      const draft = await newDraft();
      expect((await save(draft, readyContent())).status).toBe(200);
      const lines = ((await author.get(`/bulletins/${draft.id}/export?format=md`)).body as string).split("\n");
      expect(lines).toContain("\\<img src=x onerror=alert(1)>");
      expect(lines).toContain("\\[a\\](javascript:x)");
      expect(lines).toContain("\\# FOTOS");
      expect(lines.filter((line) => /^(<|\[|#)/.test(line))).toEqual(["<https://imss.gob.mx/fotos/tlalpan>"]);
    } finally {
      await admin.put("/organization", profile);
    }
  });
});

describe("bulletin text reads in the order it is stored", () => {
  it("bidirectional overrides, isolates and marks are dropped from headline, highlights, place and body", async () => {
    const draft = await newDraft();
    const saved = await save(
      draft,
      readyContent({
        place: "\u202EPuebla",
        title: "Aprueba el IMSS \u2067ocho\u2069 hospitales",
        highlights: ["Del 10 \u200F- 20 de enero."],
        body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Firma \u202Dla directora\u202C\u061C." }] }] },
      }),
    );
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect([saved.body.place, saved.body.title, saved.body.highlights]).toEqual(["Puebla", "Aprueba el IMSS ocho hospitales", ["Del 10 - 20 de enero."]]);
    expect(saved.body.body.content[0]).toEqual({ type: "paragraph", content: [{ type: "text", text: "Firma la directora." }] });
  });
});

describe("links go to public sites", () => {
  const internal = ["http://127.0.0.1:3000/", "http://169.254.169.254/", "http://10.0.0.5/", "http://[::1]/", "http://0x7f000001/", "http://2130706433/", "http://[::ffff:10.0.0.5]/"];
  const linked = (href: string): Partial<Bulletin> => ({
    body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "aquí", marks: [{ type: "link", attrs: { href } }] }] }] },
  });

  it("a photo, video or body link to an internal address is refused with the reason, and nothing is saved", async () => {
    const draft = await newDraft();
    for (const link of internal) {
      const photo = refusal(await save(draft, readyContent({ photoLinks: [link] })));
      expect(photo, link).toContain("(photoLinks.0)");
      expect(photo, link).toContain("El enlace apunta a una dirección interna de una red, no a un sitio público.");
      expect(refusal(await save(draft, readyContent({ videoLinks: [link] }))), link).toContain("(videoLinks.0)");
      expect(refusal(await save(draft, readyContent(linked(link)))), link).toContain("(body.content.0.content.0.marks.0.attrs.href)");
    }
    expect((await author.get<BulletinResource>(`/bulletins/${draft.id}`)).body.version).toBe(draft.version);
  });

  it("a public address is still a link", async () => {
    const saved = await save(await newDraft(), readyContent({ photoLinks: ["https://8.8.8.8/fotos"], ...linked("https://[2606:4700::1111]/") }));
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.photoLinks).toEqual(["https://8.8.8.8/fotos"]);
  });
});

describe("a date far from today is flagged while writing", () => {
  it("a date decades away or a month off warns the writer, and today's does not", async () => {
    let draft = await newDraft();
    for (const date of ["2062-11-23", "9999-12-31", "2001-01-01"]) {
      const saved = await save(draft, readyContent({ date }));
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
      expect(saved.body.checks, date).toContainEqual(expect.objectContaining({ code: "date_far", severity: "warning", field: "date" }));
      draft = saved.body;
    }
    const today = await save(draft, readyContent({ date: todayInMexicoCity() }));
    expect(today.body.checks.map((check) => check.code)).not.toContain("date_far");
  });
});
