import { afterAll, beforeAll, expect, it } from "vitest";
import {
  ARTIFACTS,
  bodyEditor,
  captureNarrow,
  captureScreen,
  createBulletin,
  describeInBrowser,
  endSessionElsewhere,
  fetchBulletin,
  saveStatus,
  signIn,
  startApp,
  typeBody,
  USERS,
  waitSaved,
  type TestApp,
} from "./harness";

/** Every text node of a body JSON, joined. */
function textOf(node: unknown): string {
  if (typeof node !== "object" || node === null) return "";
  const { text, content } = node as { text?: unknown; content?: unknown };
  return (typeof text === "string" ? text : "") + (Array.isArray(content) ? content.map(textOf).join("\n") : "");
}

describeInBrowser("un editor que se comporta como Word", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it("Ctrl+S saves at once and keeps the browser's save dialog away", async () => {
    const { page } = await app.newPage();
    await signIn(page, USERS.author);
    const id = await createBulletin(page);
    await typeBody(page, "Texto guardado con Control S.");
    // Whatever the page does with the key, the browser's own action must be prevented.
    await page.evaluate(() => {
      window.addEventListener("keydown", (event) => {
        if (event.key.toLowerCase() === "s") (window as unknown as { __prevented?: boolean }).__prevented = event.defaultPrevented;
      });
    });
    const put = page.waitForRequest((request) => request.method() === "PUT" && request.url().endsWith(`/api/bulletins/${id}`), { timeout: 600 });
    await page.keyboard.press("Control+s");
    // The autosave waits a second after typing; Ctrl+S does not.
    await put;
    expect(await page.evaluate(() => (window as unknown as { __prevented?: boolean }).__prevented)).toBe(true);
    await waitSaved(page);
    expect(textOf((await fetchBulletin(page, id)).body)).toBe("Texto guardado con Control S.");
    // Outside the body too, and with nothing left to save it still says so.
    await page.getByRole("textbox", { name: "Titular" }).click();
    await page.keyboard.press("Control+s");
    await expect.poll(() => saveStatus(page).first().textContent()).toBe("Guardado");
  });

  it("finds and replaces in the body with Ctrl+F, counts the matches, and Ctrl+Z undoes a Reemplazar todo", async () => {
    const { page } = await app.newPage();
    await signIn(page, USERS.author);
    const id = await createBulletin(page);
    await typeBody(page, "El hospital abrió. Otro Hospital cerró. El hospital general atiende.");
    await waitSaved(page);

    // In the headline Ctrl+F is the browser's own: no bar.
    await page.getByRole("textbox", { name: "Titular" }).click();
    await page.keyboard.press("Control+f");
    expect(await page.getByRole("search", { name: "Buscar y reemplazar en el cuerpo" }).count()).toBe(0);

    await bodyEditor(page).click();
    await page.keyboard.press("Control+f");
    const bar = page.getByRole("search", { name: "Buscar y reemplazar en el cuerpo" });
    const search = bar.getByRole("searchbox", { name: "Buscar" });
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("type"))).toBe("search");
    await search.fill("hospital");
    const count = bar.locator(".find-count");
    await expect.poll(() => count.textContent()).toBe("1 de 3");
    expect(await bodyEditor(page).locator(".find-match").count()).toBe(3);
    await captureScreen(page, "word-01-buscar-reemplazar");

    await bar.getByRole("button", { name: "Siguiente" }).click();
    await expect.poll(() => count.textContent()).toBe("2 de 3");
    await bar.getByRole("button", { name: "Anterior" }).click();
    await expect.poll(() => count.textContent()).toBe("1 de 3");
    await search.press("Enter");
    await expect.poll(() => count.textContent()).toBe("2 de 3");

    await bar.getByRole("textbox", { name: "Reemplazar por" }).fill("clínica");
    await bar.getByRole("button", { name: "Reemplazar", exact: true }).click();
    await expect.poll(() => bodyEditor(page).innerText()).toBe("El hospital abrió. Otro clínica cerró. El hospital general atiende.");
    await expect.poll(() => count.textContent()).toBe("2 de 2");

    // Case matters when asked.
    await bar.getByRole("checkbox", { name: "Distinguir mayúsculas" }).check();
    await search.fill("Hospital");
    await expect.poll(() => count.textContent()).toBe("Sin resultados");
    await bar.getByRole("checkbox", { name: "Distinguir mayúsculas" }).uncheck();

    await search.fill("hospital");
    await bar.getByRole("button", { name: "Reemplazar todo" }).click();
    await expect.poll(() => bodyEditor(page).innerText()).toBe("El clínica abrió. Otro clínica cerró. El clínica general atiende.");
    await expect.poll(() => count.textContent()).toBe("Se reemplazaron 2.");

    await page.keyboard.press("Escape");
    await bar.waitFor({ state: "detached" });
    expect(await bodyEditor(page).locator(".find-match").count()).toBe(0);
    await bodyEditor(page).click();
    await page.keyboard.press("ControlOrMeta+z");
    await expect.poll(() => bodyEditor(page).innerText()).toBe("El hospital abrió. Otro clínica cerró. El hospital general atiende.");
    await waitSaved(page);
    expect(textOf((await fetchBulletin(page, id)).body)).toBe("El hospital abrió. Otro clínica cerró. El hospital general atiende.");
  });

  it("refuses pasted images out loud, keeps the text around them, and pastes Word's bullets as a real list", async () => {
    const { page } = await app.newPage();
    await signIn(page, USERS.author);
    const id = await createBulletin(page);
    await typeBody(page, "Inicio.");
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.setData(
        "text/html",
        `<p class=MsoNormal>Antes de la foto <img src="https://example.org/foto.jpg" alt="foto"> y después.</p>` +
          `<p class=MsoListParagraphCxSpFirst style='mso-list:l0 level1 lfo1'><span style='mso-list:Ignore'>·<span>&nbsp;&nbsp;</span></span>Primer punto</p>` +
          `<p class=MsoListParagraphCxSpLast style='mso-list:l0 level1 lfo1'><span style='mso-list:Ignore'>·<span>&nbsp;&nbsp;</span></span>Segundo punto</p>` +
          `<table><tr><td>Estado</td><td>Camas</td></tr><tr><td>Jalisco</td><td>90</td></tr></table>`,
      );
      data.setData("text/plain", "Antes de la foto y después.");
      document.querySelector('[aria-label="Cuerpo del boletín"]')!.dispatchEvent(
        new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }),
      );
    });
    const notice = page.getByRole("alert").filter({ hasText: "Las imágenes no se pegan en el boletín" });
    await notice.waitFor();
    expect(await notice.innerText()).toContain(
      "Las imágenes no se pegan en el boletín; súbelas a la carpeta de fotos y pega aquí su enlace.",
    );
    await captureScreen(page, "word-02-imagen-rechazada");
    await waitSaved(page);
    const body = (await fetchBulletin(page, id)).body as { content: { type: string; content?: unknown[] }[] };
    const saved = JSON.stringify(body);
    expect(saved).toContain("Antes de la foto");
    expect(saved).not.toMatch(/foto\.jpg|<img|Symbol|mso-/);
    const list = body.content.find((block) => block.type === "bulletList");
    expect(list?.content).toHaveLength(2);
    expect(textOf(list)).toBe("Primer punto\nSegundo punto");
    expect(textOf(body)).toContain("Estado · Camas\nJalisco · 90");

    await notice.getByRole("button", { name: "Entendido" }).click();
    await notice.waitFor({ state: "detached" });

    // A screenshot on the clipboard (an image file and nothing else) is refused the same way.
    await bodyEditor(page).click();
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array([137, 80, 78, 71])], "captura.png", { type: "image/png" }));
      document.querySelector('[aria-label="Cuerpo del boletín"]')!.dispatchEvent(
        new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }),
      );
    });
    await notice.waitFor();
  });

  it("keeps typing after the session expires, offers to sign in again in place, and then saves everything", async () => {
    const { context, page } = await app.newPage();
    await signIn(page, USERS.author);
    const id = await createBulletin(page);
    await typeBody(page, "Primera parte.");
    await waitSaved(page);

    // The session ends (closed from another device): the next save answers 401.
    await endSessionElsewhere(context, app.url);
    await page.keyboard.type(" Escrito sin sesión.");
    const again = page.getByRole("dialog", { name: "Iniciar sesión de nuevo" });
    await again.waitFor();
    expect(await again.innerText()).toContain("Tu sesión expiró. Inicia sesión de nuevo para guardar.");
    await expect.poll(() => saveStatus(page).first().textContent()).toBe("Tu sesión expiró. Inicia sesión de nuevo para guardar.");
    // The dialog takes no focus: the writer goes on typing in the body, nothing is lost.
    await page.keyboard.type(" Y más.");
    await expect.poll(() => bodyEditor(page).innerText()).toBe("Primera parte. Escrito sin sesión. Y más.");
    expect(page.url()).toMatch(new RegExp(`/boletines/${id}$`));
    await captureScreen(page, "word-03-sesion-expirada");

    expect(await again.getByRole("textbox", { name: "Correo electrónico" }).inputValue()).toBe(USERS.author);
    await again.getByLabel("Contraseña").fill("contraseña-equivocada");
    await again.getByRole("button", { name: "Entrar" }).click();
    await again.getByText("El correo o la contraseña no son correctos.").waitFor();
    await again.getByLabel("Contraseña").fill("redacta-demo");
    await again.getByRole("button", { name: "Entrar" }).click();
    await again.waitFor({ state: "detached" });
    await waitSaved(page);
    expect(textOf((await fetchBulletin(page, id)).body)).toBe("Primera parte. Escrito sin sesión. Y más.");
  });

  it("underlines misspelt Spanish with the offline es-MX dictionary, knowing the glossary's names", async () => {
    const { page } = await app.newPage();
    await signIn(page, USERS.author);
    await createBulletin(page);
    await typeBody(page, "El director general Zoé Robledo visitó el ospital de Tepic con los derechohabientes; una palabra mal ezcrita.");
    await expect.poll(() => bodyEditor(page).locator(".spell-error").allInnerTexts(), { timeout: 20_000 }).toEqual(["ospital", "ezcrita"]);
    // The same words in every browser: the browser's own checker is off once ours runs.
    expect(await bodyEditor(page).getAttribute("spellcheck")).toBe("false");
    expect(await bodyEditor(page).getAttribute("lang")).toBe("es-MX");
    expect(await page.getByRole("textbox", { name: "Titular" }).getAttribute("spellcheck")).toBe("true");
    // Right-click on an underlined word offers its corrections; choosing one replaces it.
    await bodyEditor(page).locator(".spell-error", { hasText: "ospital" }).click({ button: "right" });
    const menu = page.getByRole("menu", { name: "Ortografía" });
    await menu.getByRole("menuitem", { name: "hospital", exact: true }).waitFor();
    // The viewport as it is (the screenshot helper scrolls to the top, which closes the menu).
    await page.screenshot({ path: `${ARTIFACTS}screens/word-07-ortografia.png` });
    await menu.getByRole("menuitem", { name: "hospital", exact: true }).click();
    await menu.waitFor({ state: "detached" });
    await expect.poll(() => bodyEditor(page).innerText()).toContain("visitó el hospital de Tepic");
    await expect.poll(() => bodyEditor(page).locator(".spell-error").allInnerTexts(), { timeout: 20_000 }).toEqual(["ezcrita"]);
  });

  it("speaks the user's words: offline, a bulletin that does not exist, fields by their names", async () => {
    const { context, page } = await app.newPage();
    await signIn(page, USERS.author);
    await createBulletin(page);
    await typeBody(page, "Texto antes de perder la red.");
    await waitSaved(page);
    await context.setOffline(true);
    await page.getByRole("button", { name: "Enviar a revisión" }).click();
    await page.getByRole("alert").filter({ hasText: /^Sin conexión: / }).first().waitFor();
    // With something typed and not yet saved, the same.
    await bodyEditor(page).click();
    await page.keyboard.press("ControlOrMeta+End");
    await page.keyboard.type(" Más.");
    await expect.poll(() => saveStatus(page).first().textContent()).toMatch(/^Sin conexión/);
    await page.getByRole("button", { name: "Enviar a revisión" }).click();
    await page.getByRole("alert").filter({ hasText: /^Sin conexión: / }).first().waitFor();
    await captureScreen(page, "word-08-sin-conexion");
    await context.setOffline(false);

    for (const path of ["/boletines/abc", "/archivo/abc", "/boletines/999999"]) {
      await page.goto(path);
      await page.getByText("Este boletín no existe o ya no está disponible.").waitFor();
      expect(await page.locator("main").innerText(), path).not.toMatch(/Datos no válidos|\(id\)|cifras/);
    }

    // The sign-in form names its fields as the user knows them, not as the API does.
    const fresh = await app.newPage();
    await fresh.page.goto("/entrar");
    await fresh.page.getByRole("button", { name: "Entrar", exact: true }).click();
    const error = fresh.page.locator("#login-error");
    await expect.poll(() => error.innerText()).toMatch(/^Correo electrónico: .+ Contraseña: .+/);
    expect(await error.innerText()).not.toMatch(/email|password|Datos no válidos/);
  });

  it("prints only the sheet, and shows the word counts under it", async () => {
    const { page } = await app.newPage();
    await signIn(page, USERS.author);
    await createBulletin(page);
    await typeBody(page, "Uno dos tres cuatro, https://www.imss.gob.mx/prensa cinco.");
    await expect.poll(() => page.locator(".word-count").innerText()).toMatch(/^Cuerpo: 6 palabras · Boletín: \d+ palabras$/);
    await page.emulateMedia({ media: "print" });
    for (const hidden of [".app-header", ".editor-topbar", ".editor-side", ".toolbar", ".word-count", ".sheet-controls"]) {
      expect(await page.locator(hidden).first().isVisible(), hidden).toBe(false);
    }
    expect(await page.locator(".sheet").isVisible()).toBe(true);
    expect(await page.locator(".sheet-letterhead").isVisible()).toBe(true);
    expect(await page.locator(".date-line").isVisible()).toBe(true);
    await captureScreen(page, "word-04-impresion");
    await page.emulateMedia({ media: "screen" });
    await page.goto("/boletines");
    await captureNarrow(page, "word-05-boletines-768");
    await page.goto("/archivo?q=493");
    // The number finds No. 493/2024 first.
    await expect.poll(() => page.locator(".archive-result").first().innerText()).toMatch(/Instruye Zoé Robledo[\s\S]*No\. 493\/2024/);
    // Clearing the box lists the whole archive again, and the address forgets the query.
    await page.getByRole("searchbox", { name: "Buscar en el archivo" }).fill("");
    await expect.poll(() => new URL(page.url()).search).toBe("");
    await captureNarrow(page, "word-06-archivo-768");
  });
});
