import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { bodyFromParagraphs } from "../../shared/bulletin/body-schema";
import { signedIn, type ApiClient } from "../api-client";
import { ifMatch, readyContent } from "../integration/fixtures";
import { captureScreen, describeInBrowser, signIn, startApp, USERS, waitSaved, type TestApp } from "./harness";

const FIRST = "El Instituto Mexicano del Seguro Social inauguró una unidad de medicina familiar con doce consultorios.";
const SECOND = "La unidad abrirá de lunes a viernes en dos turnos.";
const PASSAGE = "de lunes a viernes en dos turnos";

/** A draft of the author's with two paragraphs, read by the reviewer (so the author's next save starts a revision). */
async function draftOf(author: ApiClient, reviewer: ApiClient): Promise<number> {
  const created = (await author.post("/bulletins", { templateId: "general" })).body;
  const saved = await author.put(`/bulletins/${created.id}`, readyContent({ body: bodyFromParagraphs([FIRST, SECOND]) }), ifMatch(created.version));
  expect(saved.status).toBe(200);
  await reviewer.get(`/bulletins/${created.id}`);
  return created.id as number;
}

/** The text the editor highlights for a comment. */
function anchored(page: Page, commentId: number) {
  return page.locator(`.sheet-body [data-comment-id="${commentId}"]`);
}

/** Puts the caret at the end of the body paragraph holding `text`. */
async function caretAtEndOf(page: Page, text: string): Promise<void> {
  await page.locator(".sheet-body p").filter({ hasText: text }).click();
  // A person's next key comes a moment after the click (ProseMirror settles the click's caret just after it).
  await page.waitForTimeout(150);
  await page.keyboard.press("End");
}

