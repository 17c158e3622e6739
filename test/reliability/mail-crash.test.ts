import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodyFromParagraphs } from "../../shared/bulletin/body-schema";
import { ApiClient, signedIn } from "../api-client";
import { ifMatch, readyContent } from "../integration/fixtures";
import { startSmtpSink, type SmtpSink } from "../smtp-sink";
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from "../db";
import { freePort, killAllServers, seededDataDir, sleep, startServerProcess, waitFor, type ChildServer } from "./child-server";

/**
 * kill -9 while the outbox is being sent, then a restart: every notification is e-mailed,
 * and a message is never sent twice except, at most, the one the kill cut between the SMTP
 * server's acceptance and the row being marked sent (its Message-ID, the notification's,
 * says it is the same message).
 */

const COMMENTS = 40;

describe("kill -9 while e-mails go out", () => {
  let smtp: SmtpSink;
  let dataDir: string | null = null;
  let database: TestDatabase | null = null;
  let port: number;
  beforeAll(async () => {
    smtp = await startSmtpSink({ delayMs: 40 });
    // PGlite in one pass; the PostgreSQL pass kills a server on its own PostgreSQL database.
    if (TEST_DATABASE_URL) database = await createTestDatabase({ poolSize: 2 });
    else dataDir = seededDataDir("mail-crash");
    port = await freePort();
  });
  afterAll(async () => {
    await killAllServers();
    await database?.close();
    await smtp?.close();
  });

  it("every notification is e-mailed after a restart, none twice but the one cut by the kill", { timeout: 120_000 }, async () => {
    // On PostgreSQL a copy taken by the killed process goes again once its lease runs out (2 minutes; 3 s here).
    const env = { SMTP_URL: smtp.url, MAIL_LEASE_SECONDS: "3" };
    const place = database ? { databaseUrl: database.url } : { dataDir: dataDir! };
    let server: ChildServer = await startServerProcess({ port, ...place, env });
    const author: ApiClient = await signedIn(server.url, "autora@redacta.local");
    const reviewer: ApiClient = await signedIn(server.url, "revisor@redacta.local");
    const created = (await author.post("/bulletins", { templateId: "general" })).body;
    const title = `Avisos tras un kill ${Date.now()}`;
    expect((await author.put(`/bulletins/${created.id}`, readyContent({ title, body: bodyFromParagraphs(["Uno.", "Dos."]) }), ifMatch(created.version))).status).toBe(200);
    expect((await author.post(`/bulletins/${created.id}/transitions`, { action: "submit" })).status).toBe(200);
    for (let i = 0; i < COMMENTS; i++) expect((await reviewer.post(`/bulletins/${created.id}/comments`, { body: `Observación ${i}` })).status).toBe(201);

    const ours = () => smtp.messages.filter((mail) => mail.subject?.includes(title));
    await waitFor(() => ours().length >= 5, 30_000, "los primeros correos");
    server.kill("SIGKILL");
    await server.exited;
    const beforeRestart = ours().length;
    expect(beforeRestart).toBeLessThan(COMMENTS);

    server = await startServerProcess({ port, ...place, env });
    await waitFor(() => new Set(ours().map((mail) => mail.messageId)).size >= COMMENTS, 60_000, "todos los correos");
    await sleep(1500);
    const ids = ours().map((mail) => mail.messageId);
    expect(new Set(ids).size).toBe(COMMENTS);
    expect(ids.length - COMMENTS).toBeLessThanOrEqual(1);
    console.log(`mail-crash (${database ? "PostgreSQL" : "PGlite"}): ${COMMENTS} notifications, ${beforeRestart} e-mails before kill -9, ${ids.length} received in all (${ids.length - COMMENTS} resent after the kill)`);
    server.kill("SIGTERM");
    await server.exited;
  });
});
