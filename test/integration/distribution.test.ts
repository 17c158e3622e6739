import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../shared/api/schemas";
import type { Database } from "../../server/db/client";
import { contactListMembers, contactLists, contacts, emailOutbox } from "../../server/db/schema";
import { readDocx } from "../docx/docx-read";
import { ApiClient, signedIn } from "../api-client";
import { startTestServer, type TestServer } from "../server-harness";
import { startServer, type RunningServer } from "../../server/start";
import { TEST_DATABASE_URL } from "../db";
import { startSmtpSink, type SmtpSink } from "../smtp-sink";
import { ADMIN, AUTHOR, REVIEWER, errorCode, makeApproved, makeDraft, readyContent, userByEmail } from "./fixtures";

let smtp: SmtpSink;
let server: TestServer;
let db: Database;
let author: User;
let reviewer: User;
let reviewerClient: ApiClient;
let authorClient: ApiClient;
let adminClient: ApiClient;

beforeAll(async () => {
  smtp = await startSmtpSink();
  server = await startTestServer({ smtpUrl: smtp.url });
  db = server.handle.db;
  [author, reviewer] = await Promise.all([userByEmail(db, AUTHOR), userByEmail(db, REVIEWER)]);
  [reviewerClient, authorClient, adminClient] = await Promise.all([signedIn(server.url, REVIEWER), signedIn(server.url, AUTHOR), signedIn(server.url, ADMIN)]);
});

afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

