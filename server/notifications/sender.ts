import nodemailer from "nodemailer";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "../db/client";

/**
 * The e-mail sender: works through the outbox (one row per notification to e-mail),
 * never inline in a request. Each pass takes due rows with FOR UPDATE SKIP LOCKED, so
 * two server processes never take the same one; a row is marked `sending` while its
 * message goes out and `sent` right after the SMTP server accepted it. A failure is
 * retried with backoff (30 s, 1 min, 2 min … up to 1 h) and given up (`failed`, with the
 * error, shown to admins) after 8 attempts. A row left `sending` by a process that died
 * is taken again after 2 minutes; each message carries a Message-ID of its notification,
 * so a receiver sees a resend after such a crash as the same message.
 */

export const MAX_ATTEMPTS = 8;
const LEASE = "2 minutes";
const BATCH = 20;

interface DueRow {
  id: number;
  notification_id: number;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  attempts: number;
}

export interface MailSender {
  /** Sends what is due now (a pass); resolves with how many went out. */
  runOnce(): Promise<number>;
  /** Asks for a pass soon (after a commit that wrote outbox rows). */
  kick(): void;
  stop(): Promise<void>;
}

export function backoffSeconds(attempts: number): number {
  return Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1));
}

export function startMailSender(
  db: Database,
  options: { smtpUrl: string; from: string; intervalMs?: number; log?: (line: string) => void; onlyProcess?: boolean },
): MailSender {
  const transport = nodemailer.createTransport(options.smtpUrl);
  const log = options.log ?? (() => {});
  let running: Promise<number> | null = null;
  let stopped = false;
  let again = false;

  // The only process on this database (PGlite: DATA_DIR is locked): what was `sending` when the
  // last one died can go again at once, with no lease to wait out.
  const reclaim = options.onlyProcess
    ? db.execute(sql`UPDATE email_outbox SET status = 'pending', next_attempt_at = now() WHERE status = 'sending'`).then(() => undefined)
    : Promise.resolve();

  async function pass(): Promise<number> {
    await reclaim;
    const due = await queryRows<DueRow>(
      db,
      sql`UPDATE email_outbox SET status = 'sending', attempts = attempts + 1, next_attempt_at = now() + ${LEASE}::interval
          WHERE id IN (
            SELECT id FROM email_outbox
            WHERE (status = 'pending' AND next_attempt_at <= now()) OR (status = 'sending' AND next_attempt_at <= now())
            ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
          RETURNING id, notification_id, to_address, subject, text_body, html_body, attempts`,
    );
    let sent = 0;
    for (const row of due) {
      if (stopped) break;
      try {
        await transport.sendMail({
          from: options.from,
          to: row.to_address,
          subject: row.subject,
          text: row.text_body,
          html: row.html_body,
          messageId: `<notificacion-${row.notification_id}@redacta>`,
        });
        await db.execute(sql`UPDATE email_outbox SET status = 'sent', sent_at = now(), last_error = NULL WHERE id = ${row.id}`);
        sent += 1;
      } catch (error) {
        const message = (error as Error).message.slice(0, 500);
        const giveUp = row.attempts >= MAX_ATTEMPTS;
        await db.execute(
          sql`UPDATE email_outbox SET status = ${giveUp ? "failed" : "pending"}, last_error = ${message},
              next_attempt_at = now() + make_interval(secs => ${backoffSeconds(row.attempts)}) WHERE id = ${row.id}`,
        );
        log(`Correo a ${row.to_address} no enviado (intento ${row.attempts}): ${message}`);
      }
    }
    return sent;
  }

  function runOnce(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      try {
        do {
          again = false;
          total += await pass();
        } while (again && !stopped);
      } finally {
        running = null;
      }
      return total;
    })();
    return running;
  }

  const timer = setInterval(() => {
    if (!stopped) runOnce().catch((error: unknown) => log(`Envío de correo: ${(error as Error).message}`));
  }, options.intervalMs ?? 2000);
  timer.unref();

  return {
    runOnce,
    kick() {
      if (!stopped) setImmediate(() => runOnce().catch((error: unknown) => log(`Envío de correo: ${(error as Error).message}`)));
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
      transport.close();
    },
  };
}
