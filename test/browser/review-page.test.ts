import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { bodyFromParagraphs } from "../../shared/bulletin/body-schema";
import { readDocx } from "../docx/docx-read";
import { signedIn, type ApiClient } from "../api-client";
import { ifMatch, readyContent } from "../integration/fixtures";
import { fieldText } from "./bulletin-form";
import { captureScreen, describeInBrowser, signIn, startApp, USERS, waitSaved, type TestApp } from "./harness";

const TITLE = "Inaugura el Seguro Social una unidad de medicina familiar en Tlalpan";
const HIGHLIGHT = "Atenderá a 40 mil derechohabientes del sur de la ciudad.";
const FIRST = "El Instituto Mexicano del Seguro Social inauguró una unidad de medicina familiar con doce consultorios.";
const SECOND = "La unidad abrirá de lunes a viernes en dos turnos.";

/** A bulletin of the author's, ready for review, submitted unless told otherwise. */
async function bulletinInReview(author: ApiClient, submit = true): Promise<number> {
  const created = (await author.post("/bulletins", { templateId: "general" })).body;
  const saved = await author.put(`/bulletins/${created.id}`, readyContent({ body: bodyFromParagraphs([FIRST, SECOND]) }), ifMatch(created.version));
  expect(saved.status).toBe(200);
  if (submit) expect((await author.post(`/bulletins/${created.id}/transitions`, { action: "submit" })).status).toBe(200);
  return created.id as number;
}

async function openSuggestions(client: ApiClient, id: number): Promise<Array<{ field: string; status: string; text: string }>> {
  const items = (await client.get(`/bulletins/${id}/suggestions`)).body.items as Array<{ field: string; status: string; text: string }>;
  return items.filter((item) => item.status === "open");
}

/** Puts the caret at the end of a one-line field and types `text`. */
async function typeAtEnd(page: Page, name: string, text: string): Promise<void> {
  const field = page.getByRole("textbox", { name, exact: true });
  await field.click();
  // A person's next key comes a moment after the click (ProseMirror settles the click's caret just after it).
  await page.waitForTimeout(150);
  // The end of the text, not of the visual line a long headline wraps onto.
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.type(text);
}

