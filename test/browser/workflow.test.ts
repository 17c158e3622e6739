import { afterAll, beforeAll, expect, it } from "vitest";
import { readDocx } from "../../server/export/docx-read";
import { fillBulletin, sampleBulletin } from "./bulletin-form";
import { createBulletin, describeInBrowser, screenshot, signIn, startApp, USERS, waitSaved, type TestApp } from "./harness";

describeInBrowser("revisión y aprobación", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it("goes from draft through requested changes to an approved, numbered DOCX", async () => {
    const author = await app.newPage();
    await signIn(author.page, USERS.author);
    const id = await createBulletin(author.page);
    const input = sampleBulletin("revision");
    await fillBulletin(author.page, input);
    await waitSaved(author.page);
    await author.page.getByRole("button", { name: "Enviar a revisión" }).click();
    await author.page.getByText("En revisión", { exact: true }).first().waitFor();

    // The reviewer sees what changed, quotes a passage and asks for changes.
    const reviewer = await app.newPage();
    await signIn(reviewer.page, USERS.reviewer);
    await reviewer.page.getByRole("button", { name: "Por revisar" }).click();
    await reviewer.page.getByRole("link", { name: input.title }).click();
    const changes = reviewer.page.getByRole("region", { name: "Cambios para revisar" });
    await changes.locator("ins").first().waitFor();
    expect(await changes.locator("ins").allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringContaining("clínica")]),
    );
    const paragraph = reviewer.page.locator(".sheet-body p").filter({ hasText: "medicina familiar" });
    await paragraph.click({ clickCount: 3 });
    await reviewer.page.getByRole("button", { name: "Comentar", exact: true }).click();
    await reviewer.page.getByRole("textbox", { name: "Comentario" }).fill("Falta decir cuándo abre la clínica.");
    await reviewer.page.getByRole("button", { name: "Enviar comentario" }).click();
    const comments = reviewer.page.getByRole("region", { name: "Comentarios" });
    await comments.getByText("Falta decir cuándo abre la clínica.").waitFor();
    expect(await comments.locator(".comment-quote").first().innerText()).toContain("medicina familiar y urgencias");
    await screenshot(reviewer.page, "revision-comentario");

    await reviewer.page.getByRole("button", { name: "Solicitar cambios" }).click();
    const request = reviewer.page.getByRole("dialog", { name: "Solicitar cambios" });
    await request.getByRole("button", { name: "Enviar solicitud de cambios" }).click();
    await request.getByText("Escribe qué hay que cambiar.").waitFor();
    await request.getByRole("textbox", { name: "Qué hay que cambiar" }).fill("Agrega la fecha de apertura.");
    await request.getByRole("button", { name: "Enviar solicitud de cambios" }).click();
    await request.waitFor({ state: "detached" });
    await reviewer.page.getByText("Cambios solicitados", { exact: true }).first().waitFor();

    // The author reads the comment, fixes the text and submits again.
    await author.page.reload();
    const authorComments = author.page.getByRole("region", { name: "Comentarios" });
    await authorComments.getByText("Falta decir cuándo abre la clínica.").waitFor();
    expect(await authorComments.innerText()).toContain("medicina familiar y urgencias");
    const fixedTitle = `${input.title}; abrirá el 9 de marzo`;
    await author.page.getByRole("textbox", { name: "Titular" }).fill(fixedTitle);
    await waitSaved(author.page);
    await author.page.getByRole("button", { name: "Enviar a revisión" }).click();
    await author.page.getByText("En revisión", { exact: true }).first().waitFor();

    // A second reviewer sees the fix since the last review and approves.
    const second = await app.newPage();
    await signIn(second.page, USERS.reviewer2);
    await second.page.goto(`/boletines/${id}`);
    const secondChanges = second.page.getByRole("region", { name: "Cambios para revisar" });
    await secondChanges.locator("ins").first().waitFor();
    expect((await secondChanges.locator("ins").allInnerTexts()).join(" ")).toContain("marzo");
    expect(await second.page.getByText(/^No\. —\/\d{4}\.$/).count()).toBe(1);
    await second.page.getByRole("button", { name: "Aprobar" }).click();
    const number = second.page.locator(".number-line").filter({ hasText: /^No\. \d+\/\d{4}\.$/ });
    await number.waitFor();
    const numberText = (await number.innerText()).trim();
    await screenshot(second.page, "aprobado-con-numero");

    const [download] = await Promise.all([
      second.page.waitForEvent("download"),
      second.page.getByRole("button", { name: "Exportar DOCX" }).click(),
    ]);
    const path = await download.path();
    expect(path).toBeTruthy();
    const { readFile } = await import("node:fs/promises");
    const docx = await readDocx(await readFile(path!));
    const text = docx.paragraphs.map((paragraph) => paragraph.text).join("\n");
    expect(text).toContain(fixedTitle);
    expect(text).toContain(numberText.replace(/\.$/, ""));
    for (const highlight of input.highlights) expect(text).toContain(highlight);
  });
});
