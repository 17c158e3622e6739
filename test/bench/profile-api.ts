import autocannon from "autocannon";
import { startChild } from "./api";
import { signInCookie } from "./util";

/**
 * `BENCH_CPU_PROF_DIR=/tmp/prof npx tsx test/bench/profile-api.ts save|get [seconds] [postgres://…]`:
 * the API server under the save or get load of the bench with a CPU profile of the server
 * (node --cpu-prof, written to BENCH_CPU_PROF_DIR when it exits). Not part of `npm run bench`.
 */
const [mode = "save", seconds = "8", databaseUrl] = process.argv.slice(2);
if (!process.env.BENCH_CPU_PROF_DIR) throw new Error("set BENCH_CPU_PROF_DIR");
const server = await startChild(databaseUrl, { MAX_REQUESTS_IN_FLIGHT: "100", MAX_HEAVY_REQUESTS_IN_FLIGHT: "100" });
const cookie = await signInCookie(server.url, "autora@redacta.local");
const headers = { Cookie: cookie, Origin: server.url, "Content-Type": "application/json" };
const list = (await (await fetch(`${server.url}/api/bulletins?status=published&page=1&pageSize=25`, { headers })).json()) as { items: { id: number }[] };
const ids = list.items.map((item) => item.id);
const drafts: { id: number; version: number }[] = [];
let content: Record<string, unknown> = {};
for (let i = 0; i < 60; i++) {
  const created = (await (await fetch(`${server.url}/api/bulletins`, { method: "POST", headers, body: JSON.stringify({ fromBulletinId: ids[i % ids.length] }) })).json()) as any;
  drafts.push({ id: created.id, version: created.version });
  if (i === 0) content = Object.fromEntries(["number", "place", "date", "title", "highlights", "body", "photoLinks", "videoLinks"].map((key) => [key, created[key]]));
}
const free = [...drafts];
let n = 0;
const result = await autocannon({
  url: server.url,
  connections: 50,
  duration: Number(seconds),
  requests: [
    mode === "save"
      ? ({
          method: "PUT",
          setupRequest: (req: any, context: any) => {
            const draft = free.pop() ?? drafts[n % drafts.length]!;
            context.draft = draft;
            return { ...req, path: `/api/bulletins/${draft.id}`, headers: { ...headers, "If-Match": `"${draft.version}"` }, body: JSON.stringify({ ...content, title: `Titular ${n++}` }) };
          },
          onResponse: (status: number, body: string, context: any, h: Record<string, string>) => {
            if (status === 200) context.draft.version = Number(String(h.etag).replace(/\D/g, ""));
            else if (status === 409) context.draft.version = JSON.parse(body).error.details.current.version;
            free.push(context.draft);
          },
        } as any)
      : ({ method: "GET", setupRequest: (req: any) => ({ ...req, path: `/api/bulletins/${ids[n++ % ids.length]}`, headers: { Cookie: cookie } }) } as any),
  ],
});
console.log(mode, "req/s", result.requests.average, "p50", result.latency.p50, "p99", result.latency.p99, "non2xx", result.non2xx);
await server.close();
process.exit(0);
