import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { chromium, type Browser, type Page } from "playwright-core";
import { ensureClientBuild } from "../../server/client-build";
import { openDatabase } from "../../server/db/client";
import { startServer } from "../../server/start";
import { benchBuilds, type ClientBuild } from "./client-builds";
import { benchKeyPresses } from "./client-keys";
import { material } from "./corpus";
import { fmt, kb, median, note, pick, printTable, quantile, rng, section, signInCookie, verdict } from "./util";

/** Section 4 (issues 4 and 13): bundle sizes, time to an editable editor, key press to painted character and what runs per key. */

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];
const AUTHOR = "autora@redacta.local";
const BODY_LABEL = "Cuerpo del boletín";
const LOADS = 10;
const TARGET_GZIP_KB = 300;
const TARGET_LOAD_MS = 1000;

interface Asset {
  file: string;
  raw: number;
  gzip: number;
}

function assetSizes(dist: string): Asset[] {
  const dir = path.join(dist, "assets");
  return fs
    .readdirSync(dir)
    .filter((name) => /\.(js|css)$/.test(name))
    .map((name) => {
      const bytes = fs.readFileSync(path.join(dir, name));
      return { file: `assets/${name}`, raw: bytes.length, gzip: zlib.gzipSync(bytes).length };
    })
    .sort((a, b) => b.gzip - a.gzip);
}

/** Records, from the first byte of the document, when the body editor exists, is contenteditable and holds text. */
const EDITABLE_PROBE = `(() => {
  const label = ${JSON.stringify(BODY_LABEL)};
  const check = () => {
    if (window.__editableAt) return true;
    const element = document.querySelector('[aria-label="' + label + '"][contenteditable="true"]');
    if (element && element.textContent && element.textContent.trim().length > 0) {
      window.__editableAt = performance.now();
      return true;
    }
    return false;
  };
  const observer = new MutationObserver(() => { if (check()) observer.disconnect(); });
  observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ["contenteditable"] });
})();`;

async function timeToEditable(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: "commit" });
  await page.waitForFunction(() => (window as unknown as { __editableAt?: number }).__editableAt !== undefined, undefined, { timeout: 30_000 });
  const editable = await page.getByRole("textbox", { name: BODY_LABEL }).isEditable();
  if (!editable) throw new Error("body editor not editable");
  return page.evaluate(() => (window as unknown as { __editableAt: number }).__editableAt);
}

function bodyOfWords(target: number): { type: "doc"; content: { type: "paragraph"; content: { type: "text"; text: string }[] }[] } {
  const random = rng(5000);
  const { sentences } = material();
  const paragraphs: string[] = [];
  let words = 0;
  while (words < target) {
    const paragraph = Array.from({ length: 4 }, () => pick(random, sentences)).join(" ");
    words += paragraph.split(/\s+/).length;
    paragraphs.push(paragraph);
  }
  return { type: "doc", content: paragraphs.map((text) => ({ type: "paragraph", content: [{ type: "text", text }] })) };
}

const CONTENT_FIELDS = ["number", "place", "date", "title", "highlights", "body", "photoLinks", "videoLinks"] as const;

