import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderPdf } from "../../server/export/pdf";
import { parseBulletin } from "../../server/import/parse-bulletin";
import { organization } from "../export/seed-001";
import type { ImportBatch, ImportItem } from "../../shared/api/imports";
import { SEEDS_FOLDER } from "../../server/db/seed";
import { ApiClient, signedIn, type ApiResponse } from "../api-client";
import { bulletinText, utf8 } from "../bulk-import-files";
import { startTestServer, type TestServer } from "../server-harness";
import { ADMIN, AUTHOR, REVIEWER, createUser, errorCode } from "./fixtures";

let server: TestServer;
let admin: ApiClient;
let author: ApiClient;
let reviewer: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  [admin, author, reviewer] = await Promise.all([signedIn(server.url, ADMIN), signedIn(server.url, AUTHOR), signedIn(server.url, REVIEWER)]);
});

afterAll(async () => {
  await server?.close();
});

async function newBatch(client = admin): Promise<number> {
  const response = await client.post<ImportBatch>("/imports");
  expect(response.status).toBe(201);
  return response.body.id;
}

function upload(batchId: number | string, name: string, bytes: Uint8Array, client = admin): Promise<ApiResponse<ImportItem>> {
  return client.request("POST", `/imports/${batchId}/files?name=${encodeURIComponent(name)}`, bytes, { "Content-Type": "application/octet-stream" });
}

