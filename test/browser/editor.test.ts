import { readFileSync } from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { formatDateLine } from "../../shared/bulletin/date-line";
import { PLACEHOLDER_PATTERN } from "../../shared/template/schema";
import { expectBulletinShown, fillBulletin, sampleBulletin } from "./bulletin-form";
import {
  bodyEditor,
  createBulletin,
  describeInBrowser,
  fetchBulletin,
  screenshot,
  signIn,
  startApp,
  templateNames,
  typeBody,
  USERS,
  waitSaved,
  type TestApp,
} from "./harness";

/** The names of the templates shipped in templates/*.json. */
const SHIPPED_TEMPLATES = ["general", "regional-meeting-closing", "institutional-event"].map(
  (id) => (JSON.parse(readFileSync(new URL(`../../templates/${id}.json`, import.meta.url), "utf8")) as { name: string }).name,
);

/** Every text node of a body JSON. */
function textsOf(node: unknown): string[] {
  if (typeof node !== "object" || node === null) return [];
  const { text, content } = node as { text?: unknown; content?: unknown };
  return [...(typeof text === "string" ? [text] : []), ...(Array.isArray(content) ? content.flatMap(textsOf) : [])];
}

describeInBrowser("el editor de boletines: plantillas y pegado seguro", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it("keeps every field of a bulletin made from each shipped template across a reload", async () => {
    const { page } = await app.newPage();
    await signIn(page, USERS.author);
    const names = await templateNames(page);
    expect(names).toEqual(expect.arrayContaining(SHIPPED_TEMPLATES));

    for (const [index, name] of names.entries()) {
      const id = await createBulletin(page, { name });
      const input = sampleBulletin(`plantilla-${index + 1}`);
      await fillBulletin(page, input);
      await expect.poll(() => page.locator(".date-line").textContent()).toBe(formatDateLine(input.place, input.date));
      await waitSaved(page);
      // Placeholders from the template are gone once every field is replaced, on screen and on the server.
      expect(await page.locator(".has-placeholder, .placeholder-mark").count()).toBe(0);
      const stored = (await fetchBulletin(page, id)) as { title: string; highlights: string[]; body: unknown; checks: Array<{ code: string }> };
      expect(stored.title).toBe(input.title);
      expect(stored.highlights).toEqual(input.highlights);
      expect(JSON.stringify(stored.body)).toContain(input.body);
      for (const text of [stored.title, ...stored.highlights, ...textsOf(stored.body)]) {
        expect(text).not.toMatch(PLACEHOLDER_PATTERN);
      }
      expect(stored.checks.map((check) => check.code)).not.toContain("placeholder_left");

      await page.reload();
      await page.getByRole("textbox", { name: "Titular" }).waitFor();
      await expectBulletinShown(page, input);
      expect(await page.getByText(/^No\. —\/2026\.$/).count()).toBe(1);
      await screenshot(page, `editor-plantilla-${index + 1}`);
    }
  });

  it("never runs or stores a pasted <script> or javascript: link", async () => {
    const { page } = await app.newPage();
    await signIn(page, USERS.author);
    const id = await createBulletin(page);
    await typeBody(page, "Inicio.");
    await page.evaluate(() => {
      const html =
        '<p class="MsoNormal"><span style="mso-bidi-font-weight:bold">Texto de Word</span></p>' +
        '<script>window.__pwned = "script"</script>' +
        '<p>Visita <a href="javascript:window.__pwned=\'link\'">este enlace</a> y ' +
        '<a href="https://www.imss.gob.mx/">el sitio</a>.</p>' +
        '<img src="x" onerror="window.__pwned=\'img\'"><h1>Encabezado pegado</h1>' +
        "<table><tr><td>Celda pegada</td></tr></table>";
      const data = new DataTransfer();
      data.setData("text/html", html);
      data.setData("text/plain", "Texto de Word");
      const editor = document.querySelector('[aria-label="Cuerpo del boletín"]')!;
      editor.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await waitSaved(page);

    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    const editorHtml = await bodyEditor(page).innerHTML();
    expect(editorHtml).not.toMatch(/<script|javascript:|onerror|<img|<table|<h1/i);
    expect(await bodyEditor(page).innerText()).toContain("Celda pegada");

    const saved = JSON.stringify((await fetchBulletin(page, id)).body);
    expect(saved).not.toMatch(/script|javascript:|onerror/i);
    expect(saved).toContain("Texto de Word");
    expect(saved).toContain("https://www.imss.gob.mx/");

    // The link dialog refuses a javascript: address too.
    await bodyEditor(page).click();
    await page.getByRole("button", { name: "Enlace", exact: true }).click();
    const linkDialog = page.getByRole("dialog", { name: "Agregar enlace" });
    await linkDialog.getByRole("textbox", { name: "Dirección del enlace" }).fill("javascript:alert(1)");
    await linkDialog.getByRole("button", { name: "Aplicar enlace" }).click();
    await linkDialog.getByText("La dirección debe empezar con http:// o https://.").waitFor();
    await page.keyboard.press("Escape");
    await linkDialog.waitFor({ state: "detached" });
    await screenshot(page, "pegado-seguro");
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
  });
});
