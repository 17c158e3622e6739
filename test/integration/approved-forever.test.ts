import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../shared/api/schemas";
import type { Organization } from "../../shared/organization";
import { migrateDatabase, type Database } from "../../server/db/client";
import { bulletins, organization as organizationTable } from "../../server/db/schema";
import { sealLegacyApprovals } from "../../server/db/seal-approvals";
import { findRevision } from "../../server/db/queries/bulletins";
import { hashContent } from "../../server/bulletin-hash";
import { readDocx } from "../docx/docx-read";
import { signedIn, type ApiClient } from "../api-client";
import { startTestServer, type TestServer } from "../server-harness";
import { ADMIN, AUTHOR, REVIEWER, makeApproved, makeDraft, readyContent, userByEmail } from "./fixtures";

let server: TestServer;
let db: Database;
let author: User;
let reviewer: User;
let adminClient: ApiClient;
let original: Organization;

beforeAll(async () => {
  server = await startTestServer();
  db = server.handle.db;
  author = await userByEmail(db, AUTHOR);
  reviewer = await userByEmail(db, REVIEWER);
  adminClient = await signedIn(server.url, ADMIN);
  original = (await adminClient.get("/organization")).body as Organization;
});

afterAll(async () => {
  await server?.close();
});

const CHANGED = {
  name: "Otra Institución",
  unit: "Otra Unidad de Prensa",
  motto: "Otro lema",
  label: "COMUNICADO",
  closingMark: "-- fin --",
  defaultPlace: "Guadalajara, Jalisco",
  photoLinksLabel: "GALERÍA",
  videoLinksLabel: "VIDEOS",
};

async function exportsOf(id: number) {
  const [txt, md, docx] = await Promise.all(["txt", "md", "docx"].map((format) => adminClient.get(`/bulletins/${id}/export?format=${format}`)));
  for (const response of [txt, md, docx]) expect(response!.status).toBe(200);
  const read = await readDocx(docx!.body as Buffer);
  return {
    txt: txt!.body as string,
    md: md!.body as string,
    docxText: read.paragraphs.map((paragraph) => paragraph.text),
    docxHeader: read.headerText,
    approvalHash: read.properties.ApprovalHash,
  };
}

describe("what was approved is exactly what is exported, forever", () => {
  it("a later change of the organisation profile changes nothing in an approved bulletin's exports, a place it left to the default included", async () => {
    const approved = await makeApproved(db, author, reviewer, readyContent({ place: null, photoLinks: ["https://imss.gob.mx/fotos/1"] }));
    const before = await exportsOf(approved.id);
    expect(before.txt).toContain(`${original.defaultPlace}, `);
    expect(before.approvalHash).toBe(approved.approvedHash);

    try {
      expect((await adminClient.put("/organization", { ...original, ...CHANGED })).status).toBe(200);
      const after = await exportsOf(approved.id);
      expect(after).toEqual(before);
      expect(after.txt).not.toContain("Guadalajara");
      expect(after.txt).not.toContain("COMUNICADO");

      // A draft is not bound: it shows today's profile.
      const draft = await makeDraft(db, author, readyContent({ place: null }));
      const draftText = (await adminClient.get(`/bulletins/${draft.id}/export?format=txt`)).body as string;
      expect(draftText).toContain("COMUNICADO");
      expect(draftText).toContain("Guadalajara, Jalisco, ");
      expect(draftText).toContain("-- fin --");
    } finally {
      await adminClient.put("/organization", original);
    }
  });

  it("an approved bulletin whose stored profile was tampered with is not exported", async () => {
    const approved = await makeApproved(db, author, reviewer);
    await db
      .update(bulletins)
      .set({ approvedProfile: { ...original, label: "ALTERADO" } })
      .where(eq(bulletins.id, approved.id));
    const response = await adminClient.get(`/bulletins/${approved.id}/export?format=txt`);
    expect(response.status).toBe(500);
    expect(response.body.error).toMatchObject({ code: "integrity_error", message: expect.stringMatching(/no coincide con su huella/) });
  });

  it("bulletins approved before profiles were kept get the profile of the upgrade, once, and keep it", async () => {
    const approved = await makeApproved(db, author, reviewer);
    const before = await exportsOf(approved.id);
    // As a row written by the previous version: no profile, the hash of the content alone.
    const revision = await findRevision(db, approved.id, approved.approvedRevision!);
    await db.update(bulletins).set({ approvedProfile: null, approvedHash: hashContent(revision!.content) }).where(eq(bulletins.id, approved.id));
    // What every start runs after the migrations.
    await migrateDatabase(server.handle);
    expect(await sealLegacyApprovals(db)).toBe(0);
    try {
      await adminClient.put("/organization", { ...original, ...CHANGED });
      const after = await exportsOf(approved.id);
      expect(after.txt).toBe(before.txt);
      expect(after.docxText).toEqual(before.docxText);
    } finally {
      await adminClient.put("/organization", original);
    }
  });

  it("an old approval whose content was changed behind its back is not sealed, and its export still refuses", async () => {
    const approved = await makeApproved(db, author, reviewer);
    await db.update(bulletins).set({ approvedProfile: null, approvedHash: "sha256-of-some-other-text" }).where(eq(bulletins.id, approved.id));
    await migrateDatabase(server.handle);
    const response = await adminClient.get(`/bulletins/${approved.id}/export?format=txt`);
    expect(response.status).toBe(500);
    expect(response.body.error.code).toBe("integrity_error");
  });
});