async function uploaded(batchId: number, name: string, bytes: Uint8Array): Promise<ImportItem> {
  const response = await upload(batchId, name, bytes);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

async function nextNumber(year: number): Promise<number> {
  const response = await admin.get<{ items: { year: number; nextSeq: number }[] }>("/numbering");
  return response.body.items.find((item) => item.year === year)?.nextSeq ?? 1;
}

let titles = 0;
const title = (what: string) => `${what} ${++titles} en la alcaldía Iztapalapa`;

describe("bulk import", () => {
  it("puts a file without warnings straight into the archive, advancing the year's numbering; the same bytes again are the same bulletin", async () => {
    const batchId = await newBatch();
    const bytes = utf8(bulletinText({ title: title("Inaugura el Instituto una clínica"), number: { seq: 3120, year: 2026 } }));
    const item = await uploaded(batchId, "2026/boletín 3120.txt", bytes);
    expect(item).toMatchObject({ result: "imported", format: "txt", fileName: "2026/boletín 3120.txt", size: bytes.byteLength, warnings: [], numberClash: null, sourceText: null });
    const bulletin = await admin.get(`/bulletins/${item.bulletinId}`);
    expect(bulletin.body).toMatchObject({ status: "published", number: { seq: 3120, year: 2026 } });
    expect(await nextNumber(2026)).toBe(3121);

    const again = await uploaded(await newBatch(), "copia.txt", bytes);
    expect(again).toMatchObject({ result: "duplicate", bulletinId: item.bulletinId });
    const seedName = fs.readdirSync(SEEDS_FOLDER).find((name) => name.endsWith(".txt"))!;
    const seeded = await uploaded(batchId, seedName, fs.readFileSync(path.join(SEEDS_FOLDER, seedName)));
    expect(seeded.result).toBe("duplicate");
    expect(seeded.bulletinId).toBeGreaterThan(0);
  });

  it("keeps a file with warnings out of the archive until a person confirms it, with their corrections", async () => {
    const batchId = await newBatch();
    const item = await uploaded(batchId, "sin cierre.txt", utf8(bulletinText({ title: title("Anuncia el Instituto jornadas"), number: { seq: 3200, year: 2026 }, unsure: true })));
    expect(item.result).toBe("needs_review");
    expect(item.bulletinId).toBeNull();
    expect(item.warnings.join(" ")).toMatch(/destacados/);
    expect(item.sourceText).toContain("Anuncia el Instituto jornadas");
    expect(await nextNumber(2026)).toBeLessThan(3201);

    const corrected = { ...item.parsed!, title: "Anuncia el Instituto jornadas de vacunación", highlights: ["Se aplicarán 10 mil dosis."] };
    const confirmed = await admin.post<ImportItem>(`/imports/${batchId}/items/${item.id}/confirm`, { bulletin: corrected });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body).toMatchObject({ result: "imported_with_warnings", confirmedBy: { name: expect.any(String) }, warnings: item.warnings, sourceText: null });
    const bulletin = await admin.get(`/bulletins/${confirmed.body.bulletinId}`);
    expect(bulletin.body).toMatchObject({ status: "published", title: "Anuncia el Instituto jornadas de vacunación", highlights: ["Se aplicarán 10 mil dosis."] });
    expect(await nextNumber(2026)).toBe(3201);
    const history = await admin.get<{ items: { action: string; detail: { warnings?: string[] } | null }[] }>(`/bulletins/${confirmed.body.bulletinId}/events`);
    expect(history.body.items.find((event) => event.action === "confirm_import")?.detail?.warnings).toEqual(item.warnings);

    const twice = await admin.post(`/imports/${batchId}/items/${item.id}/confirm`, {});
    expect(twice.status).toBe(409);
    const batch = await admin.get<ImportBatch>(`/imports/${batchId}`);
    expect(batch.body.items.map((entry) => entry.result)).toEqual(["imported_with_warnings"]);
  });

  it("shows a number another bulletin holds as a clash, refuses to import it as it is, and imports it corrected or without the number", async () => {
    const holder = await uploaded(await newBatch(), "titular.txt", utf8(bulletinText({ title: title("Entrega el Instituto equipo"), number: { seq: 3300, year: 2026 } })));
    expect(holder.result).toBe("imported");
    const batchId = await newBatch();
    const clashing = await uploaded(batchId, "choque.txt", utf8(bulletinText({ title: title("Firma el Instituto convenio"), number: { seq: 3300, year: 2026 } })));
    const other = await uploaded(batchId, "choque 2.txt", utf8(bulletinText({ title: title("Firma el Instituto otro convenio"), number: { seq: 3300, year: 2026 } })));
    for (const item of [clashing, other]) {
      expect(item).toMatchObject({ result: "needs_review", numberClash: { seq: 3300, year: 2026, bulletinId: holder.bulletinId }, bulletinId: null });
    }

    const asItIs = await admin.post(`/imports/${batchId}/items/${clashing.id}/confirm`, {});
    expect(asItIs.status).toBe(409);
    expect(errorCode(asItIs)).toBe("numbering_collision");
    expect(asItIs.body.error.message).toContain(`#${holder.bulletinId}`);
    expect(asItIs.body.error.details.numberClash).toEqual({ seq: 3300, year: 2026, bulletinId: holder.bulletinId });

    const renumbered = await admin.post<ImportItem>(`/imports/${batchId}/items/${clashing.id}/confirm`, { bulletin: { ...clashing.parsed!, number: { seq: 3350, year: 2026 } } });
    expect(renumbered.body.result).toBe("imported");
    expect((await admin.get(`/bulletins/${renumbered.body.bulletinId}`)).body.number).toEqual({ seq: 3350, year: 2026 });
    expect(await nextNumber(2026)).toBe(3351);

    const unnumbered = await admin.post<ImportItem>(`/imports/${batchId}/items/${other.id}/confirm`, { bulletin: { ...other.parsed!, number: null } });
    expect(unnumbered.body.result).toBe("imported");
    expect((await admin.get(`/bulletins/${unnumbered.body.bulletinId}`)).body.number).toBeNull();
  });

  it("refuses what is not a bulletin with the reason, and lets a person discard a file", async () => {
    const batchId = await newBatch();
    const empty = await uploaded(batchId, "vacío.txt", new Uint8Array());
    expect(empty).toMatchObject({ result: "refused", reason: "El archivo está vacío." });
    const binary = await uploaded(batchId, "programa.exe", Uint8Array.from([0x4d, 0x5a, 0, 1, 2, 3]));
    expect(binary.result).toBe("refused");
    expect(binary.reason).toMatch(/TXT, Markdown \(\.md\), DOCX o PDF/);
    const fakePdf = await uploaded(batchId, "informe.pdf", utf8("esto no es un PDF"));
    expect(fakePdf.result).toBe("refused");

    const waiting = await uploaded(batchId, "dudoso.txt", utf8(bulletinText({ title: title("Visita el Instituto hospitales"), unsure: true })));
    const discarded = await admin.post<ImportItem>(`/imports/${batchId}/items/${waiting.id}/discard`, {});
    expect(discarded.body).toMatchObject({ result: "discarded", bulletinId: null });
    expect((await admin.post(`/imports/${batchId}/items/${waiting.id}/confirm`, {})).status).toBe(409);
    const search = await admin.get<{ items: unknown[] }>(`/bulletins?q=${encodeURIComponent("Visita el Instituto hospitales")}`);
    expect(search.body.items).toHaveLength(0);
  });

  it("answers hostile input with Spanish JSON errors, never a 500", async () => {
    const batchId = await newBatch();
    const text = utf8(bulletinText({ title: title("Presenta el Instituto informe") }));
    const cases: [string, Promise<ApiResponse>, number][] = [
      ["no name", admin.request("POST", `/imports/${batchId}/files`, text, { "Content-Type": "application/octet-stream" }), 400],
      ["blank name", upload(batchId, "   ", text), 400],
      ["control characters in the name", upload(batchId, "a\u0007b.txt", text), 400],
      ["NUL in the name", upload(batchId, "a\u0000b.txt", text), 400],
      ["a name of 600 characters", upload(batchId, `${"x".repeat(600)}.txt`, text), 400],
      ["a batch id that is not one", upload("abc", "a.txt", text), 400],
      ["a batch that does not exist", upload(999999, "a.txt", text), 404],
      ["text/plain instead of bytes", admin.request("POST", `/imports/${batchId}/files?name=a.txt`, "hola", { "Content-Type": "text/plain" }), 415],
      ["JSON instead of bytes", admin.request("POST", `/imports/${batchId}/files?name=a.txt`, { file: "hola" }), 400],
      ["a file of 30 MB", upload(batchId, "enorme.pdf", new Uint8Array(30 * 1024 * 1024)), 413],
      ["an item of another batch", admin.post(`/imports/${batchId}/items/999999/confirm`, {}), 404],
      ["an unknown field", admin.post(`/imports/${batchId}/items/1/confirm`, { force: true }), 400],
      ["an impossible date", admin.post(`/imports/${batchId}/items/1/confirm`, { bulletin: { number: null, place: null, date: "2026-02-30", title: "x", highlights: [], body: { type: "doc", content: [] }, photoLinks: [], videoLinks: [] } }), 400],
    ];
    for (const [what, request, status] of cases) {
      const response = await request;
      expect(response.status, what).toBe(status);
      expect(response.body.error?.message, what).toMatch(/[a-záéíóúñ]/i);
    }
    const hostileName = await uploaded(batchId, "../../etc/<script>alert(1)</script>.txt", text);
    expect(hostileName.fileName).toBe("../../etc/<script>alert(1)</script>.txt");
  });

  it("makes one bulletin of the same bytes uploaded at the same instant", async () => {
    const batchId = await newBatch();
    const bytes = utf8(bulletinText({ title: title("Abre el Instituto una guardería"), number: { seq: 3400, year: 2026 } }));
    const items = await Promise.all([1, 2, 3].map((copy) => uploaded(batchId, `copia ${copy}.txt`, bytes)));
    expect(items.map((item) => item.result).sort()).toEqual(["duplicate", "duplicate", "imported"]);
    expect(new Set(items.map((item) => item.bulletinId)).size).toBe(1);
  });

  it("reads a long PDF (in the server's reading thread) field for field", async () => {
    const headline = title("Publica el Instituto su informe anual");
    const bulletin = parseBulletin(bulletinText({ title: headline, number: { seq: 3600, year: 2026 } })).bulletin;
    const paragraph = { type: "paragraph" as const, content: [{ type: "text" as const, text: "El Instituto informó sobre el avance de las obras en la zona oriente de la ciudad. ".repeat(8) }] };
    const pdf = await renderPdf({ ...bulletin, body: { type: "doc", content: Array.from({ length: 300 }, () => paragraph) } }, { organization, draft: false });
    const item = await uploaded(await newBatch(), "informe anual.pdf", pdf);
    expect(item).toMatchObject({ format: "pdf", parsed: { title: headline, number: { seq: 3600, year: 2026 }, place: "Ciudad de México", date: "2026-03-03" } });
    expect(item.parsed!.body.content.length).toBeGreaterThan(100);
    expect(item.result).not.toBe("refused");
  });

  it("lists the latest imports with how many files still wait for a person", async () => {
    const batchId = await newBatch();
    await uploaded(batchId, "bien.txt", utf8(bulletinText({ title: title("Capacita el Instituto a médicos"), number: { seq: 3500, year: 2026 } })));
    await uploaded(batchId, "dudoso.txt", utf8(bulletinText({ title: title("Capacita el Instituto a enfermeras"), unsure: true })));
    const list = await admin.get<{ items: { id: number; total: number; needsReview: number; createdBy: { name: string } }[] }>("/imports");
    expect(list.status).toBe(200);
    expect(list.body.items[0]).toMatchObject({ id: batchId, total: 2, needsReview: 1, createdBy: { name: expect.any(String) } });
  });

  it("is for admins only", async () => {
    const batchId = await newBatch();
    const item = await uploaded(batchId, "espera.txt", utf8(bulletinText({ title: title("Reconoce el Instituto personal"), unsure: true })));
    const { client: distribution } = await createUser(admin, "distribution", "difusion");
    for (const client of [author, reviewer, distribution]) {
      expect((await client.post("/imports")).status).toBe(403);
      expect((await client.get("/imports")).status).toBe(403);
      expect((await client.get(`/imports/${batchId}`)).status).toBe(403);
      expect((await upload(batchId, "a.txt", utf8("hola"), client)).status).toBe(403);
      expect((await client.post(`/imports/${batchId}/items/${item.id}/confirm`, {})).status).toBe(403);
      expect((await client.post(`/imports/${batchId}/items/${item.id}/discard`, {})).status).toBe(403);
    }
    expect((await new ApiClient(server.url).get(`/imports/${batchId}`)).status).toBe(401);
    expect((await admin.get<ImportBatch>(`/imports/${batchId}`)).body.items[0]!.result).toBe("needs_review");
  });
});
