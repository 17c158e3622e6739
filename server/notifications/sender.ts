import nodemailer from "nodemailer";
import { sql } from "drizzle-orm";
import { LRUCache } from "lru-cache";
import { queryRows, type Database } from "../db/client";
import { unsubscribeUrl } from "../unsubscribe";
import { mailSettings } from "./notify";

/**
 * The e-mail sender: works through the outbox (one row per notification to e-mail),
 * never inline in a request. Each pass takes due rows with FOR UPDATE SKIP LOCKED, so
 * two server processes never take the same one; a row is marked `sending` while its
 * message goes out and `sent` right after the SMTP server accepted it. A failure is
 * retried with backoff (30 s, 1 min, 2 min … up to 1 h) and given up (`failed`, with the
 * error, shown to admins) after 8 attempts. A row left `sending` by a process that died
 * is taken again after 2 minutes (MAIL_LEASE_SECONDS); each message carries a Message-ID of its notification,
 * so a receiver sees a resend after such a crash as the same message.
 */

export const MAX_ATTEMPTS = 8;
/** How long a taken row is another process's before it may be taken again (MAIL_LEASE_SECONDS, 120). */
export const DEFAULT_LEASE_SECONDS = 120;

/** MAIL_LEASE_SECONDS from the environment: a positive number of seconds, or the start stops with a Spanish message. */
export function leaseSecondsFromEnvironment(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.MAIL_LEASE_SECONDS?.trim() ?? "";
  if (text === "") return DEFAULT_LEASE_SECONDS;
  if (!/^[1-9]\d{0,5}$/.test(text)) throw new Error(`MAIL_LEASE_SECONDS no es válido («${text}»): usa un número entero positivo de segundos.`);
  return Number(text);
}
const BATCH = 20;

interface DueRow {
  id: number;
  notification_id: number | null;
  /** A distribution's copy for one recipient (server/commands/distribute.ts). */
  recipient_id: number | null;
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

interface Copy {
  distributionId: number;
  distributionStatus: string;
  contactStatus: string | null;
  unsubscribe: string | null;
  files: { filename: string; contentType: string; data: Buffer }[];
}

/** Attachments of recent distributions: 200 recipients read them once, not 200 times. */
const filesCache = new LRUCache<number, Copy["files"]>({ max: 20 });

/** What the taken copies of distributions need: their distribution, the contact's status now, the attachments. */
async function distributionCopies(db: Database, recipientIds: number[]): Promise<Map<number, Copy>> {
  const copies = new Map<number, Copy>();
  if (recipientIds.length === 0) return copies;
  const rows = await queryRows<{ recipient_id: number; distribution_id: number; distribution_status: string; contact_status: string | null; token: string | null }>(
    db,
    sql`SELECT r.id AS recipient_id, d.id AS distribution_id, d.status AS distribution_status, c.status AS contact_status, c.unsubscribe_token AS token
        FROM distribution_recipients r JOIN distributions d ON d.id = r.distribution_id LEFT JOIN contacts c ON c.id = r.contact_id
        WHERE r.id IN (${sql.join(recipientIds.map((id) => sql`${id}`), sql`, `)})`,
  );
  const started = [...new Set(rows.filter((row) => row.distribution_status === "scheduled").map((row) => row.distribution_id))];
  if (started.length) {
    await db.execute(sql`UPDATE distributions SET status = 'sending' WHERE status = 'scheduled' AND id IN (${sql.join(started.map((id) => sql`${id}`), sql`, `)})`);
  }
  for (const row of rows) {
    let files = filesCache.get(row.distribution_id);
    if (!files) {
      const stored = await queryRows<{ filename: string; content_type: string; data: Buffer | Uint8Array }>(
        db,
        sql`SELECT filename, content_type, data FROM distribution_files WHERE distribution_id = ${row.distribution_id} ORDER BY filename`,
      );
      files = stored.map((file) => ({ filename: file.filename, contentType: file.content_type, data: Buffer.from(file.data) }));
      filesCache.set(row.distribution_id, files);
    }
    copies.set(row.recipient_id, {
      distributionId: row.distribution_id,
      distributionStatus: row.distribution_status,
      contactStatus: row.contact_status,
      unsubscribe: row.token ? unsubscribeUrl(mailSettings().publicUrl, row.token) : null,
      files,
    });
  }
  return copies;
}

/**
 * A distribution's copy is sent only if its distribution was not cancelled and the contact
 * still receives bulletins (an unsubscribe or bounce after the sending was scheduled counts).
 */
async function stillDue(db: Database, row: DueRow, copy: Copy | undefined): Promise<boolean> {
  const left = !copy ? "cancelled" : copy.distributionStatus === "cancelled" ? "cancelled" : copy.contactStatus === "active" ? null : copy.contactStatus === "bounced" ? "bounced" : "unsubscribed";
  if (!left) return true;
  await db.transaction(async (tx) => {
    await tx.execute(sql`DELETE FROM email_outbox WHERE id = ${row.id}`);
    await tx.execute(sql`UPDATE distribution_recipients SET status = ${left} WHERE id = ${row.recipient_id} AND status = 'pending'`);
  });
  return false;
}

/**
 * A distribution none of whose copies is still to go is `sent`: those of this pass, or all of
 * them (a process killed after its last copy went out and before this left them `sending`).
 */
async function settleDistributions(db: Database, ids: number[] | "all"): Promise<void> {
  if (ids !== "all" && ids.length === 0) return;
  const which = ids === "all" ? sql`TRUE` : sql`d.id IN (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`;
  await db.execute(
    sql`UPDATE distributions d SET status = 'sent'
        WHERE ${which} AND d.status = 'sending'
          AND NOT EXISTS (SELECT 1 FROM distribution_recipients r WHERE r.distribution_id = d.id AND r.status = 'pending')`,
  );
}

export function backoffSeconds(attempts: number): number {
  return Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1));
}

