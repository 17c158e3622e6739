import { sealRevisions } from "../../server/review/revisions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../shared/api/schemas";
import { hashContent } from "../../server/bulletin-hash";
import type { Database } from "../../server/db/client";
import { readDocx } from "../docx/docx-read";
import { signedIn, type ApiClient } from "../api-client";
import { startTestServer, type TestServer } from "../server-harness";
import { AUTHOR, REVIEWER, act, errorCode, ifMatch, makeApproved, makeDraft, readyContent, userByEmail } from "./fixtures";

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

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

function filenameOf(disposition: string | null): string | undefined {
  return /filename="?([^";]+)"?/.exec(disposition ?? "")?.[1];
}

describe("exports", () => {
  it("the DOCX of an approved bulletin is exactly the approved revision, with its number and hash", async () => {
    const content = readyContent({
      title: "Entrega el IMSS reconocimientos a la trayectoria de sus médicas",
      highlights: ["Se reconoció a dos doctoras con más de 30 años de servicio.", "La ceremonia se realizó en la Asamblea General."],
    });
    const approved = await makeApproved(db, author, reviewer, content);
    const { seq, year } = approved.content.number!;

    const response = await client.get(`/bulletins/${approved.id}/export?format=docx`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(DOCX);
    expect(filenameOf(response.headers.get("content-disposition"))).toBe(`boletin-${seq}-${year}.docx`);
    expect(response.headers.get("x-redacta-revision")).toBe(String(approved.approvedRevision));

    const docx = await readDocx(response.body as Buffer);
    const texts = docx.paragraphs.map((paragraph) => paragraph.text);
    expect(texts).toContain(content.title);
    expect(texts.some((text) => text.includes(`No. ${seq}/${year}`))).toBe(true);
    for (const highlight of content.highlights) {
      expect(docx.paragraphs.find((paragraph) => paragraph.text === highlight)?.bold, highlight).toBe(true);
    }
    expect(docx.headerText).not.toContain("BORRADOR");

    const revision = (await client.get(`/bulletins/${approved.id}/revisions/${approved.approvedRevision}`)).body;
    expect(revision.content.number).toEqual({ seq, year });
    expect(docx.properties).toMatchObject({
      BulletinNumber: `${seq}/${year}`,
      Revision: String(approved.approvedRevision),
      ContentHash: hashContent(revision.content),
    });
    expect(docx.properties.ApprovalHash).toBe(approved.approvedHash);
    expect(docx.properties.Draft).toBeUndefined();
  });

  it("an earlier revision of an approved bulletin exports as a draft, never as the approved one", async () => {
    const approved = await makeApproved(db, author, reviewer);
    const response = await client.get(`/bulletins/${approved.id}/export?format=docx&revision=1`);
    expect(response.status).toBe(200);
    expect(filenameOf(response.headers.get("content-disposition"))).toBe(`borrador-${approved.id}.docx`);
    const docx = await readDocx(response.body as Buffer);
    expect(docx.headerText).toContain("BORRADOR");
    expect(docx.properties).toMatchObject({ Revision: "1", Draft: "true" });
  });

  it("a reopened bulletin exports as a draft until it is approved again", async () => {
    const approved = await makeApproved(db, author, reviewer);
    await act(db, author, approved.id, "reopen");
    const text = await client.get(`/bulletins/${approved.id}/export?format=txt`);
    expect(text.body).toMatch(/^BORRADOR/);
    expect(filenameOf(text.headers.get("content-disposition"))).toBe(`borrador-${approved.id}.txt`);
  });

  it("a draft exports as borrador-<id>.docx and says BORRADOR", async () => {
    const draft = await makeDraft(db, author);
    const response = await client.get(`/bulletins/${draft.id}/export?format=docx`);
    expect(response.status).toBe(200);
    expect(filenameOf(response.headers.get("content-disposition"))).toBe(`borrador-${draft.id}.docx`);
    const docx = await readDocx(response.body as Buffer);
    expect(docx.headerText).toContain("BORRADOR");
    expect(docx.properties).toMatchObject({ Draft: "true", Revision: String(draft.version) });
    expect(docx.properties.BulletinNumber).toBeUndefined();
    expect(docx.paragraphs.map((paragraph) => paragraph.text)).toContain(readyContent().title);
  });

  it("?revision=N exports that revision of a draft", async () => {
    const draft = await makeDraft(db, author, readyContent({ title: "Primer titular" }));
    // Someone else read it, so the next save starts a revision instead of extending this one.
    await sealRevisions(db, draft.id);
    const saved = await client.put(`/bulletins/${draft.id}`, readyContent({ title: "Segundo titular" }), ifMatch(draft.version));
    expect(saved.status).toBe(200);

    const older = await client.get(`/bulletins/${draft.id}/export?format=txt&revision=${draft.version}`);
    expect(older.status).toBe(200);
    expect(older.headers.get("x-redacta-revision")).toBe(String(draft.version));
    expect(older.body).toContain("Primer titular");
    expect(older.body).not.toContain("Segundo titular");

    const latest = await client.get(`/bulletins/${draft.id}/export?format=txt`);
    expect(latest.headers.get("x-redacta-revision")).toBe(String(draft.version + 1));
    expect(latest.body).toContain("Segundo titular");

    const missing = await client.get(`/bulletins/${draft.id}/export?format=txt&revision=99`);
    expect(missing.status).toBe(404);
    expect(errorCode(missing)).toBe("not_found");
  });

  it("plain text and Markdown come with their content types and the bulletin's text", async () => {
    const approved = await makeApproved(db, author, reviewer);
    const { seq, year } = approved.content.number!;

    const text = await client.get(`/bulletins/${approved.id}/export?format=txt`);
    expect(text.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(filenameOf(text.headers.get("content-disposition"))).toBe(`boletin-${seq}-${year}.txt`);
    expect(text.body).toContain(`No. ${seq}/${year}.`);
    expect(text.body).toContain(readyContent().title);
    expect(text.body).toContain("---o0o---");

    const markdown = await client.get(`/bulletins/${approved.id}/export?format=md`);
    expect(markdown.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(filenameOf(markdown.headers.get("content-disposition"))).toBe(`boletin-${seq}-${year}.md`);
    expect(markdown.body).toContain(`**${readyContent().highlights[0]}**`);

    const unknown = await client.get(`/bulletins/${approved.id}/export?format=odt`);
    expect(unknown.status).toBe(400);
    expect(errorCode(unknown)).toBe("validation_error");
  });
});
