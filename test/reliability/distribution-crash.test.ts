import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodyFromParagraphs } from "../../shared/bulletin/body-schema";
import { ApiClient, signedIn } from "../api-client";
import { ifMatch, readyContent } from "../integration/fixtures";
import { startSmtpSink, type SmtpSink } from "../smtp-sink";
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from "../db";
import { freePort, killAllServers, seededDataDir, sleep, startServerProcess, waitFor, type ChildServer } from "./child-server";

/**
 * A distribution to 200 recipients, the server killed with kill -9 while it goes out, then a
 * restart: every recipient gets it, and none twice but, at most, the one the kill cut between
 * the SMTP server's acceptance and its row being marked sent (its Message-ID says it is the same copy).
 */

const RECIPIENTS = 200;

describe("kill -9 while a distribution goes out", () => {
  let smtp: SmtpSink;
  let dataDir: string | null = null;
  let database: TestDatabase | null = null;
  let port: number;
  beforeAll(async () => {
    smtp = await startSmtpSink({ delayMs: 15 });
    // PGlite in one pass; the PostgreSQL pass kills a server on its own PostgreSQL database.
    if (TEST_DATABASE_URL) database = await createTestDatabase({ poolSize: 2 });
    else dataDir = seededDataDir("distribution-crash");
    port = await freePort();
  });
  afterAll(async () => {
    await killAllServers();
    await database?.close();
    await smtp?.close();
  });

  it("each of 200 recipients has exactly one e-mail after the restart", { timeout: 180_000 }, async () => {
    // On PostgreSQL a copy taken by the killed process goes again once its lease runs out (2 minutes; 3 s here).
    const env = { SMTP_URL: smtp.url, MAIL_LEASE_SECONDS: "3" };
    const place = database ? { databaseUrl: database.url } : { dataDir: dataDir! };
    let server: ChildServer = await startServerProcess({ port, ...place, env });
    const author: ApiClient = await signedIn(server.url, "autora@redacta.local");
    const reviewer: ApiClient = await signedIn(server.url, "revisor@redacta.local");
    const admin: ApiClient = await signedIn(server.url, "admin@redacta.local");
    const created = (await author.post("/bulletins", { templateId: "general" })).body;
    const title = `Distribución tras un kill ${Date.now()}`;
    expect((await author.put(`/bulletins/${created.id}`, readyContent({ title, body: bodyFromParagraphs(["Uno.", "Dos."]) }), ifMatch(created.version))).status).toBe(200);
    expect((await author.post(`/bulletins/${created.id}/transitions`, { action: "submit" })).status).toBe(200);
    expect((await reviewer.post(`/bulletins/${created.id}/transitions`, { action: "approve" })).status).toBe(200);
    const list = (await admin.post("/lists", { name: `Doscientos medios ${Date.now()}` })).body;
    const contacts = Array.from({ length: RECIPIENTS }, (_, n) => ({ name: `Periodista ${n}`, outlet: "Diario", email: `p${n}@crash.example.mx`, beat: "salud" }));
    const added = await admin.post(`/lists/${list.id}/contacts`, contacts);
    expect(added.status, JSON.stringify(added.body).slice(0, 300)).toBeLessThan(300);

    const sent = await reviewer.post(`/bulletins/${created.id}/distributions`, { listIds: [list.id] });
    expect(sent.status, JSON.stringify(sent.body).slice(0, 300)).toBe(201);
    const ours = () => smtp.messages.filter((mail) => mail.subject?.startsWith("Boletín No.") && mail.subject.includes(title));
    await waitFor(() => ours().length >= 20, 60_000, "los primeros correos");
    server.kill("SIGKILL");
    await server.exited;
    const beforeRestart = ours().length;
    expect(beforeRestart).toBeLessThan(RECIPIENTS);

    server = await startServerProcess({ port, ...place, env });
    await waitFor(() => new Set(ours().map((mail) => mail.messageId)).size >= RECIPIENTS, 120_000, "todos los correos");
    await sleep(1500);
    const byRecipient = new Map<string, number>();
    for (const mail of ours()) {
      const to = mail.to && "value" in mail.to ? mail.to.value[0]!.address! : "";
      byRecipient.set(to, (byRecipient.get(to) ?? 0) + 1);
    }
    expect(byRecipient.size).toBe(RECIPIENTS);
    const twice = [...byRecipient.values()].filter((count) => count > 1).length;
    expect(twice).toBeLessThanOrEqual(1);
    expect(new Set(ours().map((mail) => mail.messageId)).size).toBe(RECIPIENTS);
    // The delivery log agrees: all 200 sent.
    const log = (await (await signedIn(server.url, "revisor@redacta.local")).get(`/bulletins/${created.id}/distributions`)).body.items[0];
    expect(log.counts.sent).toBe(RECIPIENTS);
    expect(log.status).toBe("sent");
    console.log(`distribution-crash (${database ? "PostgreSQL" : "PGlite"}): ${RECIPIENTS} recipients, ${beforeRestart} e-mails before kill -9, ${ours().length} received in all (${ours().length - RECIPIENTS} resent after the kill)`);
    server.kill("SIGTERM");
    await server.exited;
  });
});
