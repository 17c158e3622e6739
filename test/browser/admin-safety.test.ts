import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { todayInMexicoCity } from "../../shared/bulletin/date-line";
import { startTestServer, type TestServer } from "../server-harness";
import { CHROMIUM_PATH, captureScreen, describeInBrowser, signIn, startApp, USERS, type TestApp } from "./harness";

const THIS_YEAR = Number(todayInMexicoCity().slice(0, 4));

describeInBrowser("administración sin riesgos: confirmar, numerar, actividad", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it("role changes and disabling ask first; the server's refusal to demote the last admin is shown in Spanish", async () => {
    const { page } = await app.newPage();
    await signIn(page, USERS.admin);
    await page.goto("/administracion");
    const authorRole = page.getByRole("combobox", { name: "Rol de Ana Autora" });
    await authorRole.waitFor();

    // Changing a role opens a confirmation; cancelling leaves everything as it was.
    await authorRole.selectOption("reviewer");
    const confirmRole = page.getByRole("dialog", { name: "Cambiar el rol de Ana Autora" });
    await confirmRole.getByText("¿Cambiar el rol de Ana Autora de redacción a revisión?").waitFor();
    await captureScreen(page, "admin-confirmar-rol", { dialog: true });
    await confirmRole.getByRole("button", { name: "Cancelar" }).click();
    await confirmRole.waitFor({ state: "detached" });
    expect(await authorRole.inputValue()).toBe("author");
    const users = async () => (await (await page.request.get("/api/users")).json()) as { items: { email: string; role: string; disabled: boolean }[] };
    expect((await users()).items.find((user) => user.email === USERS.author)!.role).toBe("author");

    await authorRole.selectOption("reviewer");
    await confirmRole.getByRole("button", { name: "Confirmar" }).click();
    await page.getByText("Cambios de Ana Autora guardados.").waitFor();
    expect(await authorRole.inputValue()).toBe("reviewer");
    expect((await users()).items.find((user) => user.email === USERS.author)!.role).toBe("reviewer");

    // Disabling asks too.
    // Not .check(): the box stays unticked until the change is confirmed.
    await page.getByRole("checkbox", { name: "Desactivar a Ana Autora" }).click();
    const confirmDisable = page.getByRole("dialog", { name: "Desactivar a Ana Autora" });
    await confirmDisable.getByText(/sus sesiones abiertas se cerrarán/).waitFor();
    await confirmDisable.getByRole("button", { name: "Confirmar" }).click();
    await confirmDisable.waitFor({ state: "detached" });
    expect(await page.getByRole("checkbox", { name: "Desactivar a Ana Autora" }).isChecked()).toBe(true);
    await expect.poll(async () => (await users()).items.find((user) => user.email === USERS.author)!.disabled).toBe(true);

    // The only admin steps down: the dialog warns, the server refuses, and the refusal is read where it was asked.
    const adminRole = page.getByRole("combobox", { name: "Rol de Adela Administradora" });
    await adminRole.selectOption("author");
    const confirmSelf = page.getByRole("dialog", { name: "Cambiar el rol de Adela Administradora" });
    await confirmSelf.getByText(/Te quitarás el rol de administración/).waitFor();
    await confirmSelf.getByRole("button", { name: "Confirmar" }).click();
    await confirmSelf.getByRole("alert").getByText(/última persona administradora activa/).waitFor();
    await captureScreen(page, "admin-ultima-administradora", { dialog: true });
    await confirmSelf.getByRole("button", { name: "Cancelar" }).click();
    expect(await adminRole.inputValue()).toBe("admin");
    expect((await users()).items.find((user) => user.email === USERS.admin)!.role).toBe("admin");
  });

  it("sets the next number of the year after confirming, and shows the office's activity", async () => {
    const { page } = await app.newPage();
    await signIn(page, USERS.admin);
    await page.goto("/administracion");
    const next = page.getByRole("spinbutton", { name: `Siguiente número de ${THIS_YEAR}` });
    await next.fill("240");
    await page.getByRole("button", { name: `Fijar el siguiente número de ${THIS_YEAR}` }).click();
    const dialog = page.getByRole("dialog", { name: `Cambiar la numeración de ${THIS_YEAR}` });
    await dialog.getByText(`llevará el No. 240/${THIS_YEAR}`).waitFor();
    await dialog.getByText(`Los números del 1 al 239 de ${THIS_YEAR} no se usarán nunca.`).waitFor();
    await dialog.getByRole("button", { name: "Confirmar" }).click();
    await page.getByText(`Numeración de ${THIS_YEAR}: el siguiente número es 240.`).waitFor();
    const row = page.getByRole("row", { name: new RegExp(`^${THIS_YEAR}`) });
    expect(await row.getByRole("cell").nth(1).innerText()).toBe("239");

    // Going back is refused by the form before it reaches the server.
    await next.fill("12");
    await page.getByRole("button", { name: `Fijar el siguiente número de ${THIS_YEAR}` }).click();
    await page.getByText("Escribe un número entero de 240 o más.").waitFor();

    const activity = page.getByRole("region", { name: "Actividad" });
    await activity.getByRole("button", { name: "Actualizar" }).click();
    await activity.getByText(`fijó el siguiente número de ${THIS_YEAR} en 240 (antes 1)`).waitFor();
    await activity.getByText(/entró desde/).first().waitFor();
    await activity.getByText(/cambió la cuenta autora@redacta\.local: rol redacción → revisión/).waitFor();
    await captureScreen(page, "admin-numeracion-actividad");
  });
});

describeInBrowser("entrada sin ninguna cuenta (producción recién instalada)", () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    // A production seed: profile and templates, no demo accounts.
    const saved = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    try {
      server = await startTestServer({ client: true, seeded: false });
    } finally {
      process.env.NODE_ENV = saved;
    }
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ["--no-sandbox", "--disable-gpu"] });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("the sign-in page says that no account exists yet and how to create the first one", async () => {
    const context = await browser.newContext({ baseURL: server.url, locale: "es-MX" });
    const page = await context.newPage();
    await page.goto("/entrar");
    await page.getByRole("status").getByText(/Todavía no existe ninguna cuenta/).waitFor();
    expect(await page.getByRole("status").innerText()).toContain("npm run cli -- create-admin CORREO");
    await captureScreen(page, "entrar-sin-cuentas");
    await context.close();
  });
});
