import { afterAll, beforeAll, expect, it } from "vitest";
import type { User } from "../../shared/api/schemas";
import { hashContent } from "../../server/bulletin-hash";
import { exportBulletin } from "../../server/commands/exportBulletin";
import type { Database } from "../../server/db/client";
import { signedIn, type ApiClient } from "../api-client";
import { startTestServer, type TestServer } from "../server-harness";
import { describeWithPoppler, flowingText, pdfInfo, pdfUrls, redPixels } from "../export/poppler";
import { AUTHOR, REVIEWER, act, archiveExample, makeApproved, makeDraft, readyContent, userByEmail } from "./fixtures";

let server: TestServer;
let db: Database;
let client: ApiClient;
let author: User;
let reviewer: User;

beforeAll(async () => {
  server = await startTestServer();
  db = server.handle.db;
  client = await signedIn(server.url, AUTHOR);
  author = await userByEmail(db, AUTHOR);
  reviewer = await userByEmail(db, REVIEWER);
});

afterAll(async () => {
  await server?.close();
});

function filenameOf(disposition: string | null): string | undefined {
  return /filename="?([^";]+)"?/.exec(disposition ?? "")?.[1];
}

describeWithPoppler("GET /api/bulletins/:id/export?format=pdf", () => {
  it("an approved bulletin's PDF is exactly its approved revision: number, text, hashes, boletin-N-YYYY.pdf", async () => {
    const content = readyContent({
      title: "Entrega el IMSS reconocimientos a la trayectoria de sus médicas en Señora de Guadalupe",
      highlights: ["¿Quiénes? Dos doctoras con más de 30 años de servicio.", "¡La ceremonia se realizó en la Asamblea General!"],
      photoLinks: ["https://imss.gob.mx/fotos/ceremonia"],
    });
    const approved = await makeApproved(db, author, reviewer, content);
    const { seq, year } = approved.content.number!;

    const response = await client.get(`/bulletins/${approved.id}/export?format=pdf`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(filenameOf(response.headers.get("content-disposition"))).toBe(`boletin-${seq}-${year}.pdf`);
    expect(response.headers.get("x-redacta-revision")).toBe(String(approved.approvedRevision));
    const pdf = response.body as Buffer;
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");

    const text = flowingText(pdf);
    expect(text).toContain(content.title);
    expect(text).toContain(`No. ${seq}/${year}.`);
    for (const highlight of content.highlights) expect(text).toContain(highlight);
    expect(text).toContain("Página 1 de 1");
    expect(text).not.toContain("BORRADOR");
    expect(redPixels(pdf)).toBe(0);
    expect(pdfUrls(pdf)).toContain("https://imss.gob.mx/fotos/ceremonia");

    const revision = (await client.get(`/bulletins/${approved.id}/revisions/${approved.approvedRevision}`)).body;
    const info = pdfInfo(pdf);
    expect(info.Subject).toBe(`BOLETÍN DE PRENSA No. ${seq}/${year}`);
    expect(info.Keywords).toContain(`revisión ${approved.approvedRevision}`);
    expect(info.Keywords).toContain(`contenido ${hashContent(revision.content)}`);
    expect(info.Keywords).toContain(`aprobación ${approved.approvedHash}`);
  });

  it("a draft, and an earlier revision of an approved bulletin, export as borrador-<id>.pdf saying BORRADOR", async () => {
    const draft = await makeDraft(db, author);
    const response = await client.get(`/bulletins/${draft.id}/export?format=pdf`);
    expect(response.status).toBe(200);
    expect(filenameOf(response.headers.get("content-disposition"))).toBe(`borrador-${draft.id}.pdf`);
    expect(flowingText(response.body as Buffer)).toContain("BORRADOR");
    expect(pdfInfo(response.body as Buffer).Keywords).toContain(`revisión ${draft.version}`);

    const approved = await makeApproved(db, author, reviewer);
    const older = await client.get(`/bulletins/${approved.id}/export?format=pdf&revision=1`);
    expect(filenameOf(older.headers.get("content-disposition"))).toBe(`borrador-${approved.id}.pdf`);
    expect(flowingText(older.body as Buffer)).toContain("BORRADOR");
    expect(redPixels(older.body as Buffer)).toBeGreaterThan(0);

    await act(db, author, approved.id, "reopen");
    const reopened = await client.get(`/bulletins/${approved.id}/export?format=pdf`);
    expect(flowingText(reopened.body as Buffer)).toContain("BORRADOR");
  });

  it("the published example 493/2024 downloads as boletin-493-2024.pdf with its Spanish text", async () => {
    const id = await archiveExample(db, 493, 2024);
    const response = await client.get(`/bulletins/${id}/export?format=pdf`);
    expect(response.status).toBe(200);
    expect(filenameOf(response.headers.get("content-disposition"))).toBe("boletin-493-2024.pdf");
    const text = flowingText(response.body as Buffer);
    expect(text).toContain("Instruye Zoé Robledo a las autoridades del IMSS cumplir prioridades en salud del nuevo gobierno");
    expect(text).toContain("Órganos de Operación Administrativa Desconcentrada");
    expect(text).toContain("Página 1 de 2");
    expect(text).toContain("Página 2 de 2");
    expect(text).toContain("SEGURIDAD Y SOLIDARIDAD SOCIAL");
  });

  it("exportBulletin prints a banner (the e-mail distribution's embargo) above an approved bulletin, in PDF and text alike", async () => {
    const approved = await makeApproved(db, author, reviewer);
    const banner = ["EMBARGADO HASTA las 10:00 h del miércoles 25 de septiembre de 2024 (hora del centro de México)"];
    const pdf = await exportBulletin(db, author, approved.id, "pdf", undefined, { banner });
    expect(pdf.filename).toMatch(/^boletin-\d+-\d+\.pdf$/);
    expect(flowingText(pdf.body).indexOf(banner[0]!)).toBeLessThan(flowingText(pdf.body).indexOf("BOLETÍN DE PRENSA"));
    expect(redPixels(pdf.body)).toBeGreaterThan(0);
    const text = await exportBulletin(db, author, approved.id, "txt", undefined, { banner });
    expect(text.body.toString("utf8").startsWith(`${banner[0]}\n\nBOLETÍN DE PRENSA`)).toBe(true);
  });

  it("an unknown format is refused in Spanish, naming the field", async () => {
    const draft = await makeDraft(db, author);
    const response = await client.get(`/bulletins/${draft.id}/export?format=odt`);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("validation_error");
    expect(JSON.stringify(response.body.error.details)).toContain("format");
  });
});
