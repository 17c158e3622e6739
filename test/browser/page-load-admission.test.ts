import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { bodyFromParagraphs } from "../../shared/bulletin/body-schema";
import { signedIn } from "../api-client";
import { unrelatedParagraphs } from "../heavy-content";
import { ifMatch, readyContent } from "../integration/fixtures";
import { bodyEditor, describeInBrowser, signIn, startApp, USERS, waitSaved, type TestApp } from "./harness";

/** Every API answer of a browser context that was 429, and the most API requests it had in flight at once. */
function watchApi(context: BrowserContext) {
  const refused: string[] = [];
  let inFlight = 0;
  let most = 0;
  const api = (url: string) => new URL(url).pathname.startsWith("/api/");
  context.on("request", (request) => {
    if (!api(request.url())) return;
    inFlight++;
    most = Math.max(most, inFlight);
  });
  const done = (request: { url(): string }) => {
    if (api(request.url())) inFlight--;
  };
  context.on("requestfinished", done);
  context.on("requestfailed", done);
  context.on("response", (response) => {
    if (api(response.url()) && response.status() === 429) refused.push(`${response.request().method()} ${response.url()}`);
  });
  return { refused, most: () => most };
}

describeInBrowser("límite de peticiones por persona", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  // On in-process PGlite the server answers these one after another; on PostgreSQL they overlap
  // (a session limit of 3 fails this test there).
  it("opening bulletins, in two tabs at once, reloading and autosaving a long text is never refused as too many requests", async () => {
    // A long bulletin (~450 KB: every autosave is a heavy body, every answer takes a while) in review, with a comment.
    const author = await signedIn(app.url, USERS.author);
    const long = (seed: number) => readyContent({ body: bodyFromParagraphs(unrelatedParagraphs(60_000, seed)) });
    let reviewed = (await author.post("/bulletins", { templateId: "general" })).body;
    for (const seed of [1, 2]) reviewed = (await author.put(`/bulletins/${reviewed.id}`, long(seed), ifMatch(reviewed.version))).body;
    expect((await author.post(`/bulletins/${reviewed.id}/transitions`, { action: "submit" })).status).toBe(200);
    const reviewer = await signedIn(app.url, USERS.reviewer);
    expect((await reviewer.post(`/bulletins/${reviewed.id}/comments`, { body: "Revisa el segundo párrafo." })).status).toBe(201);
    let draft = (await author.post("/bulletins", { templateId: "general" })).body;
    draft = (await author.put(`/bulletins/${draft.id}`, long(3), ifMatch(draft.version))).body;

    // The reviewer opens the bulletin (text, diff, comments, history), reloads it, goes to the archive and back.
    const review = await app.newPage();
    const reviewWatch = watchApi(review.context);
    await signIn(review.page, USERS.reviewer);
    await review.page.goto(`/boletines/${reviewed.id}`);
    await review.page.getByRole("region", { name: "Cambios para revisar" }).waitFor();
    for (let reload = 0; reload < 3; reload++) {
      await review.page.reload();
      await review.page.getByRole("region", { name: "Cambios para revisar" }).waitFor();
    }
    await review.page.goto("/archivo");
    await review.page.goBack();
    await review.page.getByRole("region", { name: "Cambios para revisar" }).waitFor();

    // The author opens her draft in two tabs at once (one session), then types in one while it autosaves.
    const writing = await app.newPage();
    const writingWatch = watchApi(writing.context);
    await signIn(writing.page, USERS.author);
    const secondTab = await writing.context.newPage();
    await Promise.all([writing.page.goto(`/boletines/${draft.id}`), secondTab.goto(`/boletines/${draft.id}`)]);
    await Promise.all([bodyEditor(writing.page).waitFor(), bodyEditor(secondTab).waitFor()]);
    const title = writing.page.getByRole("textbox", { name: "Titular" });
    for (const word of ["Inaugura", "el", "Seguro", "Social", "un", "hospital"]) {
      await title.press("End");
      await title.pressSequentially(` ${word}`, { delay: 30 });
      await writing.page.waitForTimeout(400);
    }
    await waitSaved(writing.page);

    expect(reviewWatch.refused).toEqual([]);
    expect(writingWatch.refused).toEqual([]);
    // The pages did ask for several things at once: the limit was within reach, not idle.
    expect(Math.max(reviewWatch.most(), writingWatch.most())).toBeGreaterThanOrEqual(3);
    console.log(`most API requests in flight: reviewer ${reviewWatch.most()}, author (two tabs) ${writingWatch.most()}`);
  });
});
