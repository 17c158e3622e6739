import { afterAll, beforeAll, expect, it } from "vitest";
import { createBulletin, describeInBrowser, fetchBulletin, signIn, startApp, typeBody, USERS, waitSaved, type TestApp } from "../browser/harness";

/**
 * helmet's Content-Security-Policy must not break the app it protects: the
 * built client, in a real Chromium, signs in, opens the editor of a new
 * bulletin and types, with not one CSP violation.
 */

describeInBrowser("Content-Security-Policy in a real browser", () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startApp();
  }, 240_000);

  afterAll(async () => {
    await app?.close();
  });

  it("lets the app run: sign in, new bulletin, typing in the editor, autosave — without any CSP violation", async () => {
    const { page } = await app.newPage();
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(`console: ${message.text()}`);
    });
    await page.exposeFunction("reportCspViolation", (text: string) => violations.push(`event: ${text}`));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        (window as unknown as { reportCspViolation(text: string): void }).reportCspViolation(
          `${event.effectiveDirective} blocked ${event.blockedURI || "(inline)"} at ${event.sourceFile}:${event.lineNumber}`,
        );
      });
    });

    const first = await page.goto("/entrar");
    const policy = first!.headers()["content-security-policy"] ?? "";
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("default-src 'self'");

    await signIn(page, USERS.author);
    const id = await createBulletin(page);
    await page.getByRole("textbox", { name: "Titular" }).fill("Prueba de la política de seguridad del contenido");
    await typeBody(page, "El editor funciona con la política de seguridad activa: negritas, acentos y eñes.");
    await waitSaved(page);
    const saved = await fetchBulletin(page, id);
    expect(saved.title).toBe("Prueba de la política de seguridad del contenido");
    expect(violations).toEqual([]);

    // The listeners do catch a violation: an inline script injected now is blocked and reported.
    await page.addScriptTag({ content: "window.__inlineRan = true;" }).catch(() => undefined);
    await expect.poll(() => violations.length, { timeout: 5_000 }).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan)).toBeUndefined();
    console.log(`csp: signed in, created bulletin #${id}, typed and autosaved under «${policy.slice(0, 60)}…» with 0 violations; an injected inline script was blocked (${violations.length} report(s))`);
  });
});
