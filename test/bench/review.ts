import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { eq } from "drizzle-orm";
import { bodyFromParagraphs } from "../../shared/bulletin/body-schema";
import type { Bulletin } from "../../shared/bulletin/schema";
import { fieldText } from "../../shared/review/fields";
import { carrier, carryRange } from "../../shared/review/mapping";
import { addComment } from "../../server/commands/commentOnBulletin";
import { createBulletin } from "../../server/commands/createBulletin";
import { saveBulletin } from "../../server/commands/saveBulletin";
import { decideSuggestions, suggestEdit } from "../../server/commands/suggestions";
import { migrateDatabase, openDatabase } from "../../server/db/client";
import { seedDatabase } from "../../server/db/seed";
import { users } from "../../server/db/schema";
import { fmt, median, note, onEachDatabase, printTable, quantile, section } from "./util";

/**
 * Section (issue 9): what review in the text costs a save. Every save carries the open
 * suggestions and comment anchors to the new text in its transaction; this measures a
 * one-word edit at the top of a 60-paragraph body with none, and with 300 open
 * suggestions and 990 anchored comments (the most a bulletin may hold), plus the pure
 * carrying and an accept-all of 50 suggestions. (Suggestions are the author's own on their
 * draft, where saves happen; a reviewer's cost the same to carry.)
 */

const PARAGRAPHS = 60;
const SAVES = 40;

function paragraphs(tag: string): string[] {
  return Array.from({ length: PARAGRAPHS }, (_, i) => `Párrafo ${i} ${tag}: el Instituto informó que la unidad ${i} atenderá a derechohabientes de lunes a viernes en dos turnos.`);
}

export async function benchReview(): Promise<void> {
  section("Review in the text (issue 9): the cost of carrying suggestions and comment anchors through a save");
  const base: Bulletin = {
    number: null, place: "Ciudad de México", date: "2026-12-01", title: "Inaugura el Seguro Social una unidad de medicina familiar en Tlalpan",
    highlights: ["Atenderá a 40 mil derechohabientes."], body: bodyFromParagraphs(paragraphs("base")), photoLinks: [], videoLinks: [],
  };

  // Pure carrying, no SQL: 300 suggestions + 990 passages through a one-word edit at the top.
  const edited: Bulletin = { ...base, body: bodyFromParagraphs(["Hoy. " + paragraphs("base")[0]!, ...paragraphs("base").slice(1)]) };
  const text = fieldText(base, "body")!;
  const starts = [...text.matchAll(/dos turnos/g)].map((match) => match.index!);
  const ranges = Array.from({ length: 1290 }, (_, i) => ({ field: "body" as const, from: starts[i % starts.length]!, to: starts[i % starts.length]! + 10 }));
  const pure: number[] = [];
  for (let run = 0; run < 30; run++) {
    const start = performance.now();
    const cache = carrier(base, edited);
    ranges.forEach((range, i) => carryRange(base, edited, range, i < 300 ? "suggestion" : "passage", cache));
    pure.push(performance.now() - start);
  }

  const rows: string[][] = [["carry 300 suggestions + 990 anchors (pure, no SQL)", "—", fmt(median(pure), 2), fmt(quantile(pure, 0.95), 2)]];
  await onEachDatabase("redacta_bench_review", async (label, url) => {
    const dataDir = url ? null : mkdtempSync(path.join(os.tmpdir(), "redacta-bench-review-"));
    const handle = await openDatabase(url ? { url, poolSize: 4 } : { dataDir: dataDir! });
    try {
      await migrateDatabase(handle);
      await seedDatabase(handle.db);
      const byEmail = async (email: string) => (await handle.db.select().from(users).where(eq(users.email, email)))[0]!;
      const author = await byEmail("autora@redacta.local");
      const reviewer = await byEmail("revisor@redacta.local");

      const savesOf = async (marks: boolean): Promise<number[]> => {
        let row = await createBulletin(handle.db, author, { templateId: "general" });
        row = await saveBulletin(handle.db, author, row.id, row.version, base);
        if (marks) {
          const body = fieldText(row.content, "body")!;
          const every = (word: string) => [...body.matchAll(new RegExp(word, "g"))].map((match) => match.index!);
          const turnos = every("turnos");
          const lunes = every("lunes");
          for (let i = 0; i < 300; i++) {
            const at = turnos[i % turnos.length]!;
            await suggestEdit(handle.db, author, row.id, { field: "body", from: at, to: at + 6, insert: "horarios" });
          }
          for (let i = 0; i < 990; i++) {
            const at = lunes[i % lunes.length]!;
            await addComment(handle.db, reviewer, row.id, { body: `Comentario ${i}`, anchor: { field: "body", from: at, to: at + 5 } });
          }
        }
        const samples: number[] = [];
        for (let i = 0; i < SAVES; i++) {
          const content = { ...row.content, number: null, body: bodyFromParagraphs([`Edición ${i}. ${paragraphs("base")[0]}`, ...paragraphs("base").slice(1)]) };
          const start = performance.now();
          row = await saveBulletin(handle.db, author, row.id, row.version, content);
          samples.push(performance.now() - start);
        }
        return samples;
      };
      const plain = await savesOf(false);
      const marked = await savesOf(true);
      rows.push([`save, no marks`, label, fmt(median(plain), 1), fmt(quantile(plain, 0.95), 1)]);
      rows.push([`save, 300 suggestions + 990 anchored comments`, label, fmt(median(marked), 1), fmt(quantile(marked, 0.95), 1)]);

      // Accept-all of 50 suggestions on distinct words: one revision.
      let row = await createBulletin(handle.db, author, { templateId: "general" });
      row = await saveBulletin(handle.db, author, row.id, row.version, base);
      const body = fieldText(row.content, "body")!;
      for (let i = 0, at = -1; i < 50; i++) {
        at = body.indexOf("Párrafo", at + 1);
        await suggestEdit(handle.db, author, row.id, { field: "body", from: at, to: at + 7, insert: "Apartado" });
      }
      const start = performance.now();
      await decideSuggestions(handle.db, author, row.id, "accept", null);
      rows.push([`accept-all of 50 suggestions, one per paragraph (one revision)`, label, fmt(performance.now() - start, 1), "—"]);
    } finally {
      await handle.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    }
  });
  printTable(`Review marks through a save — ${SAVES} one-word saves per case, ${PARAGRAPHS}-paragraph body`, ["measure", "database", "median ms", "p95 ms"], rows);
  note("No target in issue 9; issue 13 asks saves near the cost of their SQL. A save carries every open mark in its transaction, row locked.");
}
