import { afterAll, beforeAll, expect, it } from "vitest";
import {
  createBulletin,
  describeInBrowser,
  fetchBulletin,
  saveStatus,
  screenshot,
  signIn,
  startApp,
  USERS,
  waitSaved,
  type TestApp,
} from "./harness";
import { fieldText } from "./bulletin-form";

describeInBrowser("lo que el servidor rechazaría nunca se da por guardado", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it("an invalid photo link stays in its field, marked invalid, across the autosave and a reload, and the status never says Guardado", async () => {
    const { page } = await app.newPage();
    await signIn(page, USERS.author);
    const id = await createBulletin(page);
    const windowsShare = "\\\\servidor\\fotos\\evento.jpg";

    await page.getByRole("button", { name: "Agregar enlace de fotos" }).click();
    const link = page.getByRole("textbox", { name: "Enlace de fotos 1", exact: true });
    await link.fill(windowsShare);
    // Something valid typed after it: the autosave runs and the server gets that much.
    await page.getByRole("textbox", { name: "Titular" }).fill("Titular guardado junto a un enlace no válido");
    await expect.poll(async () => (await fetchBulletin(page, id)).title, { timeout: 20_000 }).toBe("Titular guardado junto a un enlace no válido");
    await page.waitForTimeout(1500);

    const notSaved = "Sin guardar: el enlace de fotos 1 no es válido; corrígelo o quítalo";
    await expect.poll(() => saveStatus(page).textContent(), { timeout: 10_000 }).toBe(notSaved);
    expect(await link.getAttribute("aria-invalid")).toBe("true");
    await page.getByText("El enlace tiene barras invertidas").waitFor();
    const kept = await page.evaluate((key) => localStorage.getItem(key), `redacta:borrador:${id}`);
    expect(kept).toContain(JSON.stringify(windowsShare).slice(1, -1));
    expect((await fetchBulletin(page, id)).photoLinks).toEqual([]);
    await screenshot(page, "enlace-no-valido");

    await page.reload();
    const reloaded = page.getByRole("textbox", { name: "Enlace de fotos 1", exact: true });
    await reloaded.waitFor();
    expect(await fieldText(reloaded)).toBe(windowsShare);
    expect(await reloaded.getAttribute("aria-invalid")).toBe("true");
    await page.getByText("El enlace tiene barras invertidas").waitFor();
    expect(await page.getByRole("region", { name: "Cambios sin guardar en este equipo" }).count()).toBe(0);
    await page.waitForTimeout(1500);
    expect(await saveStatus(page).textContent()).toBe(notSaved);

    // Fixed, it is saved like anything else and the local copy goes.
    await reloaded.fill("https://imss.gob.mx/fotos/evento");
    await waitSaved(page);
    expect((await fetchBulletin(page, id)).photoLinks).toEqual(["https://imss.gob.mx/fotos/evento"]);
    await page.reload();
    const fixed = page.getByRole("textbox", { name: "Enlace de fotos 1", exact: true });
    await fixed.waitFor();
    expect(await fieldText(fixed)).toBe("https://imss.gob.mx/fotos/evento");
    expect(await fixed.getAttribute("aria-invalid")).toBe("false");
  });

  it("the body's link dialog refuses a Windows share, a user name before the host or an internal address, saying why", async () => {
    const { page } = await app.newPage();
    await signIn(page, USERS.author);
    await createBulletin(page);
    await page.getByRole("textbox", { name: "Cuerpo del boletín" }).click();
    for (const [href, reason] of [
      ["\\\\servidor\\fotos", "El enlace tiene barras invertidas"],
      ["https://imss.gob.mx@sitio-falso.example/", "El enlace no debe llevar usuario ni contraseña"],
      ["http://169.254.169.254/latest/meta-data/", "El enlace apunta a una dirección interna de una red, no a un sitio público."],
    ] as const) {
      await page.getByRole("button", { name: "Enlace", exact: true }).click();
      const dialog = page.getByRole("dialog", { name: "Agregar enlace" });
      await dialog.getByRole("textbox", { name: "Dirección del enlace" }).fill(href);
      await dialog.getByRole("button", { name: "Aplicar enlace" }).click();
      await dialog.getByText(reason).waitFor();
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "detached" });
    }
  });
});