export function startMailSender(
  db: Database,
  options: { smtpUrl: string; from: string; intervalMs?: number; log?: (line: string) => void; onlyProcess?: boolean; leaseSeconds?: number },
): MailSender {
  const transport = nodemailer.createTransport(options.smtpUrl);
  const log = options.log ?? (() => {});
  let running: Promise<number> | null = null;
  let stopped = false;
  let again = false;

  // The only process on this database (PGlite: DATA_DIR is locked): what was `sending` when the
  // last one died can go again at once, with no lease to wait out.
  const reclaim = (async () => {
    if (options.onlyProcess) await db.execute(sql`UPDATE email_outbox SET status = 'pending', next_attempt_at = now() WHERE status = 'sending'`);
    await settleDistributions(db, "all");
  })().catch((error: unknown) => log(`Envío de correo, al empezar: ${(error as Error).message}`));

  async function pass(): Promise<number> {
    await reclaim;
    const due = await queryRows<DueRow>(
      db,
      sql`UPDATE email_outbox SET status = 'sending', attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => ${options.leaseSeconds ?? DEFAULT_LEASE_SECONDS})
          WHERE id IN (
            SELECT id FROM email_outbox
            WHERE (status = 'pending' AND next_attempt_at <= now()) OR (status = 'sending' AND next_attempt_at <= now())
            ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
          RETURNING id, notification_id, recipient_id, to_address, subject, text_body, html_body, attempts`,
    );
    const copies = await distributionCopies(db, due.flatMap((row) => (row.recipient_id === null ? [] : [row.recipient_id])));
    let sent = 0;
    for (const row of due) {
      if (stopped) break;
      const copy = row.recipient_id === null ? null : copies.get(row.recipient_id);
      if (row.recipient_id !== null && !(await stillDue(db, row, copy ?? undefined))) continue;
      try {
        await transport.sendMail({
          from: options.from,
          to: row.to_address,
          subject: row.subject,
          text: row.text_body,
          html: row.html_body,
          ...(copy
            ? {
                messageId: `<distribucion-${copy.distributionId}-${row.recipient_id}@redacta>`,
                attachments: copy.files.map((file) => ({ filename: file.filename, content: file.data, contentType: file.contentType })),
                headers: copy.unsubscribe
                  ? { "List-Unsubscribe": `<${copy.unsubscribe}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" }
                  : {},
              }
            : { messageId: `<notificacion-${row.notification_id}@redacta>` }),
        });
        // The outbox row and the delivery log change together: a kill between them would leave a copy sent but `pendiente` for ever.
        await db.transaction(async (tx) => {
          await tx.execute(sql`UPDATE email_outbox SET status = 'sent', sent_at = now(), last_error = NULL WHERE id = ${row.id}`);
          if (row.recipient_id !== null) {
            await tx.execute(sql`UPDATE distribution_recipients SET status = 'sent', sent_at = now(), error = NULL WHERE id = ${row.recipient_id}`);
          }
        });
        sent += 1;
      } catch (error) {
        const message = (error as Error).message.slice(0, 500);
        // The receiving server refused the address for good (5xx): a bounce, never tried again.
        const code = (error as { responseCode?: number }).responseCode;
        const bounced = copy !== undefined && copy !== null && typeof code === "number" && code >= 500 && code < 600;
        const giveUp = bounced || row.attempts >= MAX_ATTEMPTS;
        await db.transaction(async (tx) => {
          await tx.execute(
            sql`UPDATE email_outbox SET status = ${giveUp ? "failed" : "pending"}, last_error = ${message},
                next_attempt_at = now() + make_interval(secs => ${backoffSeconds(row.attempts)}) WHERE id = ${row.id}`,
          );
          if (row.recipient_id !== null && giveUp) {
            await tx.execute(sql`UPDATE distribution_recipients SET status = ${bounced ? "bounced" : "failed"}, error = ${message} WHERE id = ${row.recipient_id}`);
            if (bounced) await tx.execute(sql`UPDATE contacts SET status = 'bounced', status_changed_at = now() WHERE id = (SELECT contact_id FROM distribution_recipients WHERE id = ${row.recipient_id})`);
          }
        });
        log(`Correo a ${row.to_address} no enviado (intento ${row.attempts}): ${message}`);
      }
    }
    await settleDistributions(db, [...new Set([...copies.values()].map((copy) => copy.distributionId))]);
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
