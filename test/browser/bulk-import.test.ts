import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import JSZip from "jszip";
import PDFDocument from "pdfkit";
import { afterAll, beforeAll, expect, it } from "vitest";
import { renderDocx } from "../../server/export/docx";
import { renderPdf } from "../../server/export/pdf";
import { parseBulletin } from "../../server/import/parse-bulletin";
import { SEEDS_FOLDER } from "../../server/db/seed";
import { bulletinText, utf8 } from "../bulk-import-files";
import { organization } from "../export/seed-001";
import { families } from "../import/other-layouts-cases";
import { captureScreen, describeInBrowser, screenshot, signIn, startApp, USERS, type TestApp } from "./harness";

/** A PDF as a scanner makes it: shapes, no text layer. */
function scannedPdf(): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: "LETTER" });
    const chunks: Buffer[] = [];
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    for (let line = 0; line < 30; line++) doc.rect(72, 72 + line * 20, 300 + (line % 5) * 40, 8).fill("#333333");
    doc.end();
  });
}

const exported = (title: string, seq: number) => parseBulletin(bulletinText({ title, number: { seq, year: 2026 } })).bulletin;
const FINAL = { organization, draft: false };

/** 30 files of every kind an office's archive holds, and a few the importer must skip, in one zip. */
async function archiveZip(): Promise<{ zip: Buffer; names: Record<string, string> }> {
  const zip = new JSZip();
  const seeds = fs.readdirSync(SEEDS_FOLDER).filter((name) => name.endsWith(".txt")).sort();
  for (const name of seeds) zip.file(`archivo/imss/${name}`, fs.readFileSync(path.join(SEEDS_FOLDER, name)));
  const layouts = families.flatMap(([, cases]) => cases).slice(0, 8);
  layouts.forEach((entry, index) => zip.file(`archivo/otras oficinas/caso ${String(index + 1).padStart(2, "0")}.txt`, entry.text));
  for (let index = 1; index <= 6; index++) {
    zip.file(`archivo/2026/boletín ${4000 + index}.txt`, bulletinText({ title: `Inaugura el Instituto la clínica ${index} de la zona oriente`, number: { seq: 4000 + index, year: 2026 } }));
  }
  zip.file("archivo/2026/copia del 4001.txt", bulletinText({ title: "Inaugura el Instituto la clínica 1 de la zona oriente", number: { seq: 4001, year: 2026 } }));
  for (let index = 1; index <= 4; index++) {
    zip.file(`archivo/word/comunicado ${4100 + index}.docx`, await renderDocx(exported(`Entrega el Instituto ambulancias al hospital ${index}`, 4100 + index), FINAL));
  }
  for (let index = 1; index <= 3; index++) {
    zip.file(`archivo/pdf/boletín ${4200 + index}.pdf`, await renderPdf(exported(`Amplía el Instituto el horario de la farmacia ${index}`, 4200 + index), FINAL));
  }
  zip.file("archivo/pdf/escaneado.pdf", await scannedPdf());
  zip.file("archivo/word/lista de compras.docx", utf8("Tortillas, frijol, café."));
  zip.file("archivo/2024/choque 493.txt", bulletinText({ title: "Presenta el Instituto su informe de actividades", number: { seq: 493, year: 2024 } }));
  // Never sent: not a bulletin format, macOS's copies, hidden files.
  zip.file("archivo/foto.jpg", Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
  zip.file("__MACOSX/archivo/._boletín 4001.txt", "basura");
  zip.file("archivo/.DS_Store", "basura");
  return { zip: await zip.generateAsync({ type: "nodebuffer" }), names: { layout: "archivo/otras oficinas/caso 01.txt" } };
}

describeInBrowser("importar un archivo de boletines", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it("an admin drops a zip of 30 mixed files, watches each result come, corrects what the importer was unsure of and finds the bulletins in the archive", async () => {
    const { zip } = await archiveZip();
    const { page } = await app.newPage();
    await signIn(page, USERS.admin);
    await page.getByRole("link", { name: "Importar", exact: true }).click();
    await page.getByRole("heading", { name: "Importar archivo" }).waitFor();
    await page.getByLabel("Elegir archivo .zip o archivos").setInputFiles({ name: "archivo.zip", mimeType: "application/zip", buffer: zip });

    const progress = page.getByRole("progressbar", { name: "Progreso de la importación" });
    await progress.waitFor();
    await page.getByText(/^\d+ de 30 · archivo\//).first().waitFor();
    await page.getByText("30 de 30 · terminado").waitFor({ timeout: 120_000 });
    expect(await progress.getAttribute("value")).toBe("30");
    expect(await progress.getAttribute("max")).toBe("30");

    const results = page.getByRole("list", { name: "Resultado de cada archivo" }).getByRole("listitem");
    await expect.poll(() => results.count()).toBe(30);
    const resultOf = async (name: string) => (await results.filter({ hasText: name }).first().innerText()).replace(/\s+/g, " ");
    expect(await resultOf("boletín 4002.txt")).toMatch(/Importado/);
    expect(await resultOf("copia del 4001.txt")).toMatch(/Ya estaba en el archivo \(#\d+\)/);
    expect(await resultOf("imss/000_")).toMatch(/Ya estaba en el archivo \(#\d+\)/);
    expect(await resultOf("escaneado.pdf")).toMatch(/Rechazado: .*(escanead|texto)/i);
    expect(await resultOf("lista de compras.docx")).toMatch(/Rechazado: /);
    expect(await resultOf("choque 493.txt")).toMatch(/Por revisar/);
    for (const name of ["comunicado 4101.docx", "boletín 4201.pdf"]) expect(await resultOf(name)).toMatch(/Importado|Por revisar/);
    expect(await page.locator(".import-results").innerText()).not.toMatch(/foto\.jpg|MACOSX|DS_Store/);
    await page.getByText("Archivos omitidos porque no son TXT, Markdown, DOCX ni PDF: 1.").waitFor();
    await captureScreen(page, "import-01-resultados");

    await page.getByRole("link", { name: /^Revisar \d+ archivos$/ }).click();
    await page.getByRole("heading", { name: "Revisión de la importación" }).waitFor();
    const clash = page.getByRole("article", { name: "archivo/2024/choque 493.txt" });
    await clash.getByText(/El número 493\/2024 ya lo tiene otro boletín del archivo/).waitFor();
    await expect.poll(() => clash.getByRole("link", { name: /^boletín #\d+$/ }).count()).toBe(1);
    await expect.poll(() => clash.getByLabel("Texto del archivo").innerText()).toContain("Presenta el Instituto su informe de actividades");
    await captureScreen(page, "import-02-revision");
    await screenshot(page, "screens/import-02-revision-pantalla", { fullPage: false });

    // As it is, the number is refused, never dropped; corrected, it goes in.
    await clash.getByRole("button", { name: "Confirmar e importar" }).click();
    await clash.getByRole("alert").filter({ hasText: /ya lo tiene el boletín #\d+/ }).waitFor();
    await clash.getByLabel("Número", { exact: true }).fill("4999");
    await page.waitForTimeout(150);
    await clash.getByLabel("Año del número").fill("2026");
    await clash.getByRole("button", { name: "Confirmar e importar" }).click();
    await clash.waitFor({ state: "detached" });

    const layout = page.getByRole("article", { name: "archivo/otras oficinas/caso 01.txt" });
    const hadLayout = (await layout.count()) > 0;
    if (hadLayout) {
      await layout.getByLabel("Titular").fill("Titular corregido en la revisión de la importación");
      await page.waitForTimeout(150);
      await layout.getByRole("button", { name: "Confirmar e importar" }).click();
      await layout.waitFor({ state: "detached" });
    }
    // The rest as the importer read them; one whose number another already holds is discarded.
    while ((await page.getByRole("article").count()) > 0) {
      const name = await page.getByRole("article").first().getByRole("heading", { level: 2 }).innerText();
      const item = page.getByRole("article", { name, exact: true });
      await item.getByRole("button", { name: "Confirmar e importar" }).click();
      await expect.poll(async () => (await item.count()) === 0 || (await item.getByRole("alert").count()) > 0, { timeout: 15_000 }).toBe(true);
      if ((await item.count()) > 0) {
        await item.getByRole("button", { name: "Descartar" }).click();
        await item.waitFor({ state: "detached" });
      }
    }
    await page.getByText("Listo: todos los archivos de esta importación están decididos.").waitFor();
    const decided = page.getByRole("list", { name: "Ya decididos" });
    expect((await decided.getByRole("listitem").filter({ hasText: "choque 493.txt" }).innerText()).replace(/\s+/g, " ")).toMatch(/Importado/);

    await page.getByRole("link", { name: "Ver el archivo" }).click();
    const search = page.getByRole("searchbox", { name: "Buscar en el archivo" });
    for (const [query, title] of [
      ["informe de actividades", "Presenta el Instituto su informe de actividades"],
      ["clínica 3 zona oriente", "Inaugura el Instituto la clínica 3 de la zona oriente"],
      ["ambulancias hospital 2", "Entrega el Instituto ambulancias al hospital 2"],
      ["farmacia 1", "Amplía el Instituto el horario de la farmacia 1"],
      ...(hadLayout ? [["corregido revisión importación", "Titular corregido en la revisión de la importación"]] : []),
    ] as [string, string][]) {
      await search.fill(query);
      await search.press("Enter");
      await page.getByRole("link", { name: title }).first().waitFor();
    }
    await page.getByRole("link", { name: "Presenta el Instituto su informe de actividades" }).waitFor({ state: "detached" }).catch(() => undefined);
    await search.fill("informe de actividades");
    await search.press("Enter");
    await page.getByRole("link", { name: "Presenta el Instituto su informe de actividades" }).click();
    await page.getByText("No. 4999/2026.").first().waitFor();
  });

  it("takes a zip dropped on the page", async () => {
    const zip = new JSZip();
    zip.file("suelto/boletín 6001.txt", bulletinText({ title: "Abre el Instituto un centro de rehabilitación", number: { seq: 6001, year: 2026 } }));
    zip.file("suelto/boletín 6002.txt", bulletinText({ title: "Abre el Instituto un banco de leche", number: { seq: 6002, year: 2026 } }));
    const base64 = (await zip.generateAsync({ type: "nodebuffer" })).toString("base64");
    const { page } = await app.newPage();
    await signIn(page, USERS.admin);
    await page.goto("/importar");
    const dataTransfer = await page.evaluateHandle((data) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([Uint8Array.from(atob(data), (char) => char.charCodeAt(0))], "suelto.zip", { type: "application/zip" }));
      return transfer;
    }, base64);
    const zone = page.getByText("Suelte aquí una carpeta o un archivo .zip");
    await zone.dispatchEvent("dragover", { dataTransfer });
    await zone.dispatchEvent("drop", { dataTransfer });
    await page.getByText("2 de 2 · terminado").waitFor({ timeout: 60_000 });
    const text = (await page.locator(".import-results").innerText()).replace(/\s+/g, " ");
    expect(text).toMatch(/suelto\/boletín 6001\.txt Importado/);
    expect(text).toMatch(/suelto\/boletín 6002\.txt Importado/);
  });

  it("takes a picked folder with its sub-folders, leaving hidden files out", async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "redacta-carpeta-"));
    fs.mkdirSync(path.join(folder, "2025"));
    fs.writeFileSync(path.join(folder, "2025", "boletín 5001.txt"), bulletinText({ title: "Recibe el Instituto donación de equipo médico", number: { seq: 5001, year: 2026 } }));
    fs.writeFileSync(path.join(folder, "boletín 5002.docx"), await renderDocx(exported("Celebra el Instituto su aniversario con personal jubilado", 5002), FINAL));
    fs.writeFileSync(path.join(folder, ".oculto.txt"), "no se sube");
    try {
      const { page } = await app.newPage();
      await signIn(page, USERS.admin);
      await page.goto("/importar");
      await page.getByLabel("Elegir carpeta").setInputFiles(folder);
      await page.getByText("2 de 2 · terminado").waitFor({ timeout: 60_000 });
      const results = page.getByRole("list", { name: "Resultado de cada archivo" }).getByRole("listitem");
      await expect.poll(() => results.count()).toBe(2);
      const text = (await page.locator(".import-results").innerText()).replace(/\s+/g, " ");
      expect(text).toMatch(/2025\/boletín 5001\.txt Importado/);
      expect(text).toMatch(/boletín 5002\.docx Importado/);
      expect(text).not.toContain("oculto");
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
