import { afterAll, beforeAll, expect, it } from "vitest";
import { bodyFromParagraphs } from "../../shared/bulletin/body-schema";
import { act, makeApproved, readyContent, userByEmail } from "../integration/fixtures";
import { describeInBrowser, screenshot, startApp, USERS, type TestApp } from "./harness";

describeInBrowser("la sala de prensa pública, sin JavaScript", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it("someone without JavaScript opens /prensa, searches, opens a bulletin and reads it", async () => {
    const db = app.handle.db;
    const author = await userByEmail(db, USERS.author);
    const reviewer = await userByEmail(db, USERS.reviewer);
    const approved = await makeApproved(db, author, reviewer, readyContent({
      title: "Inaugura el IMSS el Hospital General de Zona en Tapachula",
      highlights: ["Tendrá 144 camas y atenderá a 600 mil derechohabientes.", "La obra generó 2 mil empleos en Chiapas."],
      body: bodyFromParagraphs([
        "El director general del Instituto Mexicano del Seguro Social inauguró el hospital, que contará con quirófanos y urgencias.",
        "El nuevo hospital forma parte del plan de infraestructura de este año.",
      ]),
    }));
    const published = await act(db, reviewer, approved.id, "publish");
    const number = `No. ${published.numberSeq}/${published.numberYear}.`;

    const context = await app.browser.newContext({ baseURL: app.url, javaScriptEnabled: false, locale: "es-MX", viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      const blocked: string[] = [];
      page.on("console", (message) => {
        if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
      });
      await page.goto("/prensa");
      await page.getByRole("heading", { name: "Boletines de prensa", level: 1 }).waitFor();
      expect(await page.getByRole("link", { name: "Inaugura el IMSS el Hospital General de Zona en Tapachula" }).count()).toBe(1);
      // The stylesheet loaded (the CSP lets the page's own file in): the search button is drawn in the office's colour.
      expect(await page.getByRole("button", { name: "Buscar" }).evaluate((button) => getComputedStyle(button).backgroundColor)).toBe("rgb(122, 31, 61)");
      await screenshot(page, "screens/prensa-lista");

      await page.getByRole("searchbox", { name: "Buscar en los boletines" }).fill("hospital tapachula");
      await page.getByRole("button", { name: "Buscar" }).click();
      await page.waitForURL(/\/prensa\?q=hospital\+tapachula/);
      await page.getByText("para «hospital tapachula»").waitFor();
      const results = page.locator("li.item");
      expect(await results.count()).toBe(1);
      await expect(results.first().locator("mark").first().textContent()).resolves.toMatch(/hospital|tapachula/i);
      await screenshot(page, "screens/prensa-busqueda");

      await results.first().getByRole("link").click();
      await page.waitForURL(new RegExp(`/prensa/${published.numberYear}/${published.numberSeq}$`));
      await page.getByRole("heading", { name: "Inaugura el IMSS el Hospital General de Zona en Tapachula", level: 1 }).waitFor();
      for (const text of [number, "BOLETÍN DE PRENSA", "Tendrá 144 camas y atenderá a 600 mil derechohabientes.", "El nuevo hospital forma parte del plan de infraestructura de este año.", "---o0o---", "LINK FOTOS"]) {
        expect(await page.getByText(text, { exact: true }).count(), text).toBeGreaterThan(0);
      }
      const docxLink = page.getByRole("link", { name: "Descargar DOCX" });
      expect(await docxLink.getAttribute("href")).toBe(`/prensa/${published.numberYear}/${published.numberSeq}/boletin-${published.numberSeq}-${published.numberYear}.docx`);
      await screenshot(page, "screens/prensa-boletin");
      expect(blocked).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
