import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BulletinResource } from "../../shared/api/schemas";
import { bodyFromParagraphs } from "../../shared/bulletin/body-schema";
import { ApiClient, signedIn } from "../api-client";
import { unrelatedParagraphs } from "../heavy-content";
import { startTestServer, type TestServer } from "../server-harness";
import { AUTHOR, REVIEWER, ifMatch, readyContent } from "./fixtures";

// PRODUCT.md: one person's input never slows the server for everyone else. A caller gets a
// few requests in flight (two with a heavy body); the excess is answered 429 before its body
// is read, while everyone else is served.

const REFUSAL = { code: "too_many_requests", message: "Tienes demasiadas peticiones en curso; espera un momento." };
/** ~0.85 MB of JSON, as a hostile (or very long) bulletin. */
const heavy = JSON.stringify(readyContent({ body: bodyFromParagraphs(unrelatedParagraphs(112_000, 3)) }));

let server: TestServer;
let author: ApiClient;
let reviewer: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  [author, reviewer] = await Promise.all([signedIn(server.url, AUTHOR), signedIn(server.url, REVIEWER)]);
});

afterAll(async () => {
  await server?.close();
});

const cookieOf = (client: ApiClient) => (client as unknown as { cookie: string }).cookie;

async function newDraft(): Promise<BulletinResource> {
  const created = await author.post<BulletinResource>("/bulletins", { templateId: "general" });
  expect(created.status).toBe(201);
  return created.body;
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any;
}

/**
 * A request whose headers are sent and whose body is not (yet): the server has decided on it
 * (admitted and waiting for the body, or refused) once `decided` resolves. In-process server:
 * the `100 Continue` is written right before the app runs synchronously up to its body parser.
 */
function held(method: string, path: string, options: { cookie?: string; length: number; headers?: Record<string, string> }) {
  const url = new URL(`${server.url}/api${path}`);
  let bodySent = false;
  const outgoing = http.request({
    host: url.hostname,
    port: url.port,
    path: url.pathname,
    method,
    agent: false,
    headers: {
      "Content-Type": "application/json",
      "Content-Length": String(options.length),
      Expect: "100-continue",
      Origin: server.url,
      ...(options.cookie ? { Cookie: options.cookie } : {}),
      ...options.headers,
    },
  });
  const answer = new Promise<Answer>((resolve, reject) => {
    outgoing.on("response", (incoming) => {
      let text = "";
      incoming.setEncoding("utf8");
      incoming.on("data", (chunk) => (text += chunk));
      incoming.on("end", () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: text ? JSON.parse(text) : null }));
    });
    outgoing.on("error", reject);
  });
  const decided = new Promise<void>((resolve) => {
    outgoing.once("continue", resolve);
    outgoing.once("response", () => resolve());
  });
  outgoing.flushHeaders();
  return {
    decided,
    answer,
    get bodySent() {
      return bodySent;
    },
    send(body: string) {
      bodySent = true;
      outgoing.end(body);
      return answer;
    },
    abort() {
      answer.catch(() => undefined);
      outgoing.destroy();
    },
  };
}

function expectRefused(answer: { status: number; body: any }, retryAfter: string | null | undefined) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(429);
  expect(answer.body.error).toMatchObject(REFUSAL);
  expect(retryAfter).toBe("1");
}

/** What the editor's page asks for at once when it opens a bulletin (client/src/pages/BulletinPage.tsx and its panels). */
function pageLoad(client: ApiClient, id: number) {
  return Promise.all(
    ["/session", "/organization", `/bulletins/${id}`, `/bulletins/${id}/revisions`, `/bulletins/${id}/events`, `/bulletins/${id}/comments`].map((path) =>
      client.get(path),
    ),
  );
}