async function until<T>(read: () => T | Promise<T>, ok: (value: T) => boolean, what: string, timeout = 20_000): Promise<T> {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`esperando ${what}: ${JSON.stringify(value).slice(0, 400)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let listSeq = 0;
/** A media list with these addresses (contacts merged by e-mail, as the importer does). */
async function mediaList(addresses: string[], status: "active" | "unsubscribed" | "bounced" = "active"): Promise<number> {
  const [list] = await db.insert(contactLists).values({ name: `Lista de prueba ${Date.now()}-${++listSeq}` }).returning({ id: contactLists.id });
  for (const email of addresses) {
    const [contact] = await db
      .insert(contacts)
      .values({ email, name: `Periodista ${email.split("@")[0]}`, outlet: "Diario de prueba", status, unsubscribeToken: randomBytes(18).toString("base64url") })
      .onConflictDoUpdate({ target: contacts.email, set: { status } })
      .returning({ id: contacts.id });
    await db.insert(contactListMembers).values({ listId: list!.id, contactId: contact!.id }).onConflictDoNothing();
  }
  return list!.id;
}

const to = (address: string) => smtp.messages.filter((mail) => mail.to && "value" in mail.to && mail.to.value.some((each) => each.address === address));
const unique = (tag: string) => `${tag}-${Date.now()}-${randomBytes(3).toString("hex")}`;

describe("distributing an approved bulletin to media lists", () => {
  it("a list of 3 contacts gets 3 e-mails with the number in the subject, the DOCX and PDF attached, an unsubscribe link; the log says enviado", async () => {
    const tag = unique("tres");
    const addresses = [1, 2, 3].map((n) => `${tag}-${n}@medios.example.mx`);
    const listId = await mediaList(addresses);
    const approved = await makeApproved(db, author, reviewer, readyContent({ title: `Abre el IMSS una clínica en Tlalpan ${tag}` }));
    const sent = await reviewerClient.post(`/bulletins/${approved.id}/distributions`, { listIds: [listId], note: "Para su publicación inmediata." });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body).toMatchObject({ kind: "original", status: "scheduled", revision: approved.approvedRevision, counts: { pending: 3 } });
    const number = `${approved.numberSeq}/${approved.numberYear}`;
    expect(sent.body.subject).toBe(`Boletín No. ${number}: Abre el IMSS una clínica en Tlalpan ${tag}`);

    const mails = await until(() => addresses.flatMap(to), (list) => list.length >= 3, "los tres correos");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(addresses.flatMap(to)).toHaveLength(3);
    for (const mail of mails) {
      expect(mail.subject).toBe(sent.body.subject);
      expect(mail.text).toContain("Para su publicación inmediata.");
      expect(mail.text).toContain(`No. ${number}.`);
      expect(mail.html).toContain("Abre el IMSS una clínica en Tlalpan");
      const docx = mail.attachments.find((file) => file.filename === `boletin-${approved.numberSeq}-${approved.numberYear}.docx`);
      expect(docx, mail.attachments.map((file) => file.filename).join(", ")).toBeDefined();
      const pdf = mail.attachments.find((file) => file.filename === `boletin-${approved.numberSeq}-${approved.numberYear}.pdf`);
      expect(pdf?.contentType).toBe("application/pdf");
      expect(pdf!.content.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      const read = await readDocx(docx!.content);
      expect(read.paragraphs.map((paragraph) => paragraph.text).join("\n")).toContain(`Abre el IMSS una clínica en Tlalpan ${tag}`);
      // mailparser reads the List-* headers into `list`; one-click (RFC 8058) is announced beside the link.
      const list = mail.headers.get("list") as { unsubscribe?: { url?: string }; "unsubscribe-post"?: { name?: string } } | undefined;
      const unsubscribe = list?.unsubscribe?.url ?? "";
      expect(unsubscribe).toMatch(/^http:\/\/localhost:\d+\/baja\/[A-Za-z0-9_-]+$/);
      expect(list?.["unsubscribe-post"]?.name).toBe("List-Unsubscribe=One-Click");
      expect(mail.text).toContain(unsubscribe);
      expect(mail.messageId).toMatch(/^<distribucion-\d+-\d+@redacta>$/);
    }
    const log = await until(
      async () => (await reviewerClient.get(`/bulletins/${approved.id}/distributions`)).body.items[0],
      (item) => item.status === "sent",
      "el envío terminado",
    );
    expect(log.counts).toMatchObject({ sent: 3, pending: 0, failed: 0 });
    expect(log.recipients.map((r: { email: string }) => r.email).sort()).toEqual([...addresses].sort());
    const events = (await reviewerClient.get(`/bulletins/${approved.id}/events`)).body.items as { action: string; detail: Record<string, unknown> }[];
    expect(events.find((event) => event.action === "distribute")?.detail).toMatchObject({ recipients: 3, lists: [expect.stringContaining("Lista de prueba")] });
  });

  it("a sending whose last copy went out just before a kill -9 is enviado once the server is back", async () => {
    const tag = unique("tras-kill");
    const listId = await mediaList([`${tag}@medios.example.mx`]);
    const approved = await makeApproved(db, author, reviewer, readyContent({ title: `Último correo antes de un kill ${tag}` }));
    const sent = await reviewerClient.post(`/bulletins/${approved.id}/distributions`, { listIds: [listId] });
    expect(sent.status).toBe(201);
    await until(async () => (await reviewerClient.get(`/bulletins/${approved.id}/distributions`)).body.items[0].status, (status) => status === "sent", "el envío terminado");
    // What a kill between the last copy's commit and the end of its pass leaves: every copy sent, the sending still `sending`.
    await db.execute(sql`UPDATE distributions SET status = 'sending' WHERE id = ${sent.body.id}`);
    const restarted = await startServer({ port: 0, host: "127.0.0.1", dataDir: "", production: false, handle: server.handle, smtpUrl: smtp.url, mailIntervalMs: 100, log: () => {} });
    try {
      const log = await until(async () => (await reviewerClient.get(`/bulletins/${approved.id}/distributions`)).body.items[0], (item) => item.status === "sent", "el envío terminado tras el reinicio");
      expect(log.counts).toMatchObject({ sent: 1, pending: 0 });
      expect(to(`${tag}@medios.example.mx`)).toHaveLength(1);
    } finally {
      await restarted.close();
    }
  });

  it("a sendAt ahead sends nothing before it and everything after; a scheduled sending can be cancelled until it starts", async () => {
    const tag = unique("programado");
    const addresses = [1, 2].map((n) => `${tag}-${n}@medios.example.mx`);
    const listId = await mediaList(addresses);
    const approved = await makeApproved(db, author, reviewer, readyContent({ title: `Programado ${tag}` }));
    const sendAt = new Date(Date.now() + 20_000);
    const scheduled = await reviewerClient.post(`/bulletins/${approved.id}/distributions`, { listIds: [listId], sendAt: sendAt.toISOString() });
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(201);
    expect(Date.parse(scheduled.body.sendAt)).toBe(sendAt.getTime());

    // A second one, cancelled before its time: nothing of it ever leaves.
    const other = await reviewerClient.post(`/bulletins/${approved.id}/distributions`, { listIds: [listId], sendAt: new Date(Date.now() + 15_000).toISOString(), note: "cancelado" });
    expect(other.status).toBe(201);
    const cancelled = await reviewerClient.post(`/bulletins/${approved.id}/distributions/${other.body.id}/cancel`, {});
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body).toMatchObject({ status: "cancelled", counts: { cancelled: 2, pending: 0 } });

    while (Date.now() < sendAt.getTime() - 500) {
      expect(addresses.flatMap(to), "nada antes de la hora").toHaveLength(0);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await until(() => addresses.flatMap(to), (list) => list.length === 2, "los correos a su hora", 10_000);
    for (const mail of addresses.flatMap(to)) {
      expect(mail.date!.getTime()).toBeGreaterThanOrEqual(sendAt.getTime() - 1000);
      expect(mail.text).not.toContain("cancelado");
    }
    // Started: it cannot be cancelled any more.
    const late = await reviewerClient.post(`/bulletins/${approved.id}/distributions/${scheduled.body.id}/cancel`, {});
    expect(late.status).toBe(409);
    expect(errorCode(late)).toBe("distribution_started");
  });

  it("prints the embargo on the e-mail and its DOCX, keeps it, and refuses to shorten it", async () => {
    const tag = unique("embargo");
    const address = `${tag}@medios.example.mx`;
    const listId = await mediaList([address]);
    const approved = await makeApproved(db, author, reviewer, readyContent({ title: `Embargado ${tag}` }));
    const sent = await reviewerClient.post(`/bulletins/${approved.id}/distributions`, { listIds: [listId], embargoUntil: "2099-09-25T10:00" });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body.embargoUntil).toBe("2099-09-25T16:00:00.000Z");
    const [mail] = await until(() => to(address), (list) => list.length >= 1, "el correo embargado");
    const line = "EMBARGADO HASTA las 10:00 h del viernes 25 de septiembre de 2099 (hora del centro de México)";
    expect(mail!.text!.split("\n")[0]).toBe(line);
    expect(mail!.html).toContain(line);
    const docx = await readDocx(mail!.attachments.find((file) => file.filename?.endsWith(".docx"))!.content);
    expect(docx.paragraphs.map((paragraph) => paragraph.text)).toContain(line);

    const shorter = await reviewerClient.post(`/bulletins/${approved.id}/distributions`, { listIds: [listId], embargoUntil: "2099-09-24T10:00" });
    expect(shorter.status).toBe(409);
    expect(errorCode(shorter)).toBe("embargo_shortened");
    // Without an embargo of its own, a later sending keeps the one in force.
    const again = await reviewerClient.post(`/bulletins/${approved.id}/distributions`, { listIds: [listId] });
    expect(again.status).toBe(201);
    expect(again.body.embargoUntil).toBe("2099-09-25T16:00:00.000Z");
  });

  it("never sends to an unsubscribed or bounced address; a 550 is a bounce that stays; failures can be sent again", async () => {
    const tag = unique("bajas");
    const [ok, gone, bad, later] = ["ok", "baja", "rebota", "tarde"].map((name) => `${tag}-${name}@medios.example.mx`);
    const listId = await mediaList([ok!, bad!, later!]);
    await mediaList([gone!], "unsubscribed").then((otherList) => db.insert(contactListMembers).select(sql`SELECT ${listId}, contact_id, now() FROM contact_list_members WHERE list_id = ${otherList}`));
    smtp.refuse.set(bad!, 550);
    smtp.refuse.set(later!, 451);
    const approved = await makeApproved(db, author, reviewer, readyContent({ title: `Bajas ${tag}` }));
    const sent = await reviewerClient.post(`/bulletins/${approved.id}/distributions`, { listIds: [listId] });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body.counts).toMatchObject({ pending: 3, unsubscribed: 1 });
    const log = await until(
      async () => (await reviewerClient.get(`/bulletins/${approved.id}/distributions`)).body.items[0],
      // The three copies go one after another: the 451 one may still be on its way when the other two are done.
      (item) => item.counts.sent === 1 && item.counts.bounced === 1 && Boolean(item.recipients.find((r: { email: string; error: string | null }) => r.email === later)?.error),
      "el envío con un rebote y un 451",
    );
    expect(log.recipients.find((r: { email: string }) => r.email === bad)).toMatchObject({ status: "bounced", error: expect.stringContaining("550") });
    // The 451 is retried later: still pending, with the server's answer.
    expect(log.recipients.find((r: { email: string }) => r.email === later)).toMatchObject({ status: "pending", error: expect.stringContaining("451") });
    const [bounced] = await db.select({ status: contacts.status }).from(contacts).where(eq(contacts.email, bad!));
    expect(bounced!.status).toBe("bounced");
    expect(to(gone!)).toHaveLength(0);

    // The retries run out (here: at once) and it is `failed`; the server is fixed; `Reenviar a los fallidos` sends it.
    await db.execute(sql`UPDATE email_outbox SET attempts = 8, next_attempt_at = now() WHERE to_address = ${later!} AND recipient_id IS NOT NULL`);
    await until(
      async () => (await reviewerClient.get(`/bulletins/${approved.id}/distributions`)).body.items[0].recipients.find((r: { email: string }) => r.email === later).status,
      (status) => status === "failed",
      "el fallido",
    );
    smtp.refuse.delete(later!);
    const resent = await reviewerClient.post(`/bulletins/${approved.id}/distributions/${sent.body.id}/resend-failed`, {});
    expect(resent.status, JSON.stringify(resent.body)).toBe(200);
    expect(resent.body.resent).toBe(1);
    await until(() => to(later!), (list) => list.length === 1, "el reenvío");
    // The bounced address is left out of the next sending.
    const next = await reviewerClient.post(`/bulletins/${approved.id}/distributions`, { listIds: [listId] });
    expect(next.body.counts).toMatchObject({ pending: 2, bounced: 1, unsubscribed: 1 });
  });

  it("an address that unsubscribes after the sending was scheduled is left out when it goes", async () => {
    const tag = unique("tarde");
    const [stays, leaves] = [`${tag}-sigue@medios.example.mx`, `${tag}-sale@medios.example.mx`];
    const listId = await mediaList([stays, leaves]);
    const approved = await makeApproved(db, author, reviewer, readyContent({ title: `Baja a tiempo ${tag}` }));
    const sent = await reviewerClient.post(`/bulletins/${approved.id}/distributions`, { listIds: [listId], sendAt: new Date(Date.now() + 2_000).toISOString() });
    expect(sent.status).toBe(201);
    await db.update(contacts).set({ status: "unsubscribed" }).where(eq(contacts.email, leaves));
    await until(() => to(stays), (list) => list.length === 1, "el correo de quien sigue");
    const log = await until(
      async () => (await reviewerClient.get(`/bulletins/${approved.id}/distributions`)).body.items[0],
      (item) => item.status === "sent",
      "el envío terminado",
    );
    expect(log.recipients.find((r: { email: string }) => r.email === leaves).status).toBe("unsubscribed");
    expect(to(leaves)).toHaveLength(0);
    expect(await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, leaves))).toHaveLength(0);
  });

  it("only what four eyes approved is sent, by reviewers and admins, to lists with somebody in them", async () => {
    const tag = unique("permisos");
    const listId = await mediaList([`${tag}@medios.example.mx`]);
    const draft = await makeDraft(db, author, readyContent({ title: `Borrador ${tag}` }));
    const onDraft = await reviewerClient.post(`/bulletins/${draft.id}/distributions`, { listIds: [listId] });
    expect(onDraft.status).toBe(409);
    const approved = await makeApproved(db, author, reviewer);
    expect((await authorClient.post(`/bulletins/${approved.id}/distributions`, { listIds: [listId] })).status).toBe(403);
    const empty = await mediaList([]);
    const none = await adminClient.post(`/bulletins/${approved.id}/distributions`, { listIds: [empty] });
    expect(none.status).toBe(409);
    expect(none.body.error.message).toBe("Las listas elegidas no tienen contactos.");
    const unknown = await adminClient.post(`/bulletins/${approved.id}/distributions`, { listIds: [999_999] });
    expect(unknown.status).toBe(404);
    const badTime = await adminClient.post(`/bulletins/${approved.id}/distributions`, { listIds: [listId], sendAt: "mañana temprano" });
    expect(badTime.status).toBe(400);
    expect(JSON.stringify(badTime.body)).toContain("Escribe una fecha y hora válidas");
    const pastEmbargo = await adminClient.post(`/bulletins/${approved.id}/distributions`, { listIds: [listId], embargoUntil: "2001-01-01T10:00" });
    expect(pastEmbargo.status).toBe(400);
  });

  it("a correction keeps the number, needs four eyes again, and reaches exactly the earlier recipients; Retirar tells them and the public page", async () => {
    const tag = unique("correccion");
    const [first, second, newcomer] = ["uno", "dos", "nuevo"].map((name) => `${tag}-${name}@medios.example.mx`);
    const listId = await mediaList([first!, second!]);
    const approved = await makeApproved(db, author, reviewer, readyContent({ title: `Vacunará el IMSS a 300 mil niños ${tag}` }));
    const published = await reviewerClient.post(`/bulletins/${approved.id}/transitions`, { action: "publish" });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect((await reviewerClient.post(`/bulletins/${approved.id}/distributions`, { listIds: [listId] })).status).toBe(201);
    await until(() => [first!, second!].flatMap(to), (list) => list.length === 2, "el envío original");
    // Someone joins the list afterwards: a correction is for those who had the bulletin, not for them.
    await mediaList([newcomer!]).then((other) => db.insert(contactListMembers).select(sql`SELECT ${listId}, contact_id, now() FROM contact_list_members WHERE list_id = ${other}`));

    // Corregir: a note is required; the bulletin is a draft again and keeps its number; the public page keeps the published text.
    expect((await authorClient.post(`/bulletins/${approved.id}/transitions`, { action: "correct" })).status).toBe(400);
    const correcting = await authorClient.post(`/bulletins/${approved.id}/transitions`, { action: "correct", comment: "La cifra correcta es 350 mil niños." });
    expect(correcting.status, JSON.stringify(correcting.body)).toBe(200);
    expect(correcting.body).toMatchObject({ status: "draft", number: { seq: approved.numberSeq, year: approved.numberYear }, correctionNote: "La cifra correcta es 350 mil niños." });
    const page = `/prensa/${approved.numberYear}/${approved.numberSeq}`;
    expect((await fetch(new URL(page, server.url))).status).toBe(200);
    const fixed = readyContent({ title: `Vacunará el IMSS a 350 mil niños ${tag}`, number: { seq: approved.numberSeq!, year: approved.numberYear! } });
    expect((await authorClient.put(`/bulletins/${approved.id}`, fixed, { "If-Match": `"${correcting.body.version}"` })).status).toBe(200);
    expect((await authorClient.post(`/bulletins/${approved.id}/transitions`, { action: "submit" })).status).toBe(200);
    const reapproved = await reviewerClient.post(`/bulletins/${approved.id}/transitions`, { action: "approve" });
    expect(reapproved.status, JSON.stringify(reapproved.body)).toBe(200);
    expect(reapproved.body.number).toEqual({ seq: approved.numberSeq, year: approved.numberYear });
    const republished = await reviewerClient.post(`/bulletins/${approved.id}/transitions`, { action: "publish" });
    expect(republished.status, JSON.stringify(republished.body)).toBe(200);
    expect(republished.body.correctionNote).toBeNull();

    const corrections = await until(
      () => [first!, second!].flatMap(to).filter((mail) => mail.subject?.startsWith("CORRECCIÓN")),
      (list) => list.length === 2,
      "la corrección a los dos de antes",
    );
    for (const mail of corrections) {
      expect(mail.subject).toBe(`CORRECCIÓN · Boletín No. ${approved.numberSeq}/${approved.numberYear}: Vacunará el IMSS a 350 mil niños ${tag}`);
      expect(mail.text!.split("\n")[0]).toBe("CORRECCIÓN / FE DE ERRATAS: La cifra correcta es 350 mil niños.");
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(to(newcomer!)).toHaveLength(0);
    const html = await (await fetch(new URL(page, server.url))).text();
    expect(html).toContain("350 mil niños");
    expect(html).toContain("La cifra correcta es 350 mil niños.");

    // Retirar: the earlier recipients are told, the number stays, the page says so, nothing more is sent.
    const retracted = await reviewerClient.post(`/bulletins/${approved.id}/retraction`, { note: "Se publicó por error." });
    expect(retracted.status, JSON.stringify(retracted.body)).toBe(200);
    expect(retracted.body.withdrawn).toMatchObject({ note: "Se publicó por error." });
    const notices = await until(() => [first!, second!].flatMap(to).filter((mail) => mail.subject?.startsWith("RETIRADO")), (list) => list.length === 2, "el aviso de retiro");
    for (const mail of notices) {
      expect(mail.text!.split("\n")[0]).toBe("BOLETÍN RETIRADO: Se publicó por error.");
      expect(mail.text).toContain(`retira el boletín No. ${approved.numberSeq}/${approved.numberYear}`);
      // Nothing of the withdrawn text travels again.
      expect(mail.attachments).toHaveLength(0);
      expect(mail.text).not.toContain("El Instituto Mexicano del Seguro Social inauguró");
    }
    expect(to(newcomer!)).toHaveLength(0);
    const withdrawnPage = await (await fetch(new URL(page, server.url))).text();
    expect(withdrawnPage).toContain("Se publicó por error.");
    expect(withdrawnPage).not.toContain("350 mil niños con");
    const again = await reviewerClient.post(`/bulletins/${approved.id}/distributions`, { listIds: [listId] });
    expect(again.status).toBe(409);
    expect(errorCode(again)).toBe("bulletin_withdrawn");
    expect((await reviewerClient.post(`/bulletins/${approved.id}/retraction`, { note: "otra vez" })).status).toBe(409);
  });

  it("an embargoed sending keeps the bulletin off the public page and feed until the embargo lifts", async () => {
    const tag = unique("embargo-publico");
    const listId = await mediaList([`${tag}@medios.example.mx`]);
    const approved = await makeApproved(db, author, reviewer, readyContent({ title: `Embargado en público ${tag}` }));
    const embargoUntil = new Date(Date.now() + 4_000);
    expect((await reviewerClient.post(`/bulletins/${approved.id}/distributions`, { listIds: [listId], embargoUntil: embargoUntil.toISOString() })).status).toBe(201);
    expect((await reviewerClient.post(`/bulletins/${approved.id}/transitions`, { action: "publish" })).status).toBe(200);
    const page = new URL(`/prensa/${approved.numberYear}/${approved.numberSeq}`, server.url);
    const feed = new URL("/prensa/feed.xml", server.url);
    expect((await fetch(page)).status).toBe(404);
    expect(await (await fetch(feed)).text()).not.toContain(tag);
    // (The search page repeats the words searched for; what must be absent is the bulletin's link.)
    expect(await (await fetch(new URL(`/prensa?q=${encodeURIComponent(tag)}`, server.url))).text()).not.toContain(`/prensa/${approved.numberYear}/${approved.numberSeq}"`);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, embargoUntil.getTime() - Date.now() + 300)));
    expect((await fetch(page)).status).toBe(200);
    expect(await (await fetch(feed)).text()).toContain(tag);
    expect(await (await fetch(new URL(`/prensa?q=${encodeURIComponent(tag)}`, server.url))).text()).toContain(`/prensa/${approved.numberYear}/${approved.numberSeq}"`);
  });
});

describe.runIf(TEST_DATABASE_URL)("two server processes sending one distribution", () => {
  let second: RunningServer;
  beforeAll(async () => {
    second = await startServer({ port: 0, host: "127.0.0.1", dataDir: "", production: false, databaseUrl: server.databaseUrl!, smtpUrl: smtp.url, mailIntervalMs: 50, log: () => {} });
  });
  afterAll(async () => {
    await second?.close();
  });

  it("80 recipients get exactly one e-mail each while both processes take copies", async () => {
    const tag = unique("dos-procesos");
    const addresses = Array.from({ length: 80 }, (_, n) => `${tag}-${n}@medios.example.mx`);
    const listId = await mediaList(addresses);
    const approved = await makeApproved(db, author, reviewer, readyContent({ title: `Dos procesos ${tag}` }));
    expect((await reviewerClient.post(`/bulletins/${approved.id}/distributions`, { listIds: [listId] })).status).toBe(201);
    await until(() => addresses.flatMap(to), (list) => list.length >= 80, "80 correos", 60_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const mails = addresses.flatMap(to);
    expect(mails).toHaveLength(80);
    expect(new Set(mails.map((mail) => mail.messageId)).size).toBe(80);
  });
});

