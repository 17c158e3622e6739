import { afterAll, beforeAll, expect, it } from "vitest";
import {
  captureNarrow,
  captureScreen,
  describeInBrowser,
  screenshot,
  signIn,
  startApp,
  USERS,
  type TestApp,
} from "./harness";

describeInBrowser("entrada, archivo y administración", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it("finds Zoé Robledo when searched without the accent, highlighted", async () => {
    const { page } = await app.newPage();
    await page.goto("/entrar");
    await page.getByRole("button", { name: "Entrar", exact: true }).waitFor();
    await captureScreen(page, "01-entrar");
    await page.getByRole("textbox", { name: "Correo electrónico" }).fill(USERS.author);
    await page.getByLabel("Contraseña").fill("no-es-la-contraseña");
    await page.getByRole("button", { name: "Entrar", exact: true }).click();
    await page.getByText("El correo o la contraseña no son correctos.").waitFor();
    await captureScreen(page, "02-entrar-error");

    await signIn(page, USERS.author);
    await page.getByText("Aún no tienes boletines. Empieza uno con «Nuevo boletín».").waitFor();
    await captureScreen(page, "03-boletines-autora");
    await page.getByRole("button", { name: "Nuevo boletín" }).click();
    const dialog = page.getByRole("dialog", { name: "Nuevo boletín" });
    await dialog.getByRole("radio").first().waitFor();
    await captureScreen(page, "04-nuevo-boletin", { dialog: true });
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });

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
    // Every example bulletin of the seed (all published, all about Zoé Robledo) is listed.
    const published = (await (await page.request.get("/api/bulletins?status=published&pageSize=100")).json()) as {
      items: Array<{ title: string }>;
    };
    expect(published.items.length).toBeGreaterThanOrEqual(5);
    const listed = await page.locator(".archive-results h3").allInnerTexts();
    expect(listed).toEqual(expect.arrayContaining(published.items.map((item) => item.title.trim())));
    await screenshot(page, "archivo-busqueda");
    await captureScreen(page, "20-archivo-busqueda");

    await page.locator(".archive-results h3 a").first().click();
    await page.getByRole("button", { name: "Duplicar como borrador" }).waitFor();
    await page.getByRole("button", { name: "Exportar TXT" }).waitFor();
    expect(await page.getByRole("textbox", { name: "Titular" }).count()).toBe(0);
    await captureScreen(page, "21-archivo-boletin");
  });

  it("shows the administration of users, templates and the organisation profile", async () => {
    const { page } = await app.newPage();
    await signIn(page, USERS.admin);
    await page.getByRole("link", { name: "Administración" }).click();
    await page.getByRole("heading", { name: "Perfil de la organización" }).waitFor();
    await page.getByText(USERS.reviewer2).waitFor();
    await page.getByRole("button", { name: "Eliminar plantilla Boletín general" }).waitFor();
    await screenshot(page, "administracion");
    await captureScreen(page, "22-administracion");
    await page.getByRole("link", { name: "Boletines" }).click();
    await page.getByText("No hay boletines de otras personas esperando revisión.").waitFor();
    await captureNarrow(page, "23-boletines-768");
  });
});