describe("the organisation profile is one line per field", () => {
  it("line breaks in the label and place become spaces, so no export gains a line", async () => {
    try {
      const saved = await adminClient.put("/organization", { ...original, label: "BOLETÍN\nNo. 999/2026.", defaultPlace: "Ciudad de México\u2028# Falso" });
      expect(saved.status).toBe(200);
      expect(saved.body).toMatchObject({ label: "BOLETÍN No. 999/2026.", defaultPlace: "Ciudad de México # Falso" });
      const draft = await makeDraft(db, author, readyContent({ place: null }));
      const text = (await adminClient.get(`/bulletins/${draft.id}/export?format=txt`)).body as string;
      expect(text.split("\n")).toContain("BOLETÍN No. 999/2026.");
      expect(text.split("\n").some((lineText) => lineText.startsWith("No. 999"))).toBe(false);
    } finally {
      await adminClient.put("/organization", original);
    }
  });

  it("a profile stored before these rules, with a character they refuse, is read cleaned: exports still open", async () => {
    try {
      await db.update(organizationTable).set({ profile: { ...original, name: "Instituto\uFFFE Mexicano" } });
      const profile = await adminClient.get("/organization");
      expect(profile.status).toBe(200);
      expect(profile.body.name).toBe("Instituto Mexicano");
      const draft = await makeDraft(db, author);
      expect((await adminClient.get(`/bulletins/${draft.id}/export?format=docx`)).status).toBe(200);
    } finally {
      await adminClient.put("/organization", original);
    }
  });

  it("a profile stored when a zero-width space passed for a label is read with the shipped label: exports still open", async () => {
    try {
      await db.update(organizationTable).set({ profile: { ...original, label: "\u200B", unit: "\u202EUNIDAD" } });
      const profile = await adminClient.get("/organization");
      expect(profile.status, JSON.stringify(profile.body)).toBe(200);
      expect(profile.body).toMatchObject({ label: "BOLETÍN DE PRENSA", unit: "UNIDAD" });
      const draft = await makeDraft(db, author);
      const text = await adminClient.get(`/bulletins/${draft.id}/export?format=txt`);
      expect(text.status).toBe(200);
      expect((text.body as string).split("\n")).toContain("BOLETÍN DE PRENSA");
    } finally {
      await adminClient.put("/organization", original);
    }
  });

  it("a profile field with a character no export can hold is refused, naming the field", async () => {
    const response = await adminClient.put("/organization", { ...original, name: "Instituto\uFFFF" });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/name/);
  });
});
