import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { contacts } from "../../server/db/schema";
import { captureScreen, describeInBrowser, signIn, startApp, USERS, type TestApp } from "./harness";

const DISTRIBUTION = "difusion@redacta.local";

/** The spreadsheet as Excel saves it in Mexico: `;`, Windows-1252, CRLF; lines 3 and 6 are bad. */
const SPREADSHEET = Buffer.from(
  [
    "Nombre;Medio;Correo electrónico;Fuente;Notas",
    "Martín Peña;Información Hoy;MPena@Example.mx;Salud;",
    "Ana Ruiz;Diario del Sur;no-es-un-correo;Salud;",
    "Luis Gómez;Radio Centro;luis.gomez@example.com;Política;Llamar antes de las 10",
    "Laura Méndez;Diario Nacional;LAURA.MENDEZ@EXAMPLE.MX;Política;",
    "Rosa Núñez;Canal 4;;Salud;sin correo",
  ].join("\r\n"),
  "latin1",
);

describeInBrowser("Medios: listas, contactos e importación CSV", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it("the distribution user creates a list, previews a CSV with its bad lines, imports it and sees the contacts", async () => {
    const { page } = await app.newPage();
    await signIn(page, DISTRIBUTION);
    await page.getByRole("navigation", { name: "Navegación principal" }).getByRole("link", { name: "Medios" }).click();
    const lists = page.getByRole("table");
    await lists.getByRole("button", { name: "Abrir la lista Medios nacionales" }).waitFor();
    await lists.getByRole("button", { name: "Abrir la lista Fuente salud" }).waitFor();
    await captureScreen(page, "medios-listas");

    await page.getByLabel("Nombre de la lista").fill("Corresponsales Jalisco");
    await page.getByLabel("Descripción").fill("Guadalajara y zona metropolitana");
    await page.getByRole("button", { name: "Crear lista" }).click();
    await page.getByText("Se creó la lista «Corresponsales Jalisco».").waitFor();
    await page.getByRole("button", { name: "Abrir la lista Corresponsales Jalisco" }).click();
    await page.getByRole("heading", { name: "Corresponsales Jalisco", level: 1 }).waitFor();
    await page.getByText("Esta lista no tiene contactos.").waitFor();

    // One contact by hand.
    await page.getByRole("textbox", { name: "Nombre", exact: true }).fill("Pedro Ruiz");
    await page.getByRole("textbox", { name: "Medio", exact: true }).fill("El Informador");
    await page.getByRole("textbox", { name: "Correo electrónico" }).fill("pedro.ruiz@example.mx");
    await page.getByRole("textbox", { name: "Fuente", exact: true }).fill("Jalisco");
    await page.getByRole("button", { name: "Añadir", exact: true }).click();
    await page.getByText("Se añadió pedro.ruiz@example.mx a la lista.").waitFor();

    // The CSV: previewed before anything is written.
    await page.getByRole("button", { name: "Importar CSV" }).click();
    const dialog = page.getByRole("dialog", { name: "Importar contactos a «Corresponsales Jalisco»" });
    await dialog.getByLabel("Archivo CSV").setInputFiles({ name: "medios.csv", mimeType: "text/csv", buffer: SPREADSHEET });
    await dialog.getByText("5 filas en el archivo: 3 se importarán, 2 con errores.").waitFor();
    const mapping = dialog.locator("table.csv-mapping");
    expect(await mapping.locator("tbody tr").allInnerTexts()).toEqual(["Nombre\tNombre", "Medio\tMedio", "Correo electrónico\tCorreo electrónico", "Fuente\tFuente", "Notas\tNotas"]);
    await dialog.getByRole("cell", { name: "Información Hoy" }).waitFor();
    await dialog.getByRole("cell", { name: "mpena@example.mx" }).waitFor();
    expect(await dialog.locator("ul.line-errors li").allInnerTexts()).toEqual([
      "Línea 3: «no-es-un-correo» no es un correo electrónico válido.",
      "Línea 6: Falta el correo electrónico.",
    ]);
    await captureScreen(page, "medios-importar-vista-previa", { dialog: true });
    const listId = Number(new URL(page.url()).searchParams.get("lista"));
    const before = await (await page.request.get(`/api/lists/${listId}/contacts`)).json();
    expect(before.total).toBe(1);

    await dialog.getByRole("button", { name: "Importar", exact: true }).click();
    await dialog.getByText("Importación terminada").waitFor();
    expect(await dialog.locator("ul.import-counts li").allInnerTexts()).toEqual([
      "Contactos nuevos: 2",
      "Ya existían y se unieron a la lista: 1",
      "Ya estaban en la lista: 0",
    ]);
    expect(await dialog.locator("ul.line-errors li").allInnerTexts()).toEqual([
      "Línea 3: «no-es-un-correo» no es un correo electrónico válido.",
      "Línea 6: Falta el correo electrónico.",
    ]);
    await captureScreen(page, "medios-importar-resultado", { dialog: true });
    await dialog.getByRole("button", { name: "Listo" }).click();
    await dialog.waitFor({ state: "detached" });

    const table = page.locator("table.bulletin-table");
    await table.getByRole("cell", { name: "luis.gomez@example.com", exact: true }).waitFor();
    expect(await table.locator("tbody tr td:nth-child(3)").allInnerTexts()).toEqual(["laura.mendez@example.mx", "luis.gomez@example.com", "mpena@example.mx", "pedro.ruiz@example.mx"]);
    await page.getByText("4 contactos, 4 reciben los boletines").waitFor();
    await page.getByRole("status").getByText("Importación: 2 contactos nuevos, 1 ya existentes, 2 líneas con errores.").waitFor();
    // Only an admin brings back someone who unsubscribed.
    expect(await page.getByRole("button", { name: /^Reactivar/ }).count()).toBe(0);
    await captureScreen(page, "medios-lista-importada");
  });

  it("a journalist unsubscribes from the e-mail's link without JavaScript; an admin sees Dio de baja and Reactivar", async () => {
    const [carmen] = await app.handle.db.select().from(contacts).where(eq(contacts.email, "carmen.olvera@example.com"));
    const reader = await app.browser.newContext({ baseURL: app.url, javaScriptEnabled: false, locale: "es-MX", viewport: { width: 800, height: 600 } });
    const mail = await reader.newPage();
    await mail.goto(`/baja/${carmen!.unsubscribeToken}`);
    await mail.getByRole("heading", { name: "¿Dejar de recibir los boletines de INSTITUTO MEXICANO DEL SEGURO SOCIAL?" }).waitFor();
    await captureScreen(mail, "baja-pregunta");
    await mail.getByRole("button", { name: "Dejar de recibirlos" }).click();
    await mail.getByRole("heading", { name: "Listo: ya no recibirás los boletines" }).waitFor();
    await captureScreen(mail, "baja-confirmada");
    await reader.close();

    const { page } = await app.newPage();
    await signIn(page, USERS.admin);
    await page.goto("/medios");
    await page.getByRole("button", { name: "Abrir la lista Fuente salud" }).click();
    const row = page.locator("tr", { hasText: "carmen.olvera@example.com" });
    await row.getByText("Dio de baja").waitFor();
    await captureScreen(page, "medios-baja-reactivar");
    await row.getByRole("button", { name: "Reactivar a carmen.olvera@example.com" }).click();
    await page.getByText("carmen.olvera@example.com vuelve a recibir los boletines.").waitFor();
    await row.getByText("Activo").waitFor();
    await page.goto("/administracion");
    await page.getByText("reactivó el contacto de medios carmen.olvera@example.com (antes: Dio de baja)").waitFor();
  });
});
