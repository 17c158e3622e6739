import { afterAll, beforeAll, expect, it } from "vitest";
import { bodyFromParagraphs } from "../../shared/bulletin/body-schema";
import { signedIn } from "../api-client";
import { ifMatch, readyContent } from "../integration/fixtures";
import { bodyEditor, captureScreen, createBulletin, describeInBrowser, fetchBulletin, signIn, startApp, USERS, waitSaved, type TestApp } from "./harness";

const FIRST = "La Secretaría de Salud abrió una campaña de vacunación en las escuelas de la ciudad.";
const SECOND = "La campaña durará dos semanas y cubrirá a 300 mil estudiantes.";

describeInBrowser("presencia y cambios al momento", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it("two people on one bulletin see each other, and one's comment appears on the other's page without a reload", async () => {
    const authorApi = await signedIn(app.url, USERS.author);
    const created = (await authorApi.post("/bulletins", { templateId: "general" })).body;
    expect((await authorApi.put(`/bulletins/${created.id}`, readyContent({ body: bodyFromParagraphs([FIRST, SECOND]) }), ifMatch(created.version))).status).toBe(200);
    expect((await authorApi.post(`/bulletins/${created.id}/transitions`, { action: "submit" })).status).toBe(200);
    const id = created.id as number;

    const author = await app.newPage();
    await signIn(author.page, USERS.author);
    await author.page.goto(`/boletines/${id}`);
    const reviewer = await app.newPage();
    await signIn(reviewer.page, USERS.reviewer);
    await reviewer.page.goto(`/boletines/${id}`);

    // Each sees the other near the status badge (the first heartbeat announces the page at once).
    await author.page.locator(".presence-line", { hasText: "Raúl Revisor está revisando" }).waitFor({ timeout: 10_000 });
    await reviewer.page.locator(".presence-line", { hasText: "Ana Autora está leyendo" }).waitFor({ timeout: 10_000 });
    await captureScreen(author.page, "live/presencia-autora");

    // The reviewer comments a passage; the author's page shows it well before its 30 s poll.
    await reviewer.page.locator(".sheet-body p").filter({ hasText: "dos semanas" }).click({ clickCount: 3 });
    await reviewer.page.waitForTimeout(150);
    await reviewer.page.getByRole("button", { name: "Comentar", exact: true }).click();
    await reviewer.page.getByRole("textbox", { name: "Comentario" }).fill("¿Cuántas escuelas son?");
    await reviewer.page.getByRole("button", { name: "Enviar comentario" }).click();
    await reviewer.page.getByRole("region", { name: "Comentarios" }).locator(".comment-body", { hasText: "¿Cuántas escuelas son?" }).waitFor();
    const posted = Date.now();
    await author.page.getByRole("region", { name: "Comentarios" }).locator(".comment-body", { hasText: "¿Cuántas escuelas son?" }).waitFor({ timeout: 8_000 });
    expect(Date.now() - posted).toBeLessThan(8_000);
    await captureScreen(author.page, "live/comentario-al-momento");

    // The reviewer leaves: the author stops seeing him without waiting for his heartbeat to go stale.
    await reviewer.page.goto("/boletines");
    await author.page.locator(".presence-line").waitFor({ state: "detached", timeout: 10_000 });
  });

  it("the writer's own saves come back as events without touching what they are typing", async () => {
    const writer = await app.newPage();
    await signIn(writer.page, USERS.author);
    const id = await createBulletin(writer.page);
    const body = bodyEditor(writer.page);
    await body.click();
    await writer.page.waitForTimeout(150);
    await writer.page.keyboard.press("ControlOrMeta+A");
    await writer.page.keyboard.press("Delete");
    await writer.page.keyboard.type("Primera frase del cuerpo.");
    await waitSaved(writer.page);
    // Typing on while the event of the save just made arrives (and the next saves' events).
    for (const word of [" Segunda", " frase", " del", " cuerpo."]) {
      await writer.page.keyboard.type(word, { delay: 40 });
      await writer.page.waitForTimeout(700);
    }
    await waitSaved(writer.page);
    expect(await body.innerText()).toBe("Primera frase del cuerpo. Segunda frase del cuerpo.");
    const saved = await fetchBulletin(writer.page, id);
    expect(JSON.stringify(saved.body)).toContain("Primera frase del cuerpo. Segunda frase del cuerpo.");
  });

  it("a reviewer's list shows a bulletin submitted meanwhile without a reload", async () => {
    const reviewer = await app.newPage();
    await signIn(reviewer.page, USERS.reviewer);
    await reviewer.page.goto("/boletines?vista=por-revisar");
    await reviewer.page.waitForTimeout(500);
    const authorApi = await signedIn(app.url, USERS.author);
    const title = "Llega la campaña de vacunación a las escuelas de Iztapalapa";
    const created = (await authorApi.post("/bulletins", { templateId: "general" })).body;
    expect((await authorApi.put(`/bulletins/${created.id}`, readyContent({ title, body: bodyFromParagraphs([FIRST]) }), ifMatch(created.version))).status).toBe(200);
    expect((await authorApi.post(`/bulletins/${created.id}/transitions`, { action: "submit" })).status).toBe(200);
    await reviewer.page.getByText(title).first().waitFor({ timeout: 8_000 });
    // The tab's count moved with it: `Por revisar N`, N counted by the server.
    const counts = await reviewer.page.evaluate(() => fetch("/api/bulletins/counts").then((response) => response.json()));
    await expect.poll(() => reviewer.page.getByRole("button", { name: /^Por revisar/ }).locator(".tab-count").innerText(), { timeout: 8_000 }).toBe(String(counts.toReview));
  });

  it("with the live channel down (a proxy that drops event streams), the list and its counts poll instead", async () => {
    const reviewer = await app.newPage();
    await reviewer.page.route(/\/api\/(bulletins\/\d+\/)?live(\?|$)/, (route) => route.abort());
    await reviewer.page.clock.install();
    await signIn(reviewer.page, USERS.reviewer);
    await reviewer.page.goto("/boletines?vista=por-revisar");
    const tab = reviewer.page.getByRole("button", { name: /^Por revisar/ });
    await tab.locator(".tab-count").waitFor();
    const before = Number(await tab.locator(".tab-count").innerText());

    const authorApi = await signedIn(app.url, USERS.author);
    const title = "Sin canal en vivo: la lista pregunta cada 30 segundos";
    const created = (await authorApi.post("/bulletins", { templateId: "general" })).body;
    expect((await authorApi.put(`/bulletins/${created.id}`, readyContent({ title, body: bodyFromParagraphs([FIRST]) }), ifMatch(created.version))).status).toBe(200);
    expect((await authorApi.post(`/bulletins/${created.id}/transitions`, { action: "submit" })).status).toBe(200);
    // Nothing tells the page; 30 s later it has asked by itself.
    await reviewer.page.waitForTimeout(1_000);
    expect(await reviewer.page.getByText(title).count()).toBe(0);
    await reviewer.page.clock.fastForward(31_000);
    await reviewer.page.getByText(title).first().waitFor({ timeout: 8_000 });
    await expect.poll(() => tab.locator(".tab-count").innerText()).toBe(String(before + 1));
  });

  it("someone saving over an open editor is offered as a newer version to load, not met as a 409 later", async () => {
    const writer = await app.newPage();
    await signIn(writer.page, USERS.author);
    const id = await createBulletin(writer.page);
    const body = bodyEditor(writer.page);
    await body.click();
    await writer.page.waitForTimeout(150);
    await writer.page.keyboard.press("ControlOrMeta+A");
    await writer.page.keyboard.press("Delete");
    await writer.page.keyboard.type("Texto de la autora.");
    await waitSaved(writer.page);

    // An admin saves the draft from elsewhere.
    const adminApi = await signedIn(app.url, USERS.admin);
    const current = (await adminApi.get(`/bulletins/${id}`)).body;
    const theirs = "Texto que corrigió la administradora.";
    const saved = await adminApi.put(`/bulletins/${id}`, { ...readyContent({ title: current.title, body: bodyFromParagraphs([theirs]) }) }, ifMatch(current.version));
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);

    const banner = writer.page.getByRole("region", { name: "Adela Administradora guardó una versión más nueva de este boletín." });
    await banner.waitFor({ timeout: 15_000 });
    // What the writer sees stays theirs until they choose.
    expect(await body.innerText()).toBe("Texto de la autora.");
    await captureScreen(writer.page, "live/version-nueva");
    await banner.getByRole("button", { name: "Cargar la versión nueva" }).click();
    await banner.waitFor({ state: "detached" });
    await expect.poll(() => body.innerText()).toBe(theirs);
    // Writing goes on from that version: the next save is not refused.
    await body.click();
    await writer.page.waitForTimeout(150);
    await writer.page.keyboard.press("ControlOrMeta+End");
    await writer.page.keyboard.type(" Y la autora sigue.");
    await waitSaved(writer.page);
    expect(JSON.stringify((await fetchBulletin(writer.page, id)).body)).toContain(`${theirs} Y la autora sigue.`);
  });
});
