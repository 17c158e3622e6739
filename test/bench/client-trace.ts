import type { Page } from "playwright-core";

/**
 * What the renderer's main thread does per key press besides JavaScript: a Chromium
 * trace (CDP `Tracing`, devtools.timeline) of a run of keys, summed as thread CPU time
 * (`tdur`, so time the thread lost to other processes on a loaded machine is left out).
 */

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: { type?: string } };
}

/** Per key, ms of main-thread CPU: whole tasks, and the rendering phases inside them. */
export type RenderTimes = Record<(typeof PHASES)[number] | (typeof TASKS)[number], number>;

export const TASKS = ["all tasks", "key task (keydown … input)", "frame (BeginMainFrame)", "selectionchange task"] as const;
/** Trace event names of the rendering phases, and Blink's selection sync (its text offsets are counted from the start of the editable). */
export const PHASES = ["UpdateLayoutTree", "Layout", "PrePaint", "Paint", "Layerize", "LayoutView::HitTest", "Editor::SyncSelection", "FunctionCall"] as const;

const CATEGORIES = "devtools.timeline,disabled-by-default-devtools.timeline,blink,cc";

export async function traceKeys(page: Page, type: (count: number) => Promise<void>, keys: number): Promise<RenderTimes> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on("Tracing.dataCollected", (event) => void events.push(...(event.value as unknown as TraceEvent[])));
  const complete = new Promise<void>((resolve) => cdp.once("Tracing.tracingComplete", () => resolve()));
  await cdp.send("Tracing.start", { categories: CATEGORIES, transferMode: "ReportEvents" });
  await type(keys);
  await cdp.send("Tracing.end");
  await complete;
  await cdp.detach();
  return renderTimes(events, keys);
}

function renderTimes(events: TraceEvent[], keys: number): RenderTimes {
  const times = Object.fromEntries([...TASKS, ...PHASES].map((name) => [name, 0])) as RenderTimes;
  const thread = events.find((event) => event.name === "thread_name" && event.args?.name === "CrRendererMain");
  if (!thread) return times;
  const complete = events
    .filter((event) => event.pid === thread.pid && event.tid === thread.tid && event.ph === "X" && typeof event.dur === "number")
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const cpu = (event: TraceEvent) => (event.tdur ?? event.dur!) / 1000;
  let task: TraceEvent | undefined;
  let counted = false;
  // Paint nests inside Paint (and a call inside a call): only the outermost of a name counts.
  const openUntil = new Map<string, number>();
  for (const event of complete) {
    if (!task || event.ts >= task.ts + task.dur!) {
      task = event;
      counted = false;
      times["all tasks"] += cpu(event);
      continue;
    }
    const type = event.name === "EventDispatch" ? event.args?.data?.type : undefined;
    if (!counted && type === "keydown") times["key task (keydown … input)"] += cpu(task);
    else if (!counted && type === "selectionchange") times["selectionchange task"] += cpu(task);
    else if (!counted && event.name === "ProxyMain::BeginMainFrame") times["frame (BeginMainFrame)"] += cpu(task);
    else if ((PHASES as readonly string[]).includes(event.name) && event.ts >= (openUntil.get(event.name) ?? 0)) {
      times[event.name as (typeof PHASES)[number]] += cpu(event);
      openUntil.set(event.name, event.ts + event.dur!);
    }
    if (type === "keydown" || type === "selectionchange" || event.name === "ProxyMain::BeginMainFrame") counted = true;
  }
  for (const name of Object.keys(times) as (keyof RenderTimes)[]) times[name] /= keys;
  return times;
}
