import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { chromium, type Browser, type Page } from "playwright-core";
import { ensureClientBuild } from "../../server/client-build";
import { openDatabase } from "../../server/db/client";
import { startServer } from "../../server/start";
import { material } from "./corpus";
import { fmt, kb, median, note, pick, printTable, quantile, rng, section, signInCookie, verdict } from "./util";

/** Section 4 (issue 4): bundle sizes, time to an editable editor, key press to painted character. */

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];
const AUTHOR = "autora@redacta.local";
const BODY_LABEL = "Cuerpo del boletín";
const LOADS = 10;
const KEY_PRESSES = 100;
const TARGET_GZIP_KB = 300;
const TARGET_LOAD_MS = 1000;
const TARGET_KEY_MS = 16;

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

function fiveThousandWords(): { type: "doc"; content: { type: "paragraph"; content: { type: "text"; text: string }[] }[] } {
  const random = rng(5000);
  const { sentences } = material();
  const paragraphs: string[] = [];
  let words = 0;
  while (words < 5000) {
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
    const long = await call("POST", "/bulletins", { fromBulletinId: archive.items[0].id });
    const longBody = fiveThousandWords();
    const longContent = { ...Object.fromEntries(CONTENT_FIELDS.map((key) => [key, long[key]])), body: longBody };
    await call("PUT", `/bulletins/${long.id}`, longContent, { "If-Match": `"${long.version}"` });
    const longWords = longBody.content.reduce((sum, p) => sum + p.content[0]!.text.split(/\s+/).length, 0);

    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const sid = cookie.split("=")[0]!;
    const value = cookie.slice(sid.length + 1);
    const newContext = async () => {
      const context = await browser!.newContext({ viewport: { width: 1280, height: 800 }, locale: "es-MX", timezoneId: "America/Mexico_City" });
      await context.addCookies([{ name: sid, value, url: baseUrl }]);
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

    // --- Key press to painted character in the 5,000-word body.
    const context = await newContext();
    const page = await context.newPage();
    page.on("dialog", (dialog) => void dialog.accept());
    await timeToEditable(page, `${baseUrl}/boletines/${long.id}`);
    const body = page.getByRole("textbox", { name: BODY_LABEL });
    await body.click();
    await page.keyboard.press("Control+End");
    await page.evaluate(() => {
      const w = window as unknown as { __nextPaint: number[]; __doubleRaf: number[]; __events: { name: string; duration: number; processing: number }[] };
      w.__nextPaint = [];
      w.__doubleRaf = [];
      w.__events = [];
      document.addEventListener(
        "keydown",
        (event) => {
          const start = event.timeStamp;
          requestAnimationFrame(() => {
            // After this frame's paint: a task queued from rAF runs once the frame is presented.
            const channel = new MessageChannel();
            channel.port1.onmessage = () => w.__nextPaint.push(performance.now() - start);
            channel.port2.postMessage(0);
            requestAnimationFrame(() => w.__doubleRaf.push(performance.now() - start));
          });
        },
        true,
      );
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as PerformanceEventTiming[]) {
          w.__events.push({ name: entry.name, duration: entry.duration, processing: entry.processingEnd - entry.processingStart });
        }
      }).observe({ type: "event", durationThreshold: 16, buffered: false } as PerformanceObserverInit);
    });
    const typed = "texto nuevo ";
    for (let i = 0; i < KEY_PRESSES; i++) {
      await page.keyboard.type(typed[i % typed.length]!);
      await page.waitForTimeout(60);
    }
    await page.waitForTimeout(500);
    const measured = await page.evaluate(() => {
      const w = window as unknown as { __nextPaint: number[]; __doubleRaf: number[]; __events: { name: string; duration: number; processing: number }[] };
      return { nextPaint: w.__nextPaint, doubleRaf: w.__doubleRaf, events: w.__events };
    });
    const bodyText = await body.textContent();
    const typedArrived = (bodyText ?? "").includes("texto nuevo texto nuevo");
    await context.close();

    const keyEvents = measured.events.filter((e) => e.name === "keydown" || e.name === "keypress" || e.name === "beforeinput" || e.name === "input");
    const slowKeydowns = measured.events.filter((e) => e.name === "keydown");
    printTable(
      "Client figures",
      ["measure", "median", "p95", "max", "target", "status"],
      [
        ["JS+CSS loaded by the editor route, gzip", kb(totalGzip), "", "", `≤ ${TARGET_GZIP_KB} KB`, verdict(totalGzip / 1024, TARGET_GZIP_KB)],
        ["JS+CSS loaded by the editor route, raw", kb(totalRaw), "", "", "—", ""],
        [`navigation → editable editor, cold cache (${LOADS} loads)`, `${fmt(median(cold), 0)} ms`, `${fmt(quantile(cold, 0.95), 0)} ms`, `${fmt(Math.max(...cold), 0)} ms`, `≤ ${TARGET_LOAD_MS} ms (median)`, verdict(median(cold), TARGET_LOAD_MS)],
        [`navigation → editable editor, warm cache (${LOADS} loads)`, `${fmt(median(warm), 0)} ms`, `${fmt(quantile(warm, 0.95), 0)} ms`, `${fmt(Math.max(...warm), 0)} ms`, `≤ ${TARGET_LOAD_MS} ms (median)`, verdict(median(warm), TARGET_LOAD_MS)],
        [`navigation → editable, ${longWords}-word body (5 loads, warm)`, `${fmt(median(longLoads), 0)} ms`, `${fmt(quantile(longLoads, 0.95), 0)} ms`, `${fmt(Math.max(...longLoads), 0)} ms`, "—", ""],
        [`key → painted char, ${longWords}-word body, next paint (${measured.nextPaint.length} keys)`, `${fmt(median(measured.nextPaint), 1)} ms`, `${fmt(quantile(measured.nextPaint, 0.95), 1)} ms`, `${fmt(Math.max(...measured.nextPaint), 1)} ms`, `p95 ≤ ${TARGET_KEY_MS} ms`, verdict(quantile(measured.nextPaint, 0.95), TARGET_KEY_MS)],
        [`key → double rAF (upper bound, +≤1 frame)`, `${fmt(median(measured.doubleRaf), 1)} ms`, `${fmt(quantile(measured.doubleRaf, 0.95), 1)} ms`, `${fmt(Math.max(...measured.doubleRaf), 1)} ms`, "—", ""],
        [
          "Event Timing: keydown entries ≥ 16 ms",
          `${slowKeydowns.length} of ${KEY_PRESSES}`,
          "",
          slowKeydowns.length ? `${fmt(Math.max(...slowKeydowns.map((e) => e.duration)), 0)} ms` : "—",
          "— (frame-aligned)",
          "",
        ],
      ],
    );
    if (keyEvents.length) {
      const names = [...new Set(keyEvents.map((e) => e.name))];
      note(
        `Event Timing (duration ≥ 16 ms, 8 ms granularity): ` +
          names
            .map((name) => {
              const of = keyEvents.filter((e) => e.name === name);
              return `${name} ×${of.length} (median duration ${fmt(median(of.map((e) => e.duration)), 0)} ms, handler ${fmt(median(of.map((e) => e.processing)), 1)} ms)`;
            })
            .join("; "),
      );
    }
    note(`Served with Content-Encoding: ${encodings || "?"} (sizes above are computed with zlib, not what the server sends).`);
    note(`Typed text reached the editor: ${typedArrived ? "yes" : "NO"}. Key presses 60 ms apart via page.keyboard.type, caret at the end of the body.`);
    note("navigation → editable = performance.now() (from navigation start) when the contenteditable body with text appears (MutationObserver).");
  } finally {
    await browser?.close().catch(() => undefined);
    await server.close();
    await handle.close();
  }
}
