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

    // `Revisión a cargo de`: any reviewer by default; the author is not offered.
    const select = author.page.getByLabel("Revisión a cargo de");
    expect(await select.inputValue()).toBe("");
    const offered = await select.locator("option").allInnerTexts();
    expect(offered).toEqual(["Cualquier revisor", "Adela Administradora", "Raúl Revisor", "Rita Revisora"]);
    await select.selectOption({ label: "Raúl Revisor" });
    await captureScreen(author.page, "notifications/01-revision-a-cargo-de");
    await author.page.getByRole("button", { name: "Enviar a revisión" }).click();
    await author.page.getByText("En revisión", { exact: true }).first().waitFor();

    // Raúl's bell counts it; the panel links to the bulletin by its headline; following it marks it read.
    const reviewer = await app.newPage();
    await signIn(reviewer.page, USERS.reviewer);
    const bell = reviewer.page.getByRole("button", { name: /^Avisos:/ });
    await expect.poll(() => bell.getAttribute("aria-label")).toBe("Avisos: 1 sin leer");
    await bell.click();
    const panel = reviewer.page.getByRole("region", { name: "Avisos" });
    await panel.getByRole("link", { name: input.title }).waitFor();
    expect(await panel.innerText()).toContain("Ana Autora");
    await captureScreen(reviewer.page, "notifications/02-campana");
    await captureNarrow(reviewer.page, "notifications/02-campana-768");
    await panel.getByRole("link", { name: input.title }).click();
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
