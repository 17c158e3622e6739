import { afterAll, beforeAll, expect, it } from "vitest";
import { bodyFromParagraphs } from "../../shared/bulletin/body-schema";
import { signedIn } from "../api-client";
import { unrelatedParagraphs } from "../heavy-content";
import { ifMatch, readyContent } from "../integration/fixtures";
import { describeInBrowser, signIn, startApp, USERS, type TestApp } from "./harness";

describeInBrowser("revisión de cambios demasiado grandes", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it("tells the reviewer there are too many changes to show word by word, and shows paragraphs or both texts instead", async () => {
    // Revisions 2 and 3: 10,000 unrelated words each; revision 4: 10,000 more in two-word paragraphs.
    const author = await signedIn(app.url, USERS.author);
    // The reviewer reads each saved text, so each save is a revision of its own (one person's
    // unread autosaves would fold into one).
    const reader = await signedIn(app.url, USERS.reviewer);
    let bulletin = (await author.post("/bulletins", { templateId: "general" })).body;
    for (const paragraphs of [unrelatedParagraphs(10_000, 1), unrelatedParagraphs(10_000, 2), unrelatedParagraphs(10_000, 3, 2)]) {
      const saved = await author.put(`/bulletins/${bulletin.id}`, readyContent({ body: bodyFromParagraphs(paragraphs) }), ifMatch(bulletin.version));
      expect(saved.status).toBe(200);
      bulletin = saved.body;
      await reader.get(`/bulletins/${bulletin.id}`);
    }
    expect((await author.post(`/bulletins/${bulletin.id}/transitions`, { action: "submit" })).status).toBe(200);

    const { page } = await app.newPage();
    await signIn(page, USERS.reviewer);
    await page.goto(`/boletines/${bulletin.id}`);
    const changes = page.getByRole("region", { name: "Cambios para revisar" });
    await changes.getByLabel("Desde la revisión").selectOption("2");
    await changes.getByLabel("Hasta la revisión").selectOption("3");
    await changes.getByText("Hay demasiados cambios para mostrarlos palabra por palabra: se marcan los párrafos que cambiaron.").waitFor();
    expect(await changes.locator(".diff del").first().textContent()).toContain(unrelatedParagraphs(10_000, 1)[0]!.split(" ")[0]);

    await changes.getByLabel("Desde la revisión").selectOption("3");
    await changes.getByLabel("Hasta la revisión").selectOption("4");
    await changes.getByText("Hay demasiados cambios para mostrarlos palabra por palabra: estas son las dos revisiones completas, lado a lado.").waitFor();
    const before = await changes.getByRole("figure", { name: "Revisión 3" }).textContent();
    const after = await changes.getByRole("figure", { name: "Revisión 4" }).textContent();
    expect(before).toContain(unrelatedParagraphs(10_000, 2)[99]);
    expect(after).toContain(unrelatedParagraphs(10_000, 3, 2)[4_999]);
  });
});
