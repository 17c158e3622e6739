import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BulletinResource, CheckResult } from "../../shared/api/schemas";
import { bodyFromParagraphs } from "../../shared/bulletin/body-schema";
import type { Glossary } from "../../shared/checks";
import type { Database } from "../../server/db/client";
import { findBulletin } from "../../server/db/queries/bulletins";
import { presentBulletin } from "../../server/presenters/bulletin";
import { signedIn, type ApiClient } from "../api-client";
import { startTestServer, type TestServer } from "../server-harness";
import { mentions, misspellingsOfZoeRobledo, unrelatedParagraphs } from "../heavy-content";
import { AUTHOR, REVIEWER, ifMatch, readyContent, userByEmail } from "./fixtures";

let server: TestServer;
let db: Database;
let author: ApiClient;
let reviewer: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  db = server.handle.db;
  [author, reviewer] = await Promise.all([signedIn(server.url, AUTHOR), signedIn(server.url, REVIEWER)]);
});

afterAll(async () => {
  await server?.close();
});

async function newDraft(): Promise<BulletinResource> {
  const created = await author.post("/bulletins", { templateId: "general" });
  expect(created.status).toBe(201);
  return created.body;
}

/**
 * Saves `content` over `bulletin` and returns the saved resource (fails the test otherwise).
 * The reviewer then reads it, so each save here is a revision of its own (not folded into the last).
 */
async function save(bulletin: { id: number; version: number }, content: unknown): Promise<BulletinResource> {
  const saved = await author.put(`/bulletins/${bulletin.id}`, content, ifMatch(bulletin.version));
  expect(saved.status, JSON.stringify(saved.body).slice(0, 300)).toBe(200);
  await reviewer.get(`/bulletins/${bulletin.id}`);
  return saved.body;
}

const codes = (checks: CheckResult[]) => checks.map((check) => check.code);
const sideOf = (parts: { kind: string; text: string }[], kind: "removed" | "added") =>
  parts.filter((part) => part.kind === "same" || part.kind === kind).map((part) => part.text).join("");

/** True when every paragraph appears in `text`, in order. */
function inOrder(text: string, paragraphs: string[]): boolean {
  let at = 0;
  for (const paragraph of paragraphs) {
    const found = text.indexOf(paragraph, at);
    if (found < 0) return false;
    at = found + paragraph.length;
  }
  return true;
}

describe("hostile bodies are answered correctly, without stalling the server", () => {
  it("a diff between two revisions of 10,000 unrelated words falls back to paragraphs and says so", async () => {
    const older = unrelatedParagraphs(10_000, 1);
    const newer = unrelatedParagraphs(10_000, 2);
    let bulletin = await newDraft();
    bulletin = await save(bulletin, readyContent({ body: bodyFromParagraphs(older) }));
    const olderVersion = bulletin.version;
    bulletin = await save(bulletin, readyContent({ body: bodyFromParagraphs(newer) }));

    const diff = await reviewer.get(`/bulletins/${bulletin.id}/diff?from=${olderVersion}&to=${bulletin.version}`);
    expect(diff.status).toBe(200);
    expect(diff.body).toMatchObject({ from: olderVersion, to: bulletin.version });
    expect(["lines", "too_large"]).toContain(diff.body.mode);
    // Nothing is lost: each side of the diff is that revision's whole text.
    expect(inOrder(sideOf(diff.body.parts, "removed"), older)).toBe(true);
    expect(inOrder(sideOf(diff.body.parts, "added"), newer)).toBe(true);
    expect(sideOf(diff.body.parts, "added")).not.toContain(older[0]);

    // A one-word correction of that same long text is still shown word by word.
    const corrected = [...newer];
    corrected[40] = corrected[40]!.replace(/^\S+/, "Corrección");
    const before = bulletin.version;
    bulletin = await save(bulletin, readyContent({ body: bodyFromParagraphs(corrected) }));
    const small = await reviewer.get(`/bulletins/${bulletin.id}/diff?from=${before}&to=${bulletin.version}`);
    expect(small.body.mode).toBe("words");
    expect(small.body.parts.filter((part: { kind: string }) => part.kind !== "same")).toEqual([
      { kind: "removed", text: newer[40]!.split(" ")[0] },
      { kind: "added", text: "Corrección" },
    ]);
  });

  it("when even the paragraphs have too many changes, the diff gives the two revisions whole", async () => {
    // 10,000 words in 5,000 paragraphs of two, nothing in common.
    const older = unrelatedParagraphs(10_000, 1, 2);
    const newer = unrelatedParagraphs(10_000, 3, 2);
    let bulletin = await newDraft();
    bulletin = await save(bulletin, readyContent({ body: bodyFromParagraphs(older) }));
    const olderVersion = bulletin.version;
    bulletin = await save(bulletin, readyContent({ body: bodyFromParagraphs(newer) }));

    const diff = await reviewer.get(`/bulletins/${bulletin.id}/diff?from=${olderVersion}&to=${bulletin.version}`);
    expect(diff.status).toBe(200);
    expect(diff.body.mode).toBe("too_large");
    expect(diff.body.parts.map((part: { kind: string }) => part.kind)).toEqual(["removed", "added"]);
    expect(inOrder(diff.body.parts[0].text, older)).toBe(true);
    expect(inOrder(diff.body.parts[1].text, newer)).toBe(true);
  });

  it("a body naming an official misspelt 12,000 times lists 50 misspellings and counts the rest, on save and on read", async () => {
    const spellings = misspellingsOfZoeRobledo(80);
    const content = readyContent({ body: bodyFromParagraphs(mentions(spellings, 12_000)) });
    const bulletin = await newDraft();
    const saved = await save(bulletin, content);
    const read = await author.get(`/bulletins/${bulletin.id}`);
    expect(read.status).toBe(200);
    for (const checks of [saved.checks, read.body.checks as CheckResult[]]) {
      const glossary = checks.filter((check) => check.code.startsWith("glossary_"));
      expect(codes(glossary)).toEqual([...Array(50).fill("glossary_spelling"), "glossary_spelling_more"]);
      expect(glossary[0]).toMatchObject({ field: "body", message: `«${spellings[0]}» debería escribirse «Zoé Robledo».` });
      expect(glossary[50]!.message).toMatch(/^Hay otros 30 nombres escritos de otra forma que en el glosario/);
    }
  });
});

