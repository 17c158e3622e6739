import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { describe, expect } from "vitest";
import { startTestServer, type TestServer } from "../server-harness";

/** Shared set-up of the browser tests: the app server, a real Chromium, sign-in, screenshots. */

export const CHROMIUM_PATH = "/usr/bin/chromium";
export const PASSWORD = "redacta-demo";
export const USERS = {
  author: "autora@redacta.local",
  reviewer: "revisor@redacta.local",
  reviewer2: "revisora2@redacta.local",
  admin: "admin@redacta.local",
} as const;
export const ARTIFACTS = fileURLToPath(new URL("../artifacts/", import.meta.url));
export const TEST_TIMEOUT = 180_000;

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * `describe` when Chromium is installed. Without it CI fails loudly; a developer's
 * machine skips with a warning instead of pretending the tests passed.
 */
export function describeInBrowser(name: string, body: () => void): void {
  if (existsSync(CHROMIUM_PATH)) {
    describe(name, { timeout: TEST_TIMEOUT }, body);
    return;
  }
  if (process.env.CI === "true") {
    describe(name, () => {
      throw new Error(`Chromium no está en ${CHROMIUM_PATH}: las pruebas de navegador no pueden correr en CI.`);
    });
    return;
  }
  console.warn(`\n⚠️  ${CHROMIUM_PATH} no existe: se OMITEN las pruebas de navegador «${name}».\n`);
  describe.skip(name, body);
}

export interface TestApp {
  url: string;
  /** The server's database, to set up what no screen does (a contact's unsubscribe link). */
  handle: TestServer["handle"];
  browser: Browser;
  /** A fresh browser context (its own cookies and localStorage) with a page. */
  newPage: () => Promise<{ context: BrowserContext; page: Page }>;
  close: () => Promise<void>;
}

/** Starts the app server (with the built client) and Chromium for one test file; `smtpUrl`: e-mail goes out there. */
export async function startApp(options: { smtpUrl?: string } = {}): Promise<TestApp> {
  const server = await startTestServer({ client: true, smtpUrl: options.smtpUrl });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const contexts: BrowserContext[] = [];
  return {
    url: server.url,
    handle: server.handle,
    browser,
    async newPage() {
      const context = await browser.newContext({
        baseURL: server.url,
        acceptDownloads: true,
        viewport: { width: 1280, height: 800 },
        locale: "es-MX",
        timezoneId: "America/Mexico_City",
      });
      context.setDefaultTimeout(15_000);
      contexts.push(context);
      const page = await context.newPage();
      page.on("pageerror", (error) => console.error(`[pageerror] ${error.message}`));
      page.on("console", (message) => {
        if (message.type() === "error" && /Content Security Policy/i.test(message.text())) {
          console.error(`[csp] ${message.text()}`);
        }
      });
      page.on("dialog", (dialog) => void dialog.accept());
      return { context, page };
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await server.close();
    },
  };
}

/** Signs in through the `Entrar` form and waits for the bulletin list. */
export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto("/entrar");
  await page.getByRole("textbox", { name: "Correo electrónico" }).fill(email);
  await page.getByLabel("Contraseña").fill(password);
  await page.getByRole("button", { name: "Entrar", exact: true }).click();
  await page.getByRole("button", { name: "Salir" }).waitFor();
}

/** Saves a screenshot (full page unless told) under test/artifacts/ (`name` may hold a sub-folder). */
/**
 * Ends the context's session on the server, as signing out on another device does: the
 * browser keeps its now dead cookie, so every request after this answers 401. (Clearing the
 * browser's cookies instead races with answers already on their way, which set it again.)
 */
export async function endSessionElsewhere(context: BrowserContext, url: string): Promise<void> {
  const cookie = (await context.cookies(url)).find((each) => each.name === "redacta.sid");
  if (!cookie) throw new Error("no session cookie to end");
  const response = await fetch(new URL("/api/session", url), {
    method: "DELETE",
    headers: { Cookie: `${cookie.name}=${cookie.value}`, Origin: new URL(url).origin },
  });
  if (response.status !== 204) throw new Error(`sign-out elsewhere answered ${response.status}`);
}

