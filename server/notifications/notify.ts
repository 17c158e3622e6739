import { and, eq, inArray, ne } from "drizzle-orm";
import type { DatabaseOrTransaction } from "../db/client";
import { emailOutbox, notifications, users } from "../db/schema";
import { escapeHtml } from "../export/html";

/**
 * Telling people: a notification per person concerned, written in the transaction of
 * the event that causes it (no notification without its event, none lost), and, for
 * those who receive e-mail, a row in the outbox the sender works through
 * (server/notifications/sender.ts). Without SMTP_URL the e-mail is kept, for admins to
 * read under `Correo saliente`, never silently dropped.
 */

export type NotificationKind =
  | "assigned" | "changes_requested" | "comment" | "mentioned" | "suggestion_accepted" | "suggestion_rejected"
  | "approved" | "published" | "withdrawn";

export interface MailSettings {
  /** SMTP_URL is set: outbox rows are sent; otherwise kept. */
  sending: boolean;
  /** PUBLIC_URL: where links in e-mails point (`https://redacta.example.mx`). */
  publicUrl: string;
}

let settings: MailSettings = { sending: false, publicUrl: "http://localhost:3000" };

/** Whether e-mail is sent or kept, and where its links point. */
export function mailSettings(): MailSettings {
  return settings;
}

export function configureMail(next: MailSettings): void {
  settings = { ...next, publicUrl: next.publicUrl.replace(/\/+$/, "") };
}

export interface Notice {
  kind: NotificationKind;
  /** Who is told; the actor and disabled accounts are left out. */
  userIds: readonly number[];
  actorId: number;
  bulletinId: number | null;
  /** One Spanish sentence, shown in the bell and as the e-mail's subject. */
  text: string;
  /** The bulletin's headline, for the e-mail. */
  title?: string;
}

/** Writes the notifications (and their e-mails) of `notice`; returns how many people were told. */
export async function notify(tx: DatabaseOrTransaction, notice: Notice): Promise<number> {
  const ids = [...new Set(notice.userIds)].filter((id) => id !== notice.actorId);
  if (ids.length === 0) return 0;
  const people = await tx
    .select({ id: users.id, email: users.email, name: users.name, wantsEmail: users.emailNotifications })
    .from(users)
    .where(and(inArray(users.id, ids), eq(users.disabled, false), ne(users.id, notice.actorId)));
  if (people.length === 0) return 0;
  const rows = await tx
    .insert(notifications)
    .values(people.map((person) => ({ userId: person.id, kind: notice.kind, bulletinId: notice.bulletinId, actorId: notice.actorId, text: notice.text })))
    .returning({ id: notifications.id, userId: notifications.userId });
  const link = notice.bulletinId === null ? settings.publicUrl : `${settings.publicUrl}/boletines/${notice.bulletinId}`;
  const mails = rows.flatMap((row) => {
    const person = people.find((p) => p.id === row.userId)!;
    if (!person.wantsEmail) return [];
    const subject = notice.title ? `${notice.text} — «${notice.title}»` : notice.text;
    const textBody = `Hola, ${person.name}:\n\n${notice.text}${notice.title ? `\n«${notice.title}»` : ""}\n\nÁbrelo en Redacta: ${link}\n\nRecibes este aviso porque está activado «Recibir avisos por correo» en tu cuenta.`;
    const htmlBody = `<p>Hola, ${escapeHtml(person.name)}:</p><p>${escapeHtml(notice.text)}${notice.title ? `<br><strong>«${escapeHtml(notice.title)}»</strong>` : ""}</p><p><a href="${escapeHtml(link)}">Ábrelo en Redacta</a></p><p style="color:#666">Recibes este aviso porque está activado «Recibir avisos por correo» en tu cuenta.</p>`;
    return [{ notificationId: row.id, toAddress: person.email, subject, textBody, htmlBody, status: settings.sending ? ("pending" as const) : ("kept" as const) }];
  });
  if (mails.length) await tx.insert(emailOutbox).values(mails);
  return rows.length;
}
