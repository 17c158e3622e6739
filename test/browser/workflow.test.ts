import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, expect, it } from "vitest";
import { readDocx } from "../docx/docx-read";
import { fillBulletin, sampleBulletin } from "./bulletin-form";
import {
  captureNarrow,
  captureScreen,
  createBulletin,
  describeInBrowser,
  screenshot,
  signIn,
  startApp,
  USERS,
  waitSaved,
  type TestApp,
} from "./harness";

describeInBrowser("revisión y aprobación", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it("goes from draft through requested changes to an approved, numbered DOCX and a read-only publication", async () => {
    const author = await app.newPage();
    await signIn(author.page, USERS.author);
    const id = await createBulletin(author.page);
    // A fresh draft: the template's placeholders are marked and block sending.
    await author.page.getByRole("region", { name: "Revisión editorial" }).getByText("Bloqueante").first().waitFor();
    await captureScreen(author.page, "05-editor-plantilla");
    await captureNarrow(author.page, "06-editor-768");

    const input = sampleBulletin("revision");
    await fillBulletin(author.page, input);
    await waitSaved(author.page);
    await captureScreen(author.page, "07-editor-lleno");
    await captureNarrow(author.page, "08-editor-lleno-768");
    await author.page.getByRole("button", { name: "Enviar a revisión" }).click();
    await author.page.getByText("En revisión", { exact: true }).first().waitFor();
    await captureScreen(author.page, "09-enviado-autora");

    // The reviewer finds it under `Por revisar`, sees what changed, quotes a passage and asks for changes.
    const reviewer = await app.newPage();
    await signIn(reviewer.page, USERS.reviewer);
    await reviewer.page.getByRole("button", { name: "Por revisar" }).click();
    await reviewer.page.getByRole("link", { name: input.title }).waitFor();
    // Only other people's bulletins in review: none of the published examples.
    expect(await reviewer.page.getByText("Publicado", { exact: true }).count()).toBe(0);
    await captureScreen(reviewer.page, "10-por-revisar");
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
    await captureScreen(reviewer.page, "11-revision-diff-comentario");

    await reviewer.page.getByRole("button", { name: "Solicitar cambios" }).click();
    const request = reviewer.page.getByRole("dialog", { name: "Solicitar cambios" });
    await request.getByRole("button", { name: "Enviar solicitud de cambios" }).click();
    await request.getByText("Escribe qué hay que cambiar.").waitFor();
    await request.getByRole("textbox", { name: "Qué hay que cambiar" }).fill("Agrega la fecha de apertura.");
    await captureScreen(reviewer.page, "12-solicitar-cambios", { dialog: true });
    await request.getByRole("button", { name: "Enviar solicitud de cambios" }).click();
    await request.waitFor({ state: "detached" });
    await reviewer.page.getByText("Cambios solicitados", { exact: true }).first().waitFor();

    // The author finds it in the list, reads the request and the comment, fixes the text and resubmits.
    await author.page.goto("/boletines");
    await author.page.getByRole("link", { name: input.title }).waitFor();
    await captureScreen(author.page, "13-boletines-cambios-solicitados");
    await author.page.getByRole("link", { name: input.title }).click();
    await author.page
      .getByRole("region", { name: "Raúl Revisor solicitó cambios" })
      .getByText("Agrega la fecha de apertura.")
      .waitFor();
    const authorComments = author.page.getByRole("region", { name: "Comentarios" });
    await authorComments.getByText("Falta decir cuándo abre la clínica.").waitFor();
    expect(await authorComments.innerText()).toContain("medicina familiar y urgencias");
    await captureScreen(author.page, "14-autora-comentarios");
    const fixedTitle = `${input.title}; abrirá el 9 de marzo`;
    await author.page.getByRole("textbox", { name: "Titular" }).fill(fixedTitle);
    await waitSaved(author.page);
    await author.page.getByRole("button", { name: "Enviar a revisión" }).click();
    await author.page.getByText("En revisión", { exact: true }).first().waitFor();

    // A second reviewer sees the fix since the last review and approves: the number appears.
    const second = await app.newPage();
    await signIn(second.page, USERS.reviewer2);
    await second.page.goto(`/boletines/${id}`);
    const secondChanges = second.page.getByRole("region", { name: "Cambios para revisar" });
    await secondChanges.locator("ins").first().waitFor();
    expect((await secondChanges.locator("ins").allInnerTexts()).join(" ")).toContain("marzo");
    expect(await second.page.getByText(/^No\. —\/\d{4}\.$/).count()).toBe(1);
    await second.page.getByRole("button", { name: "Aprobar" }).click();
    // Approval is confirmed in a dialog that shows the number it will take.
    const approval = second.page.getByRole("dialog", { name: "Aprobar el boletín" });
    const coming = (await approval.getByText(/^Se asignará el No\. \d+\/\d{4}\.$/).innerText()).trim();
    await captureScreen(second.page, "14-aprobar-confirmacion", { dialog: true });
    await approval.getByRole("button", { name: "Aprobar" }).click();
    await approval.waitFor({ state: "detached" });
    const number = second.page.locator(".number-line").filter({ hasText: /^No\. \d+\/\d{4}\.$/ });
    await number.waitFor();
    const numberText = (await number.innerText()).trim();
    expect(coming).toBe(`Se asignará el ${numberText}`);
    await screenshot(second.page, "aprobado-con-numero");
    await captureScreen(second.page, "15-aprobado-revisora");

    // The author sees the number given at approval; the text can no longer be edited.
    await author.page.reload();
    await author.page.locator(".number-line").filter({ hasText: numberText }).waitFor();
    expect(await author.page.getByRole("textbox", { name: "Titular" }).count()).toBe(0);
    await captureScreen(author.page, "16-aprobado-autora");

    const [download] = await Promise.all([
      second.page.waitForEvent("download"),
      second.page.getByRole("button", { name: "Exportar DOCX" }).click(),
    ]);
    const path = await download.path();
    expect(path).toBeTruthy();
    const docx = await readDocx(await readFile(path!));
    const text = docx.paragraphs.map((paragraph) => paragraph.text).join("\n");
    expect(text).toContain(fixedTitle);
    expect(text).toContain(numberText.replace(/\.$/, ""));
    for (const highlight of input.highlights) expect(text).toContain(highlight);

    // Published: final for everyone; the way on is a new draft made from it.
    await second.page.getByRole("button", { name: "Publicar" }).click();
    const publishing = second.page.getByRole("dialog", { name: "Publicar el boletín" });
    await publishing.getByRole("button", { name: "Publicar" }).click();
    await second.page.getByText("Boletín publicado.").waitFor();
    await captureScreen(second.page, "17-publicado-revisora");
    await author.page.reload();
    await author.page.getByText("Publicado", { exact: true }).first().waitFor();
    expect(await author.page.getByRole("textbox", { name: "Titular" }).count()).toBe(0);
    expect(await author.page.getByRole("button", { name: "Reabrir" }).count()).toBe(0);
    await author.page.getByRole("button", { name: "Duplicar como borrador" }).waitFor();
    await captureScreen(author.page, "18-publicado-autora");
  });
});
