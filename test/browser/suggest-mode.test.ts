import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { signedIn, type ApiClient } from "../api-client";
import { ifMatch, readyContent } from "../integration/fixtures";
import { fieldText } from "./bulletin-form";
import { describeInBrowser, screenshot, signIn, startApp, USERS, type TestApp } from "./harness";

const TITLE = "Inaugura el Seguro Social una unidad de medicina familiar en Tlalpan";
const HIGHLIGHT = "Atenderá a 40 mil derechohabientes del sur de la ciudad.";

interface SuggestionRow {
  field: string;
  from: number;
  to: number;
  text: string;
  deleted: string;
  status: string;
}

async function submitted(author: ApiClient): Promise<number> {
  const created = (await author.post("/bulletins", { templateId: "general" })).body;
  expect((await author.put(`/bulletins/${created.id}`, readyContent(), ifMatch(created.version))).status).toBe(200);
  expect((await author.post(`/bulletins/${created.id}/transitions`, { action: "submit" })).status).toBe(200);
  return created.id as number;
}

async function suggestionsOf(client: ApiClient, id: number): Promise<SuggestionRow[]> {
  return (await client.get(`/bulletins/${id}/suggestions`)).body.items as SuggestionRow[];
}

/** Clicks into a field as a person does: ProseMirror reads the caret a click placed a moment later, before the next key. */
async function clickInto(page: Page, field: Locator): Promise<void> {
  await field.click();
  await page.waitForTimeout(100);
}

/** Dispatches a paste of plain text into the focused field, as the clipboard would. */
async function pasteText(page: Page, selector: string, text: string): Promise<void> {
  await page.evaluate(
    ({ selector, text }) => {
      const data = new DataTransfer();
      data.setData("text/plain", text);
      document.querySelector(selector)!.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    },
    { selector, text },
  );
}