describe("one caller cannot hold the server for everyone", () => {
  it("40 parallel 0.85 MB saves with one If-Match: two are taken, 38 answered 429 unread as they arrive, one saved; another user is served meanwhile", async () => {
    const draft = await newDraft();
    const before = (await author.get(`/bulletins/${draft.id}/revisions`)).body.total as number;
    const put = () => held("PUT", `/bulletins/${draft.id}`, { cookie: cookieOf(author), length: Buffer.byteLength(heavy), headers: ifMatch(draft.version) });
    const taken = [put(), put()];
    await Promise.all(taken.map((request) => request.decided));

    // The other 38 send everything at once, as a script would (one of them more than the API accepts).
    let done = false;
    const rest = Promise.all(
      Array.from({ length: 38 }, (_, index) =>
        author.request("PUT", `/bulletins/${draft.id}`, index === 0 ? heavy + " ".repeat(1_200_000) : heavy, ifMatch(draft.version)),
      ),
    ).finally(() => (done = true));
    const reads: number[] = [];
    const reading = (async () => {
      do reads.push((await reviewer.get("/bulletins?status=published")).status);
      while (!done);
    })();
    const [refused] = await Promise.all([rest, reading]);
    for (const answer of refused) expectRefused(answer, answer.headers.get("retry-after"));
    expect(new Set(reads)).toEqual(new Set([200]));

    const [first, second] = await Promise.all(taken.map((request) => request.send(heavy)));
    expect([first!.status, second!.status].sort()).toEqual([200, 409]);
    const conflict = first!.status === 409 ? first! : second!;
    expect(conflict.body.error.details.current.version).toBe(draft.version + 1);
    // Exactly one revision was written; the refused saves left nothing behind.
    expect((await author.get(`/bulletins/${draft.id}/revisions`)).body.total).toBe(before + 1);
  });

  it("with two heavy bodies in flight a third is refused before it is sent, while the same person's page load and another user are served", async () => {
    const draft = await newDraft();
    const cookie = cookieOf(author);
    const put = () => held("PUT", `/bulletins/${draft.id}`, { cookie, length: Buffer.byteLength(heavy), headers: ifMatch(draft.version) });
    const first = put();
    const second = put();
    await Promise.all([first.decided, second.decided]);

    const third = put();
    const refused = await third.answer;
    expect(third.bodySent).toBe(false);
    expectRefused(refused, refused.headers["retry-after"] as string | undefined);

    // Two autosaves in flight plus the editor's six reads fit in one session's budget.
    for (const answer of await pageLoad(author, draft.id)) expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect((await reviewer.get(`/bulletins/${draft.id}`)).status).toBe(200);

    const statuses = (await Promise.all([first.send(heavy), second.send(heavy)])).map((answer) => answer.status).sort();
    expect(statuses).toEqual([200, 409]);
    // Their slots are free again.
    const current = (await author.get<BulletinResource>(`/bulletins/${draft.id}`)).body;
    expect((await author.request("PUT", `/bulletins/${draft.id}`, heavy, ifMatch(current.version))).status).toBe(200);
  });

  it("nine requests in flight from one session: the ninth is refused whatever it is; one that ends or hangs up frees its place", async () => {
    const draft = await newDraft();
    const cookie = cookieOf(author);
    const comment = JSON.stringify({ body: "¿Son 260 o 262 camas?" });
    const waiting = Array.from({ length: 8 }, () => held("POST", `/bulletins/${draft.id}/comments`, { cookie, length: Buffer.byteLength(comment) }));
    await Promise.all(waiting.map((request) => request.decided));

    const ninth = await author.get("/session");
    expectRefused(ninth, ninth.headers.get("retry-after"));
    expect((await reviewer.get(`/bulletins/${draft.id}`)).status).toBe(200);

    expect((await waiting[0]!.send(comment)).status).toBe(201);
    expect((await author.get("/session")).status).toBe(200);

    // A client that hangs up frees its place once the server has answered what it had.
    for (const request of waiting.slice(1)) request.abort();
    await expect.poll(async () => (await pageLoad(author, draft.id)).map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it("several sessions of one person share a budget: four heavy bodies in flight over two sessions hold back a third session", async () => {
    const draft = await newDraft();
    const [one, two, three] = await Promise.all([signedIn(server.url, AUTHOR), signedIn(server.url, AUTHOR), signedIn(server.url, AUTHOR)]);
    const put = (client: ApiClient) => held("PUT", `/bulletins/${draft.id}`, { cookie: cookieOf(client), length: Buffer.byteLength(heavy), headers: ifMatch(draft.version) });
    const inFlight = [put(one!), put(one!), put(two!), put(two!)];
    await Promise.all(inFlight.map((request) => request.decided));

    const fifth = put(three!);
    const refused = await fifth.answer;
    expect(fifth.bodySent).toBe(false);
    expectRefused(refused, refused.headers["retry-after"] as string | undefined);
    expect((await three!.get(`/bulletins/${draft.id}`)).status).toBe(200);

    const statuses = (await Promise.all(inFlight.map((request) => request.send(heavy)))).map((answer) => answer.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409]);
  });

  it("anonymous callers count by address, and a forged session cookie does not buy a budget of its own", async () => {
    const signIns = Array.from({ length: 16 }, () => held("POST", "/session", { length: 60 }));
    await Promise.all(signIns.map((request) => request.decided));

    const forged = await new ApiClient(server.url).get("/session", { Cookie: "redacta.sid=s:invented-session.bm90LWEtc2lnbmF0dXJl" });
    expectRefused(forged, forged.headers.get("retry-after"));
    // A signed-in person on the same address has a budget of their own.
    expect((await reviewer.get("/session")).status).toBe(200);

    for (const request of signIns) request.abort();
    await expect.poll(async () => (await new ApiClient(server.url).get("/setup")).status).toBe(200);
  });
});