export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  const path = `${ARTIFACTS}${name}.png`;
  mkdirSync(dirname(path), { recursive: true });
  // A sticky bar would otherwise be drawn wherever the page happens to be scrolled.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path, fullPage: options.fullPage ?? true });
}

/** Words of an English interface that must never reach a Spanish screen. */
// A word ends at a non-letter (\b would end `exportó` after `export`).
const ENGLISH =
  /(?<!\p{L})(Loading|Save[ds]?|Submit|Cancel|Delete|Edit|Search|Approve|Publish|Reopen|Comments?|Export|Untitled|undefined|null|NaN|Invalid Date|\[object Object\])(?!\p{L})/iu;

/**
 * One screen as a person sees it, under test/artifacts/screens/, after checking that it
 * speaks only Spanish. A dialog is captured as the viewport (its backdrop covers only that).
 */
export async function captureScreen(page: Page, name: string, options: { dialog?: boolean } = {}): Promise<void> {
  expect(await page.locator("body").innerText(), `pantalla ${name}`).not.toMatch(ENGLISH);
  await screenshot(page, `screens/${name}`, { fullPage: !options.dialog });
}

/** The same screen again at tablet width (768 px), then back to 1280×800. */
export async function captureNarrow(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 768, height: 1024 });
  await captureScreen(page, name);
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** The autosave live region. */
export function saveStatus(page: Page): Locator {
  return page.getByRole("status");
}

/** Waits until the server has everything typed: `Guardado`, and no local draft left. */
export async function waitSaved(page: Page, timeout = 20_000): Promise<void> {
  await expect.poll(() => saveStatus(page).textContent(), { timeout }).toBe("Guardado");
  await expect
    .poll(
      () => page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith("redacta:borrador:")).length),
      { timeout },
    )
    .toBe(0);
}

/** Opens `Nuevo boletín`, picks the template at `index` (or named `name`), and waits for the editor. */
export async function createBulletin(page: Page, choice: { index?: number; name?: string } = {}): Promise<number> {
  await page.goto("/boletines");
  await page.getByRole("button", { name: "Nuevo boletín" }).click();
  const dialog = page.getByRole("dialog", { name: "Nuevo boletín" });
  const radio = choice.name
    ? dialog.getByRole("radio", { name: choice.name })
    : dialog.getByRole("radio").nth(choice.index ?? 0);
  await radio.check();
  await dialog.getByRole("button", { name: "Crear boletín" }).click();
  await page.waitForURL(/\/boletines\/\d+$/);
  await page.getByRole("textbox", { name: "Titular" }).waitFor();
  return Number(new URL(page.url()).pathname.split("/").pop());
}

/** The names of the templates the `Nuevo boletín` dialog lists. */
export async function templateNames(page: Page): Promise<string[]> {
  await page.goto("/boletines");
  await page.getByRole("button", { name: "Nuevo boletín" }).click();
  const dialog = page.getByRole("dialog", { name: "Nuevo boletín" });
  await dialog.getByRole("radio").first().waitFor();
  const names = await dialog.locator("label.template-choice strong").allTextContents();
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });
  return names;
}

/** The contenteditable body. */
export function bodyEditor(page: Page): Locator {
  return page.getByRole("textbox", { name: "Cuerpo del boletín" });
}

/** Replaces the whole body with `text` by typing, as a writer would. */
export async function typeBody(page: Page, text: string): Promise<void> {
  const body = bodyEditor(page);
  await body.click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  await page.keyboard.type(text);
}

/** Fetches the bulletin as the signed-in user of `page` (same cookies). */
export async function fetchBulletin(page: Page, id: number): Promise<Record<string, unknown>> {
  const response = await page.request.get(`/api/bulletins/${id}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}
