import { afterAll, beforeAll, expect, it } from "vitest";
import { fillBulletin, sampleBulletin } from "./bulletin-form";
import { captureNarrow, captureScreen, createBulletin, describeInBrowser, signIn, startApp, USERS, waitSaved, type TestApp } from "./harness";

/** Issue 10 in the browser: a submit asked of one reviewer, his bell, an @mention back, the admins' outbox. */
describeInBrowser("avisos, menciones y correo saliente", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it("a submit asked of Raúl rings his bell; his @mention rings the author's; admins see the kept e-mails", async () => {
    const author = await app.newPage();
    await signIn(author.page, USERS.author);
    const id = await createBulletin(author.page);
    const input = sampleBulletin("avisos");
    await fillBulletin(author.page, input);
    await waitSaved(author.page);

    // `Revisión a cargo de`: any reviewer by default; one or several may be asked; the author is not offered.
    const picker = author.page.getByRole("button", { name: /^Revisión a cargo de/ });
    expect(await picker.innerText()).toBe("Revisión a cargo de: Cualquier revisor");
    await picker.click();
    const choices = author.page.getByRole("group", { name: "Revisión a cargo de" });
    expect(await choices.locator("label").allInnerTexts()).toEqual(["Cualquier revisor", "Adela Administradora", "Raúl Revisor", "Rita Revisora"]);
    expect(await choices.getByRole("checkbox", { name: "Cualquier revisor" }).isChecked()).toBe(true);
    await choices.getByRole("checkbox", { name: "Raúl Revisor" }).check();
    await choices.getByRole("checkbox", { name: "Rita Revisora" }).check();
    expect(await choices.getByRole("checkbox", { name: "Cualquier revisor" }).isChecked()).toBe(false);
    expect(await picker.innerText()).toBe("Revisión a cargo de: Raúl Revisor y Rita Revisora");
    await captureScreen(author.page, "notifications/01-revision-a-cargo-de");
    await choices.getByRole("checkbox", { name: "Rita Revisora" }).uncheck();
    await author.page.keyboard.press("Escape");
    await choices.waitFor({ state: "detached" });
    expect(await picker.innerText()).toBe("Revisión a cargo de: Raúl Revisor");
    await author.page.getByRole("button", { name: "Enviar a revisión" }).click();
    await author.page.getByText("En revisión", { exact: true }).first().waitFor();
    await author.page.getByRole("group", { name: "Revisión a cargo de" }).getByText("Raúl Revisor", { exact: true }).waitFor();

    // Raúl's `Por revisar` has it first, marked for him, with who asked; the tab counts it.
    const reviewer = await app.newPage();
    await signIn(reviewer.page, USERS.reviewer);
    await reviewer.page.goto("/boletines?vista=por-revisar");
    const row = reviewer.page.locator(".bulletin-table tbody tr").first();
    await row.getByRole("link", { name: input.title }).waitFor();
    expect(await row.locator(".list-reviewers").innerText()).toMatch(/^Para ti Te lo pidió Ana Autora, /);
    const counts = await reviewer.page.evaluate(() => fetch("/api/bulletins/counts").then((response) => response.json()));
    expect(counts.assignedToMe).toBeGreaterThanOrEqual(1);
    // `Por revisar 3, 1 para ti` to a screen reader; the count stands out for the eye.
    const tab = reviewer.page.getByRole("button", { name: /^Por revisar/ });
    await expect.poll(() => tab.locator(".tab-count").innerText()).toBe(String(counts.toReview));
    expect(await tab.evaluate((element) => element.textContent)).toBe(`Por revisar ${counts.toReview}, ${counts.assignedToMe} para ti`);
    await captureScreen(reviewer.page, "notifications/01b-por-revisar");

    // Rita, not asked, takes the review on the bulletin page; Raúl's queue no longer says `Para ti`.
    const rita = await app.newPage();
    await signIn(rita.page, USERS.reviewer2);
    await rita.page.goto(`/boletines/${id}`);
    const assignment = rita.page.getByRole("group", { name: "Revisión a cargo de" });
    expect(await assignment.innerText()).toContain("Revisión a cargo de Raúl Revisor (lo pidió Ana Autora,");
    await assignment.getByRole("button", { name: "Tomar revisión" }).click();
    await expect.poll(() => assignment.innerText()).toContain("Revisión a cargo de Rita Revisora (la tomó el");
    expect(await assignment.getByRole("button", { name: "Tomar revisión" }).count()).toBe(0);
    // And hands it back to Raúl, who is told (his bell below counts that one too).
    await assignment.getByRole("button", { name: "Pasar revisión…" }).click();
    const hand = rita.page.getByRole("dialog", { name: "Pasar la revisión" });
    expect(await hand.locator("label").allInnerTexts()).toEqual(["Cualquier revisor", "Adela Administradora", "Raúl Revisor", "Rita Revisora"]);
    await hand.getByRole("checkbox", { name: "Rita Revisora" }).uncheck();
    await hand.getByRole("checkbox", { name: "Raúl Revisor" }).check();
    await captureScreen(rita.page, "notifications/01c-pasar-revision", { dialog: true });
    await hand.getByRole("button", { name: "Pasar revisión" }).click();
    await hand.waitFor({ state: "detached" });
    await expect.poll(() => assignment.innerText()).toContain("Revisión a cargo de Raúl Revisor (lo pidió Rita Revisora,");
    await reviewer.page.reload();
    await row.getByRole("link", { name: input.title }).waitFor();
    expect(await row.locator(".list-reviewers").innerText()).toMatch(/^Para ti Te lo pidió Rita Revisora, /);

    // Raúl's bell counts both askings; the panel links to the bulletin by its headline; following it marks them read.
    const bell = reviewer.page.getByRole("button", { name: /^Avisos:/ });
    await expect.poll(() => bell.getAttribute("aria-label")).toBe("Avisos: 2 sin leer");
    await bell.click();
    const panel = reviewer.page.getByRole("region", { name: "Avisos" });
    await panel.getByRole("link", { name: input.title }).first().waitFor();
    expect(await panel.innerText()).toContain("Ana Autora");
    await captureScreen(reviewer.page, "notifications/02-campana");
    await captureNarrow(reviewer.page, "notifications/02-campana-768");
    await panel.getByRole("link", { name: input.title }).first().click();
    await reviewer.page.waitForURL(new RegExp(`/boletines/${id}$`));
    await expect.poll(() => bell.getAttribute("aria-label")).toBe("Avisos: ninguno sin leer");

    // `@an` offers Ana Autora; the keyboard chooses her; the comment notifies her.
    await reviewer.page.getByRole("button", { name: "Comentar" }).click();
    const box = reviewer.page.getByRole("textbox", { name: "Comentario" });
    await box.pressSequentially("Revisa esto, @an");
    const options = reviewer.page.getByRole("listbox", { name: "Personas para mencionar" }).getByRole("option");
    await options.first().waitFor();
    expect(await options.allInnerTexts()).toEqual(["Ana Autora"]);
    await captureScreen(reviewer.page, "notifications/03-mencion");
    await box.press("Enter");
    expect(await box.inputValue()).toBe("Revisa esto, @Ana Autora ");
    await box.pressSequentially("por favor.");
    const posted = reviewer.page.waitForRequest((request) => request.url().endsWith(`/api/bulletins/${id}/comments`) && request.method() === "POST");
    await reviewer.page.getByRole("button", { name: "Enviar comentario" }).click();
    const request = await posted;
    expect(request.postDataJSON()).toMatchObject({ body: "Revisa esto, @Ana Autora por favor.", mentions: [expect.any(Number)] });

    // In a reply: Escape closes the list; the arrows move through it (wrapping), Enter chooses.
    const thread = reviewer.page.locator(".comment-thread").filter({ hasText: "Revisa esto" });
    await thread.getByRole("button", { name: "Responder" }).click();
    const reply = thread.getByRole("textbox", { name: "Respuesta" });
    const list = reviewer.page.getByRole("listbox", { name: "Personas para mencionar" });
    await reply.pressSequentially("@ri");
    await list.waitFor();
    await reply.press("Escape");
    await list.waitFor({ state: "detached" });
    expect(await thread.getByRole("textbox", { name: "Respuesta" }).count()).toBe(1);
    await reply.fill("");
    await reply.pressSequentially("Gracias @a");
    // Raúl is not offered himself: Adela and Ana, by name.
    expect(await list.getByRole("option").allInnerTexts()).toEqual(["Adela Administradora", "Ana Autora"]);
    await reply.press("ArrowDown");
    await reply.press("ArrowDown");
    await reply.press("ArrowUp");
    expect(await list.getByRole("option", { selected: true }).innerText()).toBe("Ana Autora");
    await reply.press("ArrowDown");
    await reply.press("Enter");
    expect(await reply.inputValue()).toBe("Gracias @Adela Administradora ");
    const replied = reviewer.page.waitForRequest((request) => request.url().endsWith(`/api/bulletins/${id}/comments`) && request.method() === "POST");
    await thread.getByRole("button", { name: "Enviar respuesta" }).click();
    expect((await replied).postDataJSON()).toMatchObject({ parentId: expect.any(Number), mentions: [expect.any(Number)] });

    await author.page.reload();
    const authorBell = author.page.getByRole("button", { name: /^Avisos:/ });
    await expect.poll(() => authorBell.getAttribute("aria-label"), { timeout: 15_000 }).not.toBe("Avisos: ninguno sin leer");
    await authorBell.click();
    await author.page.getByRole("button", { name: "Marcar todo como leído" }).click();
    await expect.poll(() => authorBell.getAttribute("aria-label")).toBe("Avisos: ninguno sin leer");
    // `Recibir avisos por correo` (on by default) is saved at once and stays off when the panel reopens.
    const emailBox = author.page.getByRole("checkbox", { name: "Recibir avisos por correo" });
    expect(await emailBox.isChecked()).toBe(true);
    const saved = author.page.waitForRequest((request) => request.url().endsWith("/api/session/preferences") && request.method() === "PUT");
    await emailBox.uncheck();
    expect((await saved).postDataJSON()).toEqual({ emailNotifications: false });
    await author.page.keyboard.press("Escape");
    await authorBell.click();
    expect(await emailBox.isChecked()).toBe(false);

    // Without SMTP_URL every e-mail is kept and shown to admins.
    const admin = await app.newPage();
    await signIn(admin.page, USERS.admin);
    await admin.page.goto("/administracion");
    const outbox = admin.page.getByRole("region", { name: "Correo saliente" });
    await outbox.getByText("Guardado sin SMTP_URL").first().waitFor();
    expect(await outbox.innerText()).toContain("revisor@redacta.local");
    await outbox.scrollIntoViewIfNeeded();
    await captureScreen(admin.page, "notifications/04-correo-saliente");
  });
});