describeInBrowser("comentarios que siguen su pasaje e historial que se puede leer", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it("a comment stays on its passage when a paragraph is inserted before it and a word inside it changes, and is Desactualizado once the passage is deleted", async () => {
    const authorApi = await signedIn(app.url, USERS.author);
    const reviewerApi = await signedIn(app.url, USERS.reviewer);
    const id = await draftOf(authorApi, reviewerApi);
    const body = (await authorApi.get(`/bulletins/${id}`)).body;
    const text = `${FIRST}\n${SECOND}`;
    const from = text.indexOf(PASSAGE);
    const comment = await reviewerApi.post(`/bulletins/${id}/comments`, { body: "¿Qué horario tiene cada turno?", anchor: { field: "body", from, to: from + PASSAGE.length } });
    expect(comment.status, JSON.stringify(comment.body)).toBe(201);
    expect(body.status).toBe("draft");

    const { page } = await app.newPage();
    await signIn(page, USERS.author);
    await page.goto(`/boletines/${id}`);
    await expect.poll(() => anchored(page, comment.body.id).allInnerTexts().then((parts) => parts.join(""))).toBe(PASSAGE);

    // A paragraph before it.
    await caretAtEndOf(page, "doce consultorios");
    await page.keyboard.press("Enter");
    await page.keyboard.type("Contará con farmacia y laboratorio.");
    await waitSaved(page);
    // A word inside it: "dos" becomes "tres".
    // Clicking inside the highlighted passage puts the caret there (and makes its comment the active one).
    await caretAtEndOf(page, "dos turnos");
    for (let i = 0; i < " turnos.".length; i += 1) await page.keyboard.press("ArrowLeft");
    for (let i = 0; i < "dos".length; i += 1) await page.keyboard.press("Backspace");
    await page.keyboard.type("tres");
    await expect.poll(() => page.locator(".sheet-body").innerText()).toContain("en tres turnos");
    await waitSaved(page);

    const threads = async () => (await authorApi.get(`/bulletins/${id}/comments`)).body.items as Array<{ id: number; anchor: { from: number; to: number } | null; outdated: boolean }>;
    const moved = (await threads()).find((thread) => thread.id === comment.body.id)!;
    const current = (await authorApi.get(`/bulletins/${id}`)).body;
    const now = current.body.content.map((p: { content?: { text: string }[] }) => (p.content ?? []).map((t) => t.text).join("")).join("\n");
    expect(now, "the body after the edits").toContain("en tres turnos");
    expect(now.slice(moved.anchor!.from, moved.anchor!.to)).toBe("de lunes a viernes en tres turnos");
    // The page shows it on the same words, and clicking the thread selects them.
    await page.reload();
    await expect.poll(() => anchored(page, comment.body.id).allInnerTexts().then((parts) => parts.join(""))).toBe("de lunes a viernes en tres turnos");
    const comments = page.getByRole("region", { name: "Comentarios" });
    await comments.locator(".comment-thread").filter({ hasText: "¿Qué horario" }).locator(".comment-body").click();
    await expect.poll(() => page.evaluate(() => window.getSelection()?.toString() ?? "")).toBe("de lunes a viernes en tres turnos");
    await captureScreen(page, "37-comentario-sigue-su-pasaje");

    // The passage deleted: the thread says Desactualizado, still with its quote.
    const paragraph = page.locator(".sheet-body p").filter({ hasText: "tres turnos" });
    await paragraph.click({ clickCount: 3 });
    await page.keyboard.press("Backspace");
    await waitSaved(page);
    const gone = (await threads()).find((thread) => thread.id === comment.body.id)!;
    expect(gone).toMatchObject({ outdated: true, anchor: null });
    const thread = comments.locator(".comment-thread").filter({ hasText: "¿Qué horario" });
    await thread.getByText("Desactualizado").waitFor({ timeout: 40_000 });
    expect(await thread.locator(".comment-quote").innerText()).toContain(PASSAGE);
    await captureScreen(page, "38-comentario-desactualizado");
  });

  it("autosaves of one editing session fold into one revision, and an older revision is restored", async () => {
    const authorApi = await signedIn(app.url, USERS.author);
    const reviewerApi = await signedIn(app.url, USERS.reviewer);
    const id = await draftOf(authorApi, reviewerApi);
    const revisionsOf = async () => (await authorApi.get(`/bulletins/${id}/revisions`)).body.items as Array<{ version: number }>;
    const before = await revisionsOf();

    const { page } = await app.newPage();
    await signIn(page, USERS.author);
    await page.goto(`/boletines/${id}`);
    // Three pauses, three autosaves.
    for (const words of [" Habrá estacionamiento.", " Y rampas.", " Y elevador."]) {
      await caretAtEndOf(page, "dos turnos");
      await page.keyboard.type(words);
      await waitSaved(page);
    }
    const current = (await authorApi.get(`/bulletins/${id}`)).body;
    expect(current.version).toBeGreaterThanOrEqual(before.at(-1)!.version + 3);
    const after = await revisionsOf();
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)!.version).toBe(current.version);
    const history = page.getByRole("region", { name: "Historial" });
    await history.getByRole("button", { name: `Ver revisión ${current.version}` }).waitFor();
    await captureScreen(page, "39-historial-una-revision-por-sesion");

    // The revision before the session, restored: a new revision with its text.
    const older = before.at(-1)!.version;
    await history.getByRole("button", { name: `Ver revisión ${older}` }).click();
    const view = page.getByRole("dialog", { name: `Revisión ${older}` });
    await view.getByRole("button", { name: "Restaurar esta versión" }).click();
    await page.getByText(`Se restauró la versión ${older} como una nueva revisión.`).waitFor();
    await expect.poll(async () => (await authorApi.get(`/bulletins/${id}`)).body.version).toBeGreaterThan(current.version);
    const restored = (await authorApi.get(`/bulletins/${id}`)).body;
    expect(JSON.stringify(restored.body)).not.toContain("elevador");
    await expect.poll(() => page.locator(".sheet-body").innerText()).not.toContain("elevador");
    expect((await revisionsOf()).at(-1)).toMatchObject({ version: restored.version, restoredFrom: older });
  });
});