describeInBrowser("el modo Sugerir cambios del editor", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it("turns typing into one suggestion per stretch and never changes the text itself", async () => {
    const authorApi = await signedIn(app.url, USERS.author);
    const id = await submitted(authorApi);
    const { page } = await app.newPage();
    await signIn(page, USERS.reviewer);
    await page.goto(`/boletines/${id}`);
    const title = page.getByRole("textbox", { name: "Titular" });
    await title.waitFor();
    // Reading, nothing is editable but the passage can be selected.
    expect(await title.getAttribute("contenteditable")).toBe("false");
    await page.getByRole("button", { name: "Sugerir cambios" }).click();
    expect(await title.getAttribute("contenteditable")).toBe("true");

    // Typed, corrected with Backspace, sent with Enter: one insertion of what was left.
    await clickInto(page, title);
    await page.keyboard.press("End");
    await page.keyboard.type(" hoyy");
    await page.keyboard.press("Backspace");
    const pending = page.locator("#campo-titular .suggestion-insert");
    expect(await pending.innerText()).toBe(" hoy");
    await page.keyboard.press("Enter");
    await expect.poll(async () => (await suggestionsOf(authorApi, id)).length, { timeout: 10_000 }).toBe(1);
    expect((await suggestionsOf(authorApi, id))[0]).toMatchObject({ field: "title", from: TITLE.length, to: TITLE.length, text: " hoy" });
    // The server's suggestion replaces the pending one, titled with who made it.
    await page.locator("#campo-titular .suggestion-insert[data-suggestion-id]").waitFor();
    expect(await page.locator("#campo-titular .suggestion-insert").count()).toBe(1);
    expect(await page.locator("#campo-titular .suggestion-insert").getAttribute("title")).toMatch(/^Sugerencia de Raúl Revisor, /);
    expect(await fieldText(title)).toBe(`${TITLE} hoy`);

    // A word selected in the highlight and typed over: one replacement, sent on a pause.
    const highlight = page.getByRole("textbox", { name: "Destacado 1", exact: true });
    await clickInto(page, highlight);
    await page.keyboard.press("Home");
    for (let step = 0; step < "Atenderá a ".length; step += 1) await page.keyboard.press("ArrowRight");
    await page.keyboard.down("Shift");
    for (let step = 0; step < 2; step += 1) await page.keyboard.press("ArrowRight");
    await page.keyboard.up("Shift");
    await page.keyboard.type("45");
    await expect.poll(async () => (await suggestionsOf(authorApi, id)).length, { timeout: 10_000 }).toBe(2);
    expect((await suggestionsOf(authorApi, id))[1]).toMatchObject({ field: "highlights.0", from: 11, to: 13, text: "45", deleted: "40" });
    await page.locator("#campo-destacado-1 .suggestion-delete").waitFor();

    // Backspace at the end of the body strikes through; a click elsewhere sends it.
    const body = page.locator("#campo-cuerpo");
    await clickInto(page, body);
    await page.keyboard.press("ControlOrMeta+End");
    await page.keyboard.press("ArrowLeft");
    for (let step = 0; step < "dos turnos".length; step += 1) await page.keyboard.press("Backspace");
    await page.keyboard.type("tres turnos");
    await title.click();
    await expect.poll(async () => (await suggestionsOf(authorApi, id)).length, { timeout: 10_000 }).toBe(3);
    expect((await suggestionsOf(authorApi, id))[2]).toMatchObject({ field: "body", text: "tres turnos", deleted: "dos turnos" });

    // A paste with line breaks into a one-line field becomes one line.
    await clickInto(page, title);
    await page.keyboard.press("ControlOrMeta+Home");
    await pasteText(page, "#campo-titular", "Hoy:\nen la mañana ");
    await page.keyboard.press("Enter");
    await expect.poll(async () => (await suggestionsOf(authorApi, id)).length, { timeout: 10_000 }).toBe(4);
    expect((await suggestionsOf(authorApi, id))[3]).toMatchObject({ field: "title", from: 0, to: 0, text: "Hoy: en la mañana " });

    await screenshot(page, "sugerir-cambios/revisor-sugiere");
    const bulletin = (await authorApi.get(`/bulletins/${id}`)).body;
    expect(bulletin.title).toBe(TITLE);
    expect(bulletin.highlights).toEqual([HIGHLIGHT]);
    expect(bulletin.version).toBe(2);
  });

  it("shows another reviewer the suggestions and the comment anchors in the text, and follows the text when one is accepted", async () => {
    const authorApi = await signedIn(app.url, USERS.author);
    const reviewerApi = await signedIn(app.url, USERS.reviewer);
    const id = await submitted(authorApi);
    const made = await reviewerApi.post(`/bulletins/${id}/suggestions`, { field: "title", from: 0, to: 8, insert: "Abre" });
    expect(made.status).toBe(201);
    expect((await reviewerApi.post(`/bulletins/${id}/comments`, { body: "¿Cuántos consultorios?", anchor: { field: "body", from: 85, to: 102 } })).status).toBe(201);

    const { page } = await app.newPage();
    await signIn(page, USERS.reviewer2);
    await page.goto(`/boletines/${id}`);
    const deleted = page.locator("#campo-titular .suggestion-delete");
    await deleted.waitFor();
    expect(await deleted.innerText()).toBe("Inaugura");
    expect(await page.locator("#campo-titular .suggestion-insert").innerText()).toBe("Abre");
    expect(await page.locator("#campo-titular .suggestion-insert").getAttribute("title")).toMatch(/^Sugerencia de Raúl Revisor, /);
    expect(await page.locator("#campo-cuerpo .comment-anchor").innerText()).toBe("doce consultorios");
    expect(await page.getByRole("textbox", { name: "Titular" }).getAttribute("contenteditable")).toBe("false");
    await screenshot(page, "sugerir-cambios/otra-revisora-lee");

    // The author accepts it: the reader's sheet takes the new text, with nothing left to strike through.
    expect((await authorApi.post(`/bulletins/${id}/suggestions/${made.body.id}/accept`, {})).status).toBe(200);
    // Coming back to the window refetches at once (else the page's poll would, within 30 s).
    await page.evaluate(() => window.dispatchEvent(new Event("visibilitychange")));
    await expect.poll(() => fieldText(page.getByRole("textbox", { name: "Titular" })), { timeout: 40_000 }).toBe(`Abre${TITLE.slice(8)}`);
    expect(await page.locator("#campo-titular .suggestion-insert, #campo-titular .suggestion-delete").count()).toBe(0);
    await expect.poll(() => page.locator("#campo-cuerpo .comment-anchor").innerText(), { timeout: 10_000 }).toBe("doce consultorios");
  });
});
