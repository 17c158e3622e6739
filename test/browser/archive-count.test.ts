import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { bodyFromParagraphs } from "../../shared/bulletin/body-schema";
import { searchColumns } from "../../server/db/queries/bulletins";
import { bulletins, users } from "../../server/db/schema";
import { readyContent } from "../integration/fixtures";
import { describeInBrowser, signIn, startApp, USERS, type TestApp } from "./harness";

describeInBrowser("archivo: cuántos resultados", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
    const db = app.handle.db;
    const [author] = await db.select({ id: users.id }).from(users).where(eq(users.email, USERS.author));
    // 1,001 published bulletins that say `Tlaloque` (more than the search counts) and 7 that say `Huitzilin`.
    for (const [word, count] of [["Tlaloque", 1001], ["Huitzilin", 7]] as const) {
      const content = readyContent({ body: bodyFromParagraphs([`Se presentó el programa ${word} en las clínicas.`]) });
      const columns = searchColumns(content);
      await db.execute(sql`
        INSERT INTO ${bulletins} (status, author_id, content, version, search_text, search_head, search)
        SELECT 'published', ${author!.id}, ${JSON.stringify(content)}::jsonb, 1, ${columns.searchText}, ${columns.searchHead}, ${columns.search}
        FROM generate_series(1, ${count})`);
    }
  });
  afterAll(async () => {
    await app?.close();
  });

  it("says `más de 1,000 resultados` past 1,000 matches, the exact number below, and pages on past the 1,000th", async () => {
    const { page } = await app.newPage();
    await signIn(page, USERS.reviewer);
    await page.goto("/archivo?q=tlaloque");
    await page.getByText("más de 1,000 resultados").waitFor();
    await page.getByText("Página 1 de más de 50").first().waitFor();

    await page.goto("/archivo?q=tlaloque&pagina=51");
    await page.locator(".archive-results li").first().waitFor();
    expect(await page.locator(".archive-results li").count()).toBe(1);

    await page.goto("/archivo?q=huitzilin");
    await page.getByText("7 boletines").waitFor();
    expect(await page.getByText("más de 1,000").count()).toBe(0);
  });
});