export async function benchClient(): Promise<void> {
  section("4. Client (issue 4): bundle size, time to an editable editor, key press to paint");
  let dist: string;
  try {
    dist = await ensureClientBuild(() => note("building the client with Vite (sources newer than dist/client)…"));
  } catch (error) {
    note(`client build failed, section skipped: ${(error as Error).message}`);
    return;
  }
  const assets = assetSizes(dist);

  if (!fs.existsSync(CHROMIUM_PATH)) {
    printTable("Built client assets", ["file", "raw", "gzip"], assets.map((a) => [a.file, kb(a.raw), kb(a.gzip)]));
    note(`${CHROMIUM_PATH} not found: browser measurements skipped.`);
    return;
  }

  let builds: ClientBuild[];
  try {
    builds = await benchBuilds(note);
  } catch (error) {
    note(`building the profiled client failed, section skipped: ${(error as Error).message}`);
    return;
  }

  const handle = await openDatabase();
  const server = await startServer({ port: 0, host: "127.0.0.1", dataDir: "", production: false, handle, clientDir: dist, log: () => {} });
  const baseUrl = server.url.replace("localhost", "127.0.0.1");
  let browser: Browser | undefined;
  try {
    const cookie = await signInCookie(baseUrl, AUTHOR);
    const headers = { Cookie: cookie, Origin: baseUrl, "Content-Type": "application/json" };
    const call = async (method: string, url: string, body?: unknown, extra: Record<string, string> = {}) => {
      const response = await fetch(`${baseUrl}/api${url}`, { method, headers: { ...headers, ...extra }, body: body === undefined ? undefined : JSON.stringify(body) });
      const json = (await response.json()) as any;
      if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(json).slice(0, 300)}`);
      return json;
    };
    const archive = await call("GET", "/bulletins?status=published&page=1&pageSize=5");
    const normal = await call("POST", "/bulletins", { fromBulletinId: archive.items[0].id });
    /** A new draft from the first published bulletin, its body replaced by about `target` words. */
    const bulletinOf = async (target: number) => {
      const created = await call("POST", "/bulletins", { fromBulletinId: archive.items[0].id });
      const body = bodyOfWords(target);
      const content = { ...Object.fromEntries(CONTENT_FIELDS.map((key) => [key, created[key]])), body };
      await call("PUT", `/bulletins/${created.id}`, content, { "If-Match": `"${created.version}"` });
      return { id: created.id as number, words: body.content.reduce((sum, p) => sum + p.content[0]!.text.split(/\s+/).length, 0) };
    };
    const long = await bulletinOf(5000);
    const longWords = long.words;

    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const sid = cookie.split("=")[0]!;
    const value = cookie.slice(sid.length + 1);
    const newContext = async (url = baseUrl) => {
      const context = await browser!.newContext({ viewport: { width: 1280, height: 800 }, locale: "es-MX", timezoneId: "America/Mexico_City" });
      await context.addCookies([{ name: sid, value, url }]);
      await context.addInitScript(EDITABLE_PROBE);
      return context;
    };

    // --- What the editor route loads (cold): JS and CSS, and how the server sends it.
    const loaded = new Map<string, string>();
    {
      const context = await newContext();
      const page = await context.newPage();
      page.on("response", (response) => {
        const url = new URL(response.url());
        if (/\.(js|css)$/.test(url.pathname)) loaded.set(url.pathname.replace(/^\//, ""), response.headers()["content-encoding"] ?? "none");
      });
      await timeToEditable(page, `${baseUrl}/boletines/${normal.id}`);
      await page.waitForLoadState("networkidle");
      await context.close();
    }
    const editorAssets = assets.filter((asset) => loaded.has(asset.file));
    const totalRaw = editorAssets.reduce((sum, a) => sum + a.raw, 0);
    const totalGzip = editorAssets.reduce((sum, a) => sum + a.gzip, 0);
    printTable(
      "Built client assets (dist/client/assets, gzip = zlib default level); ● = loaded by the editor route /boletines/:id",
      ["file", "editor", "raw", "gzip"],
      [
        ...assets.map((a) => [a.file, loaded.has(a.file) ? "●" : "", kb(a.raw), kb(a.gzip)]),
        ["TOTAL all files", "", kb(assets.reduce((s, a) => s + a.raw, 0)), kb(assets.reduce((s, a) => s + a.gzip, 0))],
      ],
    );
    const encodings = [...new Set(loaded.values())].join(", ");

    // --- Time from navigation to an editable body editor.
    const cold: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      const context = await newContext();
      const page = await context.newPage();
      cold.push(await timeToEditable(page, `${baseUrl}/boletines/${normal.id}`));
      await context.close();
    }
    const warm: number[] = [];
    const longLoads: number[] = [];
    {
      const context = await newContext();
      const page = await context.newPage();
      await timeToEditable(page, `${baseUrl}/boletines/${normal.id}`);
      for (let i = 0; i < LOADS; i++) warm.push(await timeToEditable(page, `${baseUrl}/boletines/${normal.id}`));
      for (let i = 0; i < 5; i++) longLoads.push(await timeToEditable(page, `${baseUrl}/boletines/${long.id}`));
      await context.close();
    }

    printTable(
      "Client figures",
      ["measure", "median", "p95", "max", "target", "status"],
      [
        ["JS+CSS loaded by the editor route, gzip", kb(totalGzip), "", "", `≤ ${TARGET_GZIP_KB} KB`, verdict(totalGzip / 1024, TARGET_GZIP_KB)],
        ["JS+CSS loaded by the editor route, raw", kb(totalRaw), "", "", "—", ""],
        [`navigation → editable editor, cold cache (${LOADS} loads)`, `${fmt(median(cold), 0)} ms`, `${fmt(quantile(cold, 0.95), 0)} ms`, `${fmt(Math.max(...cold), 0)} ms`, `≤ ${TARGET_LOAD_MS} ms (median)`, verdict(median(cold), TARGET_LOAD_MS)],
        [`navigation → editable editor, warm cache (${LOADS} loads)`, `${fmt(median(warm), 0)} ms`, `${fmt(quantile(warm, 0.95), 0)} ms`, `${fmt(Math.max(...warm), 0)} ms`, `≤ ${TARGET_LOAD_MS} ms (median)`, verdict(median(warm), TARGET_LOAD_MS)],
        [`navigation → editable, ${longWords}-word body (5 loads, warm)`, `${fmt(median(longLoads), 0)} ms`, `${fmt(quantile(longLoads, 0.95), 0)} ms`, `${fmt(Math.max(...longLoads), 0)} ms`, "—", ""],
      ],
    );
    note(`Served with Content-Encoding: ${encodings || "?"} (sizes above are computed with zlib, not what the server sends).`);
    note("navigation → editable = performance.now() (from navigation start) when the contenteditable body with text appears (MutationObserver).");

    // --- Key press to painted character, short and long body, with what runs per key (issue 13).
    await benchKeyPresses({ browser, handle, builds, sizes: [500, 5000], bulletinOf, newContext, timeToEditable });
  } finally {
    await browser?.close().catch(() => undefined);
    await server.close();
    await handle.close();
  }
}
