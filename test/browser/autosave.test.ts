import { afterAll, beforeAll, expect, it } from "vitest";
import {
  bodyEditor,
  captureScreen,
  createBulletin,
  describeInBrowser,
  fetchBulletin,
  saveStatus,
  screenshot,
  signIn,
  startApp,
  typeBody,
  USERS,
  waitSaved,
  type TestApp,
} from "./harness";
import { fieldText } from "./bulletin-form";

describeInBrowser("autoguardado: conflictos y trabajo sin red", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it("shows a conflict when two people save the same draft, and loses no text", async () => {
    const first = await app.newPage();
    const second = await app.newPage();
    await signIn(first.page, USERS.author);
    await signIn(second.page, USERS.author);
    const id = await createBulletin(first.page);
    await second.page.goto(`/boletines/${id}`);
    await second.page.getByRole("textbox", { name: "Titular" }).waitFor();

    await first.page.getByRole("textbox", { name: "Titular" }).fill("Titular escrito en la primera ventana");
    await waitSaved(first.page);

    await second.page.getByRole("textbox", { name: "Titular" }).fill("Titular escrito en la segunda ventana");
    // The same person in two windows: the dialog says it was them, in another window.
    const dialog = second.page.getByRole("dialog", { name: "Guardaste este boletín en otra ventana" });
    await dialog.waitFor();
    expect(await dialog.getAttribute("aria-modal")).toBe("true");
    expect(await dialog.innerText()).toContain("Titular escrito en la primera ventana");
    expect(await dialog.innerText()).toContain("Titular escrito en la segunda ventana");
    await screenshot(second.page, "conflicto-dialogo", { fullPage: false });
    await captureScreen(second.page, "19-conflicto", { dialog: true });

    await dialog.getByRole("button", { name: "Copiar de ambas" }).click();
    await dialog.waitFor({ state: "detached" });
    const mine = second.page.getByRole("textbox", { name: "Texto de mi versión" });
    expect(await mine.inputValue()).toContain("Titular escrito en la segunda ventana");
    expect(await fieldText(second.page.getByRole("textbox", { name: "Titular" }))).toBe(
      "Titular escrito en la primera ventana",
    );
    // The writer copies what they need from their version into the loaded one.
    await typeBody(second.page, "Párrafo de la segunda ventana: Titular escrito en la segunda ventana.");
    await waitSaved(second.page);

    // The first window is now stale: its next save conflicts; it keeps its own version on top.
    await first.page.getByRole("textbox", { name: "Destacado 1", exact: true }).fill("Destacado de la primera ventana");
    const firstDialog = first.page.getByRole("dialog", { name: "Guardaste este boletín en otra ventana" });
    await firstDialog.waitFor();
    await firstDialog.getByRole("button", { name: "Conservar mi versión" }).click();
    await waitSaved(first.page);

    const saved = await fetchBulletin(first.page, id);
    expect(saved.title).toBe("Titular escrito en la primera ventana");
    expect(saved.highlights).toContain("Destacado de la primera ventana");
    // What the second window saved is still there, one revision below.
    const revisions = (await (await first.page.request.get(`/api/bulletins/${id}/revisions`)).json()) as {
      items: Array<{ version: number }>;
    };
    const previous = Math.max(...revisions.items.map((revision) => revision.version)) - 1;
    const older = (await (await first.page.request.get(`/api/bulletins/${id}/revisions/${previous}`)).json()) as {
      content: { body: unknown };
    };
    expect(JSON.stringify(older.content.body)).toContain("Párrafo de la segunda ventana");
    await screenshot(second.page, "conflicto-copiar-de-ambas");
  });

  it("keeps typing while offline and saves when the network returns", async () => {
    const { context, page } = await app.newPage();
    await signIn(page, USERS.author);
    const id = await createBulletin(page);
    await page.getByRole("textbox", { name: "Titular" }).fill("Titular antes del corte");
    await waitSaved(page);

    await context.setOffline(true);
    await typeBody(page, "Primera frase escrita sin red.");
    await expect
      .poll(() => saveStatus(page).textContent(), { timeout: 15_000 })
      .toBe("Sin conexión — los cambios se guardan en este equipo");
    await page.keyboard.type(" Segunda frase, todavía sin red.");
    await screenshot(page, "sin-conexion");
    const kept = await page.evaluate((key) => localStorage.getItem(key), `redacta:borrador:${id}`);
    expect(kept).toContain("Segunda frase, todavía sin red.");

    await context.setOffline(false);
    await waitSaved(page, 40_000);
    expect(JSON.stringify((await fetchBulletin(page, id)).body)).toContain(
      "Primera frase escrita sin red. Segunda frase, todavía sin red.",
    );
    await page.reload();
    await bodyEditor(page).waitFor();
    expect(await bodyEditor(page).innerText()).toContain("Primera frase escrita sin red. Segunda frase, todavía sin red.");
  });

  it("offers back, after a reload, what was typed but never reached the server", async () => {
    const { context, page } = await app.newPage();
    await signIn(page, USERS.author);
    const id = await createBulletin(page);
    await page.getByRole("textbox", { name: "Titular" }).fill("Titular guardado");
    await waitSaved(page);
    await context.setOffline(true);
    await typeBody(page, "Texto que solo quedó en este equipo.");
    await expect.poll(() => saveStatus(page).textContent(), { timeout: 15_000 }).toMatch(/^Sin conexión/);
    await page.close();

    await context.setOffline(false);
    const again = await context.newPage();
    await again.goto(`/boletines/${id}`);
    const banner = again.getByRole("region", { name: "Cambios sin guardar en este equipo" });
    await banner.waitFor();
    await screenshot(again, "recuperar-cambios");
    await banner.getByRole("button", { name: "Recuperar cambios" }).click();
    await waitSaved(again);
    expect(JSON.stringify((await fetchBulletin(again, id)).body)).toContain("Texto que solo quedó en este equipo.");
  });
});