describeInBrowser("revisión en el texto: sugerencias, hilos, historial y flujo", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it("a reviewer suggests three edits, the author accepts two and rejects one, another reviewer approves through the dialog, and the DOCX holds the accepted text", async () => {
    const authorApi = await signedIn(app.url, USERS.author);
    const id = await bulletinInReview(authorApi);

    const reviewer = await app.newPage();
    await signIn(reviewer.page, USERS.reviewer);
    await reviewer.page.goto(`/boletines/${id}`);
    const toggle = reviewer.page.getByRole("button", { name: "Sugerir cambios" });
    expect(await toggle.getAttribute("aria-pressed")).toBe("false");
    await toggle.click();
    expect(await toggle.getAttribute("aria-pressed")).toBe("true");
    await typeAtEnd(reviewer.page, "Titular", " este lunes");
    await reviewer.page.keyboard.press("Enter");
    await typeAtEnd(reviewer.page, "Destacado 1", " Y más");
    await reviewer.page.keyboard.press("Enter");
    await reviewer.page.locator(".sheet-body p").filter({ hasText: "abrirá" }).dblclick({ position: { x: 4, y: 6 } });
    await reviewer.page.keyboard.type("Esta");
    await expect.poll(async () => (await openSuggestions(authorApi, id)).length, { timeout: 15_000 }).toBe(3);
    const suggestions = reviewer.page.getByRole("region", { name: /^Sugerencias/ });
    await suggestions.locator(".suggestion").nth(2).waitFor();
    // The reviewer cannot decide: no accept or reject buttons for them.
    expect(await suggestions.getByRole("button", { name: "Aceptar sugerencia" }).count()).toBe(0);
    await captureScreen(reviewer.page, "30-revisor-sugiere");

    // The author accepts the headline and the body, rejects the highlight.
    const author = await app.newPage();
    await signIn(author.page, USERS.author);
    await author.page.goto(`/boletines/${id}`);
    const panel = author.page.getByRole("region", { name: /^Sugerencias/ });
    const item = (label: string) => panel.locator(".suggestion").filter({ hasText: label });
    await item("en el titular").waitFor();
    await captureScreen(author.page, "31-autora-sugerencias");
    await item("en el destacado 1").getByRole("button", { name: "Rechazar sugerencia" }).click();
    await panel.getByText("Sugerencia rechazada.").waitFor();
    await item("en el titular").getByRole("button", { name: "Aceptar sugerencia" }).click();
    await panel.getByText("Sugerencia aceptada: se guardó una nueva revisión.").waitFor();
    await item("en el cuerpo").getByRole("button", { name: "Aceptar sugerencia" }).click();
    await panel.getByText("Sin sugerencias abiertas.").waitFor();
    expect(await fieldText(author.page.getByRole("textbox", { name: "Titular" }))).toBe(`${TITLE} este lunes`);
    await author.page.locator(".sheet-body p").filter({ hasText: "Esta unidad abrirá" }).waitFor();
    // The history says which revision the suggestions went into.
    await author.page.getByRole("region", { name: "Historial" }).getByText("Sugerencias aceptadas").first().waitFor();

    // A second reviewer approves: the dialog shows the number it will take.
    const second = await app.newPage();
    await signIn(second.page, USERS.reviewer2);
    await second.page.goto(`/boletines/${id}`);
    await second.page.getByRole("button", { name: "Aprobar" }).click();
    const approval = second.page.getByRole("dialog", { name: "Aprobar el boletín" });
    const coming = (await approval.getByText(/^Se asignará el No\. \d+\/\d{4}\.$/).innerText()).trim();
    await captureScreen(second.page, "32-aprobar-dialogo", { dialog: true });
    await approval.getByRole("button", { name: "Aprobar" }).click();
    await approval.waitFor({ state: "detached" });
    const numberLine = second.page.locator(".number-line").filter({ hasText: /^No\. \d+\/\d{4}\.$/ });
    await numberLine.waitFor();
    expect(coming).toBe(`Se asignará el ${(await numberLine.innerText()).trim()}`);

    const [download] = await Promise.all([
      second.page.waitForEvent("download"),
      second.page.getByRole("button", { name: "Exportar DOCX" }).click(),
    ]);
    const text = (await readDocx(await readFile((await download.path())!))).paragraphs.map((paragraph) => paragraph.text).join("\n");
    expect(text).toContain(`${TITLE} este lunes`);
    expect(text).toContain(`Esta unidad abrirá de lunes a viernes`);
    expect(text).toContain(HIGHLIGHT);
    expect(text).not.toContain("Y más");
  });

  it("threads on a passage take replies, resolve and fold away, and show Desactualizado once their passage is gone", async () => {
    const authorApi = await signedIn(app.url, USERS.author);
    const reviewerApi = await signedIn(app.url, USERS.reviewer);
    const id = await bulletinInReview(authorApi);

    const reviewer = await app.newPage();
    await signIn(reviewer.page, USERS.reviewer);
    await reviewer.page.goto(`/boletines/${id}`);
    await reviewer.page.locator(".sheet-body p").filter({ hasText: "dos turnos" }).click({ clickCount: 3 });
    await reviewer.page.getByRole("button", { name: "Comentar", exact: true }).click();
    await reviewer.page.getByRole("textbox", { name: "Comentario" }).fill("¿Qué horario tiene cada turno?");
    await reviewer.page.getByRole("button", { name: "Enviar comentario" }).click();
    const comments = reviewer.page.getByRole("region", { name: "Comentarios" });
    await comments.locator(".comment-body", { hasText: "¿Qué horario tiene cada turno?" }).waitFor();
    const threads = (await reviewerApi.get(`/bulletins/${id}/comments`)).body.items as Array<{ id: number; anchor: unknown }>;
    expect(threads[0]!.anchor).toMatchObject({ field: "body" });
    const other = await reviewerApi.post(`/bulletins/${id}/comments`, { body: "El titular está bien.", anchor: { field: "title", from: 0, to: 8 } });
    expect(other.status).toBe(201);

    const author = await app.newPage();
    await signIn(author.page, USERS.author);
    await author.page.goto(`/boletines/${id}`);
    const authorComments = author.page.getByRole("region", { name: "Comentarios" });
    const thread = (text: string) => authorComments.locator(".comment-thread").filter({ hasText: text });
    await thread("¿Qué horario").getByRole("button", { name: "Responder" }).click();
    await thread("¿Qué horario").getByRole("textbox", { name: "Respuesta" }).fill("De 8 a 14 y de 14 a 20 horas.");
    await thread("¿Qué horario").getByRole("button", { name: "Enviar respuesta" }).click();
    await thread("¿Qué horario").locator(".comment-reply", { hasText: "De 8 a 14" }).waitFor();
    await thread("El titular está bien.").getByRole("button", { name: "Resolver" }).click();
    await authorComments.getByRole("button", { name: "Mostrar resueltos (1)" }).waitFor();
    expect(await thread("El titular está bien.").count()).toBe(0);
    await captureScreen(author.page, "33-hilos-respuesta-resuelto");
    await authorComments.getByRole("button", { name: "Mostrar resueltos (1)" }).click();
    await thread("El titular está bien.").getByRole("button", { name: "Reabrir" }).waitFor();

    // The author takes it back, deletes the commented paragraph: the thread is outdated, with its quote.
    await author.page.getByRole("button", { name: "Retirar de revisión" }).click();
    await author.page.getByText("Boletín retirado de revisión: es un borrador otra vez.").waitFor();
    const current = (await authorApi.get(`/bulletins/${id}`)).body;
    const saved = await authorApi.put(`/bulletins/${id}`, { ...readyContent({ body: bodyFromParagraphs([FIRST]) }) }, ifMatch(current.version));
    expect(saved.status).toBe(200);
    await author.page.reload();
    await thread("¿Qué horario").getByText("Desactualizado").waitFor();
    expect(await thread("¿Qué horario").locator(".comment-quote").innerText()).toContain("dos turnos");
  });

  it("restores an older revision from the history, and deletes a draft that an admin then restores", async () => {
    const authorApi = await signedIn(app.url, USERS.author);
    const id = await bulletinInReview(authorApi);
    // Withdrawing seals the revision under review: the next edit starts a new one.
    expect((await authorApi.post(`/bulletins/${id}/transitions`, { action: "withdraw" })).status).toBe(200);

    const author = await app.newPage();
    await signIn(author.page, USERS.author);
    await author.page.goto(`/boletines/${id}`);
    await typeAtEnd(author.page, "Titular", " (corregido)");
    await waitSaved(author.page);
    const revisions = (await authorApi.get(`/bulletins/${id}/revisions`)).body.items as Array<{ version: number }>;
    const older = Math.max(...revisions.map((revision) => revision.version)) - 1;
    await author.page.getByRole("button", { name: `Ver revisión ${older}` }).click();
    const view = author.page.getByRole("dialog", { name: `Revisión ${older}` });
    await view.getByRole("heading", { name: TITLE }).waitFor();
    await captureScreen(author.page, "34-historial-revision", { dialog: true });
    await view.getByRole("button", { name: "Restaurar esta versión" }).click();
    await author.page.getByText(`Se restauró la versión ${older} como una nueva revisión.`).waitFor();
    expect(await fieldText(author.page.getByRole("textbox", { name: "Titular" }))).toBe(TITLE);
    await author.page.getByRole("region", { name: "Historial" }).getByText(`Restaurada de la versión ${older}`).waitFor();
    // The next edit saves on top of the restored revision, without a conflict.
    // (Typing while the page still refetches after the restore can move the caret of a one-line field: reported to the editor.)
    await author.page.waitForLoadState("networkidle");
    await typeAtEnd(author.page, "Titular", " hoy");
    await waitSaved(author.page);
    expect((await authorApi.get(`/bulletins/${id}`)).body.title).toBe(`${TITLE} hoy`);

    await author.page.getByRole("button", { name: "Eliminar borrador" }).click();
    const confirm = author.page.getByRole("dialog", { name: "Eliminar borrador" });
    await captureScreen(author.page, "35-eliminar-borrador", { dialog: true });
    await confirm.getByRole("button", { name: "Eliminar borrador" }).click();
    await author.page.waitForURL(/\/boletines$/);

    const admin = await app.newPage();
    await signIn(admin.page, USERS.admin);
    await admin.page.goto("/boletines");
    await admin.page.getByRole("button", { name: "Borradores eliminados" }).click();
    await admin.page.getByRole("link", { name: `${TITLE} hoy` }).click();
    await admin.page.getByRole("region", { name: /^Este borrador fue eliminado/ }).waitFor();
    await captureScreen(admin.page, "36-borrador-eliminado-admin");
    await admin.page.getByRole("button", { name: "Restaurar borrador" }).click();
    await admin.page.getByRole("button", { name: "Restaurar borrador" }).waitFor({ state: "detached" });
    expect((await authorApi.get(`/bulletins/${id}`)).body.deletedAt).toBeNull();
  });
});