describe("check results are cached per version, never stale", () => {
  const misspelt = readyContent({ title: "Inaugura Zoe Robledo una unidad de medicina familiar en Tlalpan" });

  it("a save computes them again", async () => {
    let bulletin = await newDraft();
    bulletin = await save(bulletin, misspelt);
    expect(codes((await author.get(`/bulletins/${bulletin.id}`)).body.checks)).toContain("glossary_spelling");
    bulletin = await save(bulletin, readyContent());
    expect(codes(bulletin.checks)).not.toContain("glossary_spelling");
    expect(codes((await author.get(`/bulletins/${bulletin.id}`)).body.checks)).not.toContain("glossary_spelling");
  });

  it("a transition computes them again", async () => {
    // A past date warns only while the bulletin is being written.
    let bulletin = await newDraft();
    bulletin = await save(bulletin, readyContent({ date: "2024-09-25" }));
    expect(codes((await author.get(`/bulletins/${bulletin.id}`)).body.checks)).toContain("date_in_past");
    const submitted = await author.post(`/bulletins/${bulletin.id}/transitions`, { action: "submit" });
    expect(submitted.status).toBe(200);
    expect(codes((await reviewer.get(`/bulletins/${bulletin.id}`)).body.checks)).not.toContain("date_in_past");
    const returned = await reviewer.post(`/bulletins/${bulletin.id}/transitions`, { action: "request_changes", comment: "Revisa la fecha." });
    expect(returned.status).toBe(200);
    expect(codes((await author.get(`/bulletins/${bulletin.id}`)).body.checks)).toContain("date_in_past");
  });

  it("another glossary, or the same one edited, computes them again", async () => {
    const bulletin = await save(await newDraft(), misspelt);
    const row = await findBulletin(db, bulletin.id);
    const user = await userByEmail(db, AUTHOR);
    const present = async (glossary: Glossary) => codes((await presentBulletin(db, row!, user, glossary)).checks);
    const zoe: Glossary = { entries: [{ canonical: "Zoé Robledo", variants: [] }] };
    const other: Glossary = { entries: [{ canonical: "Claudia Sheinbaum Pardo", variants: [] }] };
    expect(await present(zoe)).toContain("glossary_spelling");
    expect(await present(other)).not.toContain("glossary_spelling");
    other.entries.push({ canonical: "Zoé Robledo", variants: [] });
    expect(await present(other)).toContain("glossary_spelling");
    zoe.entries.splice(0, 1);
    expect(await present(zoe)).not.toContain("glossary_spelling");
  });
});
