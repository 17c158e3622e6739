import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../shared/api/schemas";
import type { Database } from "../../server/db/client";
import { startServer, type RunningServer } from "../../server/start";
import { ApiClient, signedIn } from "../api-client";
import { TEST_DATABASE_URL } from "../db";
import { startTestServer, type TestServer } from "../server-harness";
import { startSmtpSink, type SmtpSink } from "../smtp-sink";
import { AUTHOR, REVIEWER, SECOND_REVIEWER, act, makeDraft, makeInReview, readyContent, sameSessionOn, userByEmail } from "./fixtures";

let smtp: SmtpSink;
let server: TestServer;
let db: Database;
let author: User;
let reviewer: User;
let secondReviewer: User;
let authorClient: ApiClient;
let reviewerClient: ApiClient;
let secondClient: ApiClient;

beforeAll(async () => {
  smtp = await startSmtpSink();
  server = await startTestServer({ smtpUrl: smtp.url });
  db = server.handle.db;
  [author, reviewer, secondReviewer] = await Promise.all([userByEmail(db, AUTHOR), userByEmail(db, REVIEWER), userByEmail(db, SECOND_REVIEWER)]);
  [authorClient, reviewerClient, secondClient] = await Promise.all([signedIn(server.url, AUTHOR), signedIn(server.url, REVIEWER), signedIn(server.url, SECOND_REVIEWER)]);
});

afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

