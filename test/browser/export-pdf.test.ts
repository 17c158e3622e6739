import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, expect, it } from "vitest";
import { archiveExample } from "../integration/fixtures";
import { flowingText, popplerAvailable } from "../export/poppler";
import { createBulletin, describeInBrowser, signIn, startApp, USERS, type TestApp } from "./harness";

describeInBrowser("Exportar PDF", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it("the button beside Exportar DOCX downloads the archived bulletin's PDF, and a draft's as borrador-<id>.pdf", async () => {
    const { page } = await app.newPage();
    await signIn(page, USERS.author);
    const id = await archiveExample(app.handle.db, 493, 2024);
    await page.goto(`/archivo/${id}`);
    const buttons = page.getByRole("group", { name: "Exportar" }).getByRole("button");
    await buttons.first().waitFor();
    expect(await buttons.allInnerTexts()).toEqual(["Exportar DOCX", "Exportar PDF", "Exportar TXT", "Exportar Markdown"]);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Exportar PDF" }).click()]);
    expect(download.suggestedFilename()).toBe("boletin-493-2024.pdf");
    const pdf = await readFile((await download.path())!);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    if (popplerAvailable) {
      const text = flowingText(pdf);
      expect(text).toContain("Instruye Zoé Robledo a las autoridades del IMSS");
      expect(text).toContain("No. 493/2024.");
      expect(text).not.toContain("BORRADOR");
    }

    const draftId = await createBulletin(page);
    const [draftDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Exportar PDF" }).click()]);
    expect(draftDownload.suggestedFilename()).toBe(`borrador-${draftId}.pdf`);
    if (popplerAvailable) expect(flowingText(await readFile((await draftDownload.path())!))).toContain("BORRADOR");
  });
});
