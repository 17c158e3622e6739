import { afterAll, beforeAll, expect, it } from "vitest";
import { describeInBrowser, screenshot, signIn, startApp, USERS, type TestApp } from "./harness";

describeInBrowser("el archivo", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it("finds Zoé Robledo when searched without the accent, highlighted", async () => {
    const { page } = await app.newPage();
    await signIn(page, USERS.author);
    await page.getByRole("link", { name: "Archivo" }).click();
    const search = page.getByRole("searchbox", { name: "Buscar en el archivo" });
    await search.fill("Zoe Robledo");
    await search.press("Enter");
    await page.waitForURL(/q=Zoe/);
    const marks = page.locator(".archive-results .snippet mark");
    await marks.first().waitFor();
    expect((await marks.allInnerTexts()).join(" ")).toMatch(/Zoé/);
    // Only <mark> comes from the server's snippet: no other element inside it.
    expect(await page.locator(".archive-results .snippet :not(mark)").count()).toBe(0);
    await screenshot(page, "archivo-busqueda");

    await page.locator(".archive-results h3 a").first().click();
    await page.getByRole("button", { name: "Duplicar como borrador" }).waitFor();
    await page.getByRole("button", { name: "Exportar TXT" }).waitFor();
    expect(await page.getByRole("textbox", { name: "Titular" }).count()).toBe(0);
  });
});