async function until<T>(read: () => T | Promise<T>, ok: (value: T) => boolean, what: string, timeout = 15_000): Promise<T> {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`esperando ${what}: ${JSON.stringify(value).slice(0, 300)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const mailsTo = (address: string) => smtp.messages.filter((mail) => mail.to && "value" in mail.to && mail.to.value.some((to) => to.address === address));

describe("notifications and e-mail through a real SMTP server", () => {
  it("a submit assigned to a reviewer gives him one notification and one e-mail with the headline and a link", async () => {
    const title = `Boletín asignado ${Date.now()}`;
    const draft = await makeDraft(db, author, readyContent({ title }));
    const submitted = await authorClient.post(`/bulletins/${draft.id}/transitions`, { action: "submit", reviewerIds: [reviewer.id] });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);

    const bell = await reviewerClient.get("/notifications?unread=true");
    const mine = bell.body.items.filter((item: { bulletinId: number }) => item.bulletinId === draft.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ kind: "assigned", actorId: author.id, readAt: null, bulletinTitle: title });
    // The second reviewer was not asked: nothing for her.
    expect((await secondClient.get("/notifications")).body.items.some((item: { bulletinId: number }) => item.bulletinId === draft.id)).toBe(false);

    const mails = await until(() => mailsTo(REVIEWER).filter((mail) => mail.subject?.includes(title)), (list) => list.length >= 1, "el correo de la asignación");
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(mailsTo(REVIEWER).filter((mail) => mail.subject?.includes(title))).toHaveLength(1);
    expect(mails[0]!.text).toContain(`/boletines/${draft.id}`);
    expect(mails[0]!.html).toContain(`/boletines/${draft.id}`);

    // Read: the bell's count goes down.
    const read = await reviewerClient.post("/notifications/read", { ids: [mine[0].id] });
    expect(read.status).toBe(200);
    expect((await reviewerClient.get("/notifications?unread=true")).body.items.some((item: { id: number }) => item.id === mine[0].id)).toBe(false);
  });

  it("an @mention in a reply notifies the person mentioned; the author is told of the reply", async () => {
    const row = await makeInReview(db, author);
    const first = await reviewerClient.post(`/bulletins/${row.id}/comments`, { body: "Revisa la cifra." });
    const reply = await authorClient.post(`/bulletins/${row.id}/comments`, { body: "@Rita, ¿lo ves bien?", parentId: first.body.id, mentions: [secondReviewer.id] });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    const hers = (await secondClient.get("/notifications")).body.items.filter((item: { bulletinId: number }) => item.bulletinId === row.id);
    expect(hers.map((item: { kind: string }) => item.kind)).toEqual(["mentioned"]);
    const his = (await reviewerClient.get("/notifications")).body.items.filter((item: { bulletinId: number }) => item.bulletinId === row.id);
    expect(his.map((item: { kind: string }) => item.kind)).toContain("comment");
    const authors = (await authorClient.get("/notifications")).body.items.filter((item: { bulletinId: number }) => item.bulletinId === row.id);
    expect(authors.map((item: { kind: string }) => item.kind)).toEqual(["comment"]);
  });

  it("approval and requested changes tell the author; nobody is told of what they did themselves; no e-mail when they opted out", async () => {
    expect((await authorClient.put("/session/preferences", { emailNotifications: false })).status).toBe(200);
    expect((await authorClient.get("/session")).body.user.emailNotifications).toBe(false);
    const row = await makeInReview(db, author, readyContent({ title: `Sin correo ${Date.now()}` }));
    await act(db, reviewer, row.id, "request_changes", "Agrega la fuente.");
    const bell = (await authorClient.get("/notifications")).body.items.filter((item: { bulletinId: number }) => item.bulletinId === row.id);
    expect(bell.map((item: { kind: string }) => item.kind)).toEqual(["changes_requested"]);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(mailsTo(AUTHOR).filter((mail) => mail.subject?.includes(row.content.title))).toHaveLength(0);
    expect((await authorClient.put("/session/preferences", { emailNotifications: true })).status).toBe(200);
    expect((await reviewerClient.get("/notifications")).body.items.some((item: { bulletinId: number; kind: string }) => item.bulletinId === row.id && item.kind === "changes_requested")).toBe(false);
  });

  it("refuses to ask someone who cannot review", async () => {
    const draft = await makeDraft(db, author);
    const refused = await authorClient.post(`/bulletins/${draft.id}/transitions`, { action: "submit", reviewerIds: [author.id] });
    expect(refused.status).toBe(400);
    expect((await authorClient.get(`/bulletins/${draft.id}`)).body.status).toBe("draft");
  });
});

describe.runIf(TEST_DATABASE_URL)("two server processes sending from one outbox", () => {
  let second: RunningServer;
  beforeAll(async () => {
    second = await startServer({ port: 0, host: "127.0.0.1", dataDir: "", production: false, databaseUrl: server.databaseUrl!, smtpUrl: smtp.url, mailIntervalMs: 50, log: () => {} });
  });
  afterAll(async () => {
    await second?.close();
  });

  it("50 notifications give exactly 50 e-mails, none twice", async () => {
    const elsewhere = sameSessionOn(reviewerClient, second.url.replace("localhost", "127.0.0.1"));
    const row = await makeInReview(db, author, readyContent({ title: `Cincuenta avisos ${Date.now()}` }));
    for (let i = 0; i < 50; i++) {
      const client = i % 2 === 0 ? reviewerClient : elsewhere;
      expect((await client.post(`/bulletins/${row.id}/comments`, { body: `Observación ${i}` })).status).toBe(201);
    }
    const mine = () => mailsTo(AUTHOR).filter((mail) => mail.subject?.includes(row.content.title));
    await until(mine, (list) => list.length >= 50, "50 correos");
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const ids = mine().map((mail) => mail.messageId);
    expect(ids).toHaveLength(50);
    expect(new Set(ids).size).toBe(50);
  });
});

describe("who reviews", () => {
  it("assigned reviewers see the bulletin first under Por revisar, with who asked; another reviewer takes it, and is told when handed one", async () => {
    const older = await makeInReview(db, author, readyContent({ title: `Sin asignar ${Date.now()}` }));
    const draft = await makeDraft(db, author, readyContent({ title: `Asignado a Raúl ${Date.now()}` }));
    expect((await authorClient.post(`/bulletins/${draft.id}/transitions`, { action: "submit", reviewerIds: [reviewer.id] })).status).toBe(200);
    // A newer unassigned one comes after the assigned one for him.
    const newer = await makeInReview(db, author, readyContent({ title: `Otro sin asignar ${Date.now()}` }));
    const queue = (await reviewerClient.get("/bulletins?toReview=true&status=in_review&pageSize=100")).body.items as { id: number; assignedToMe: boolean }[];
    expect(queue[0]).toMatchObject({ id: draft.id, assignedToMe: true });
    expect(queue.find((item) => item.id === newer.id)!.assignedToMe).toBe(false);
    expect(queue.findIndex((item) => item.id === older.id)).toBeGreaterThan(0);
    const resource = (await reviewerClient.get(`/bulletins/${draft.id}`)).body;
    expect(resource.reviewers).toMatchObject([{ id: reviewer.id, assignedById: author.id, assignedByName: "Ana Autora" }]);

    // Rita takes it from him; she is not told of her own act, and Raúl's assignment is gone.
    const taken = await secondClient.post(`/bulletins/${draft.id}/reviewers`, { userIds: [secondReviewer.id] });
    expect(taken.status, JSON.stringify(taken.body)).toBe(200);
    expect(taken.body.reviewers.map((r: { id: number }) => r.id)).toEqual([secondReviewer.id]);
    expect((await secondClient.get("/notifications")).body.items.some((item: { bulletinId: number; kind: string }) => item.bulletinId === draft.id && item.kind === "assigned")).toBe(false);
    // She hands it back: he is told again.
    const before = (await reviewerClient.get("/notifications")).body.items.filter((item: { bulletinId: number; kind: string }) => item.bulletinId === draft.id && item.kind === "assigned").length;
    expect((await secondClient.post(`/bulletins/${draft.id}/reviewers`, { userIds: [reviewer.id] })).status).toBe(200);
    const after = (await reviewerClient.get("/notifications")).body.items.filter((item: { bulletinId: number; kind: string }) => item.bulletinId === draft.id && item.kind === "assigned").length;
    expect(after).toBe(before + 1);
    // Assignment never changes who may approve: four-eyes still decides.
    expect((await reviewerClient.get(`/bulletins/${draft.id}`)).body.allowedActions).toContain("approve");
    expect((await secondClient.get(`/bulletins/${draft.id}`)).body.allowedActions).toContain("approve");
    // An author cannot hand reviews around.
    expect((await authorClient.post(`/bulletins/${draft.id}/reviewers`, { userIds: [reviewer.id] })).status).toBe(403);
  });

  it("the list says who reviews and who asked; a reviewer still asked keeps when; none is back to any reviewer; the tabs count it", async () => {
    const countsBefore = (await reviewerClient.get("/bulletins/counts")).body;
    const draft = await makeDraft(db, author, readyContent({ title: `Dos revisores ${Date.now()}` }));
    expect((await authorClient.post(`/bulletins/${draft.id}/transitions`, { action: "submit", reviewerIds: [reviewer.id, secondReviewer.id] })).status).toBe(200);
    const listed = async (client: ApiClient) =>
      ((await client.get("/bulletins?toReview=true&status=in_review&pageSize=100")).body.items as { id: number; reviewers: { id: number; assignedById: number; assignedByName: string; assignedAt: string }[] }[]).find(
        (item) => item.id === draft.id,
      )!;
    const first = await listed(reviewerClient);
    expect(first.reviewers.map((r) => r.id).sort()).toEqual([reviewer.id, secondReviewer.id].sort());
    expect(first.reviewers[0]).toMatchObject({ assignedById: author.id, assignedByName: "Ana Autora" });

    // Counts follow: one more to review for both, one more asked of each.
    const counts = (await reviewerClient.get("/bulletins/counts")).body;
    expect(counts.toReview).toBe(countsBefore.toReview + 1);
    expect(counts.assignedToMe).toBe(countsBefore.assignedToMe + 1);
    expect(counts.byStatus.in_review).toBe(countsBefore.byStatus.in_review + 1);
    expect(counts.deleted).toBeNull();
    // The author's own bulletin is not theirs to review: mine counts it, toReview does not.
    const authorCounts = (await authorClient.get("/bulletins/counts")).body;
    const authorList = (await authorClient.get("/bulletins?mine=true&pageSize=1")).body;
    expect(authorCounts.mine).toBe(authorList.total);

    // Raúl hands it to Rita alone: she keeps who asked her and when; he is no longer asked.
    const handed = await reviewerClient.post(`/bulletins/${draft.id}/reviewers`, { userIds: [secondReviewer.id] });
    expect(handed.status, JSON.stringify(handed.body)).toBe(200);
    const rita = first.reviewers.find((r) => r.id === secondReviewer.id)!;
    expect(handed.body.reviewers).toEqual([expect.objectContaining({ id: secondReviewer.id, assignedById: author.id, assignedAt: rita.assignedAt })]);
    expect((await reviewerClient.get("/bulletins/counts")).body.assignedToMe).toBe(countsBefore.assignedToMe);

    // Nobody in particular: back to `Cualquier revisor`, and still anyone may approve.
    const released = await secondClient.post(`/bulletins/${draft.id}/reviewers`, { userIds: [] });
    expect(released.status, JSON.stringify(released.body)).toBe(200);
    expect(released.body.reviewers).toEqual([]);
    expect((await listed(reviewerClient)).reviewers).toEqual([]);
    expect(released.body.allowedActions).toContain("approve");

    // Only while in review.
    const approved = await reviewerClient.post(`/bulletins/${draft.id}/transitions`, { action: "approve" });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const late = await reviewerClient.post(`/bulletins/${draft.id}/reviewers`, { userIds: [reviewer.id] });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toBe("Solo se asigna la revisión de un boletín que está en revisión.");
  });

  it("a bulletin sent again after changes asks its reviewers afresh, in the name of whoever sent it now", async () => {
    const draft = await makeDraft(db, author, readyContent({ title: `Segunda vuelta ${Date.now()}` }));
    expect((await authorClient.post(`/bulletins/${draft.id}/transitions`, { action: "submit", reviewerIds: [reviewer.id] })).status).toBe(200);
    // Rita takes it, asks for changes; the author sends it again to her.
    expect((await secondClient.post(`/bulletins/${draft.id}/reviewers`, { userIds: [secondReviewer.id] })).status).toBe(200);
    const taken = (await secondClient.get(`/bulletins/${draft.id}`)).body.reviewers[0];
    expect(taken).toMatchObject({ id: secondReviewer.id, assignedById: secondReviewer.id });
    expect((await secondClient.post(`/bulletins/${draft.id}/transitions`, { action: "request_changes", comment: "Falta la cifra." })).status).toBe(200);
    const again = await authorClient.post(`/bulletins/${draft.id}/transitions`, { action: "submit", reviewerIds: [secondReviewer.id] });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.reviewers).toEqual([expect.objectContaining({ id: secondReviewer.id, assignedById: author.id, assignedByName: "Ana Autora" })]);
    expect(Date.parse(again.body.reviewers[0].assignedAt)).toBeGreaterThanOrEqual(Date.parse(taken.assignedAt));
  });
});
