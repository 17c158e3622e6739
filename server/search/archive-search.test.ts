import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodyFromParagraphs } from "../../shared/bulletin/body-schema";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { readyContent } from "../../test/integration/fixtures";
import type { Database } from "../db/client";
import { listBulletins, searchColumns } from "../db/queries/bulletins";
import { bulletins, users } from "../db/schema";

let database: TestDatabase;
let db: Database;
let authorId: number;

beforeAll(async () => {
  database = await createTestDatabase({ seeded: true });
  db = database.handle.db;
  const [admin] = await db.select({ id: users.id }).from(users).where(eq(users.role, "admin"));
  authorId = admin!.id;
});

afterAll(async () => {
  await database?.close();
});

/** Published bulletins saying `word`, with these ids. */
async function publishedWith(word: string, ids: number[]): Promise<void> {
  const content = readyContent({ body: bodyFromParagraphs([`Se presentó el programa ${word} en las clínicas.`]) });
  const columns = searchColumns(content);
  await db.execute(sql`
    INSERT INTO ${bulletins} (id, status, author_id, content, version, search_text, search_head, search)
    SELECT id, 'published', ${authorId}, ${JSON.stringify(content)}::jsonb, 1, ${columns.searchText}, ${columns.searchHead}, ${columns.search}
    FROM unnest(${`{${ids.join(",")}}`}::int[]) AS id`);
}

async function counted(q: string, status?: "draft" | "published") {
  const page = await listBulletins(db, { q, status, page: 1, pageSize: 5 });
  return { total: page.total, capped: page.capped };
}

/** `count` ids ending in 000–099 (the tenth of the archive the count reads first), from `first` on. */
const inSample = (first: number, count: number) => Array.from({ length: count }, (_, index) => first + Math.floor(index / 100) * 1000 + (index % 100));
/** `count` ids ending in 100–999, from `first` on. */
const outsideSample = (first: number, count: number) => Array.from({ length: count }, (_, index) => first + 100 + Math.floor(index / 900) * 1000 + (index % 900));

describe("the capped count, wherever the matching bulletins' ids fall", () => {
  it("1,000 matches all in the first-counted tenth say exactly 1,000; 1,001 say `más de 1,000`", async () => {
    const ids = inSample(1_000_000, 1001);
    await publishedWith("Mictlantecuhtli", ids.slice(0, 1000));
    expect(await counted("Mictlantecuhtli")).toEqual({ total: 1000, capped: false });
    await publishedWith("Mictlantecuhtli", ids.slice(1000));
    expect(await counted("Mictlantecuhtli")).toEqual({ total: 1000, capped: true });
    // A filter the matches do not pass counts none of them.
    expect(await counted("Mictlantecuhtli", "draft")).toEqual({ total: 0, capped: false });
  });

  it("matches mostly outside that tenth are counted over the whole archive: exact to 1,000, then `más de 1,000`", async () => {
    await publishedWith("Ehecatl", [...outsideSample(2_000_000, 999), ...inSample(3_000_000, 1)]);
    expect(await counted("Ehecatl")).toEqual({ total: 1000, capped: false });
    await publishedWith("Ehecatl", outsideSample(4_000_000, 1));
    expect(await counted("Ehecatl")).toEqual({ total: 1000, capped: true });
  });
});
