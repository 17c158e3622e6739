import { randomBytes } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { User } from "../../shared/api/schemas";
import type { Distribution, RecipientStatus } from "../../shared/api/distributions";
import { officeTimeLong } from "../../shared/distribution/mexico-time";
import type { PolicyUser } from "../../shared/policies/bulletin";
import { may } from "../../shared/policies/office";
import { hashApproval } from "../bulletin-hash";
import { queryRows, type Database, type DatabaseOrTransaction } from "../db/client";
import { findRevision } from "../db/queries/bulletins";
import { recordEvent } from "../db/queries/events";
import {
  bulletinCorrections, bulletins, contactListMembers, contactLists, contacts, distributionFiles, distributionRecipients, distributions, emailOutbox, users,
} from "../db/schema";
import { DomainError, notFound } from "../errors";
import { distributionMessage, withUnsubscribe, type DistributionKind } from "../distribution/message";
import { mailSettings } from "../notifications/notify";
import { unsubscribeUrl } from "../unsubscribe";
import { loadBulletin } from "../policies/bulletin";
import { CONTENT_TYPES, renderExport, type ExportFormat } from "./exportBulletin";

/** How far ahead a sending may be scheduled. */
const MAX_AHEAD_MS = 366 * 24 * 60 * 60 * 1000;

export interface DistributionRequest {
  listIds: number[];
  sendAt?: Date;
  embargoUntil?: Date;
  note?: string;
  /** `correction` and `withdrawal` go to the earlier recipients instead of lists (corrections.ts). */
  kind?: DistributionKind;
  /** What a correction corrected, why a bulletin is withdrawn (printed on top). */
  reason?: string | null;
  /** Send to these addresses (the earlier recipients) instead of the lists' members. */
  recipientsOf?: number[];
}

/** The unsubscribe page of a contact (`/baja/:token`, server/unsubscribe.ts), under PUBLIC_URL. */
export function unsubscribeLink(token: string): string {
  return unsubscribeUrl(mailSettings().publicUrl, token);
}

interface Target {
  contactId: number | null;
  email: string;
  name: string;
  outlet: string;
  status: "active" | "unsubscribed" | "bounced";
  token: string | null;
}

/** Who a distribution goes to: the lists' members (or the earlier recipients), each address once. */
async function targets(tx: DatabaseOrTransaction, request: DistributionRequest): Promise<Target[]> {
  if (request.recipientsOf) {
    if (request.recipientsOf.length === 0) return [];
    // Exactly the earlier recipients: those a copy reached or was meant to reach (not the ones left out then).
    const rows = await queryRows<{ contact_id: number | null; email: string; name: string; outlet: string; status: string | null; token: string | null }>(
      tx,
      sql`SELECT DISTINCT ON (r.email) r.contact_id, r.email, r.name, r.outlet, c.status, c.unsubscribe_token AS token
          FROM ${distributionRecipients} r LEFT JOIN ${contacts} c ON c.id = r.contact_id
          WHERE r.distribution_id IN (${sql.join(request.recipientsOf.map((id) => sql`${id}`), sql`, `)})
            AND r.status IN ('pending', 'sent', 'failed')
          ORDER BY r.email, r.id`,
    );
    return rows.map((row) => ({
      contactId: row.contact_id, email: row.email, name: row.name, outlet: row.outlet,
      status: (row.status ?? "unsubscribed") as Target["status"], token: row.token,
    }));
  }
  const rows = await tx
    .selectDistinct({ id: contacts.id, email: contacts.email, name: contacts.name, outlet: contacts.outlet, status: contacts.status, token: contacts.unsubscribeToken })
    .from(contactListMembers)
    .innerJoin(contacts, eq(contacts.id, contactListMembers.contactId))
    .where(inArray(contactListMembers.listId, request.listIds));
  return rows.map((row) => ({ contactId: row.id, email: row.email, name: row.name, outlet: row.outlet, status: row.status, token: row.token }));
}

/**
 * Sends the approved revision of a bulletin to media lists, now or at `sendAt`: the message
 * and its DOCX and PDF (with the embargo line) are fixed now; each recipient's copy is an
 * outbox row the sender takes when due, exactly once. Written in one transaction with the
 * audit event; an embargo is never shortened.
 */
export async function createDistribution(
  db: Database,
  user: Pick<User, "id" | "role"> & PolicyUser,
  id: number,
  request: DistributionRequest,
): Promise<number> {
  const kind = request.kind ?? "original";
  const now = new Date();
  if (request.sendAt && request.sendAt.getTime() - now.getTime() > MAX_AHEAD_MS) {
    throw new DomainError("validation_error", "Un envío se programa como mucho con un año de anticipación.", [{ path: "sendAt", message: "Elige una fecha más cercana." }]);
  }
  if (request.embargoUntil && request.embargoUntil <= now) {
    throw new DomainError("validation_error", "El embargo debe terminar en el futuro.", [{ path: "embargoUntil", message: "Elige una fecha y hora futuras." }]);
  }
  const distributionId = await db.transaction(async (tx) => {
    const bulletin = await loadBulletin(tx, user, id, "distribute", { forUpdate: true });
    if (bulletin.withdrawnAt && kind !== "withdrawal") {
      throw new DomainError("bulletin_withdrawn", "Este boletín fue retirado: ya no se distribuye.");
    }
    const version = bulletin.approvedRevision;
    const revision = version === null ? null : await findRevision(tx, id, version);
    const organization = bulletin.approvedProfile;
    if (!revision || !organization || hashApproval(revision.content, organization) !== bulletin.approvedHash) {
      throw new DomainError("integrity_error", "La revisión aprobada no coincide con su huella; no se distribuye. Avisa a un administrador.");
    }

    const lists = request.listIds.length
      ? await tx.select({ id: contactLists.id, name: contactLists.name }).from(contactLists).where(inArray(contactLists.id, request.listIds))
      : [];
    const missing = request.listIds.filter((listId) => !lists.some((list) => list.id === listId));
    if (missing.length) throw notFound(missing.length === 1 ? `La lista ${missing[0]}` : `Las listas ${missing.join(", ")}`);

    const everyone = await targets(tx, request);
    const reachable = everyone.filter((target) => target.status === "active");
    if (reachable.length === 0) {
      throw new DomainError(
        "no_recipients",
        everyone.length === 0 ? "Las listas elegidas no tienen contactos." : "Nadie en las listas elegidas recibe boletines: todos dieron de baja o rebotaron.",
      );
    }

    // An embargo holds until it lifts: a later sending keeps it, and may lengthen it but not cut it short.
    const current = bulletin.embargoUntil && bulletin.embargoUntil > now ? bulletin.embargoUntil : null;
    if (current && request.embargoUntil && request.embargoUntil < current && kind !== "correction") {
      throw new DomainError(
        "embargo_shortened",
        `El boletín ya salió embargado hasta ${officeTimeLong(current)}: el embargo no se acorta (para cambiarlo hace falta una corrección aprobada).`,
      );
    }
    const embargoUntil = request.embargoUntil ?? current;
    const sendAt = request.sendAt && request.sendAt > now ? request.sendAt : now;

    const message = distributionMessage({ kind, content: revision.content, organization, note: request.note ?? "", embargoUntil, reason: request.reason });
    const [row] = await tx
      .insert(distributions)
      .values({
        bulletinId: id, revision: revision.version, kind, listIds: lists.map((list) => list.id), note: request.note ?? "",
        sendAt, embargoUntil, subject: message.subject, textBody: message.text, htmlBody: message.html,
        recipientCount: reachable.length, createdBy: user.id,
      })
      .returning({ id: distributions.id });
    const distributionId = row!.id;

    // The attachments, as the exports of the approved revision with the lines on top.
    // A withdrawal notice attaches nothing: the text it withdraws must not travel again.
    const formats = kind === "withdrawal" ? [] : (Object.keys(CONTENT_TYPES) as ExportFormat[]).filter((format) => (["docx", "pdf"] as string[]).includes(format));
    const number = revision.content.number;
    const base = number ? `boletin-${number.seq}-${number.year}` : `boletin-${id}`;
    const options = { organization, draft: false, revision: revision.version, contentHash: revision.hash, approvalHash: bulletin.approvedHash!, banner: message.banner };
    for (const format of formats) {
      const data = await renderExport(revision.content, options, format);
      await tx.insert(distributionFiles).values({ distributionId, filename: `${base}.${format}`, contentType: CONTENT_TYPES[format], data });
    }

    // Contacts without a token yet (made before tokens existed) get one now: every copy carries its link.
    for (const target of reachable.filter((each) => each.contactId !== null && !each.token)) {
      target.token = randomBytes(24).toString("base64url");
      await tx.update(contacts).set({ unsubscribeToken: target.token }).where(eq(contacts.id, target.contactId!));
    }
    const recipients = await tx
      .insert(distributionRecipients)
      .values(
        everyone.map((target) => ({
          distributionId, contactId: target.contactId, email: target.email, name: target.name, outlet: target.outlet,
          status: (target.status === "active" ? "pending" : target.status) as RecipientStatus,
        })),
      )
      .returning({ id: distributionRecipients.id, email: distributionRecipients.email, status: distributionRecipients.status });
    const { sending } = mailSettings();
    const mails = recipients
      .filter((recipient) => recipient.status === "pending")
      .map((recipient) => {
        const target = reachable.find((each) => each.email === recipient.email)!;
        const copy = withUnsubscribe(message, organization.name, target.token ? unsubscribeLink(target.token) : mailSettings().publicUrl);
        return {
          recipientId: recipient.id, toAddress: recipient.email, subject: message.subject, textBody: copy.text, htmlBody: copy.html,
          status: sending ? ("pending" as const) : ("kept" as const), nextAttemptAt: sendAt,
        };
      });
    for (let start = 0; start < mails.length; start += 500) await tx.insert(emailOutbox).values(mails.slice(start, start + 500));

    if (embargoUntil && (!bulletin.embargoUntil || embargoUntil > bulletin.embargoUntil)) {
      await tx.update(bulletins).set({ embargoUntil }).where(eq(bulletins.id, id));
    }
    await recordEvent(tx, {
      bulletinId: id, actorId: user.id, action: kind === "original" ? "distribute" : kind === "correction" ? "distribute_correction" : "distribute_withdrawal",
      revision: revision.version,
      detail: {
        distributionId, lists: lists.map((list) => list.name), recipients: reachable.length, leftOut: everyone.length - reachable.length,
        sendAt: sendAt.toISOString(), embargoUntil: embargoUntil?.toISOString() ?? null,
      },
    });
    return distributionId;
  });
  return distributionId;
}

/** `Cancelar envío`: only while none of its e-mails was taken; the pending copies are dropped. */
export async function cancelDistribution(db: Database, user: Pick<User, "id" | "role"> & PolicyUser, id: number, distributionId: number): Promise<void> {
  await db.transaction(async (tx) => {
    await loadBulletin(tx, user, id, "distribute");
    const [row] = await queryRows<{ status: string }>(tx, sql`SELECT status FROM ${distributions} WHERE id = ${distributionId} AND bulletin_id = ${id} FOR UPDATE`);
    if (!row) throw notFound("El envío");
    if (row.status === "cancelled") return;
    // The copies, locked: a sender that took one first has it `sending` (or sent) by the time we read it.
    const copies = await queryRows<{ id: number; status: string }>(
      tx,
      sql`SELECT o.id, o.status FROM ${emailOutbox} o JOIN ${distributionRecipients} r ON r.id = o.recipient_id
          WHERE r.distribution_id = ${distributionId} FOR UPDATE OF o`,
    );
    if (row.status !== "scheduled" || copies.some((copy) => copy.status === "sending" || copy.status === "sent")) {
      throw new DomainError("distribution_started", "Este envío ya empezó: no se puede cancelar.");
    }
    await tx.delete(emailOutbox).where(inArray(emailOutbox.id, copies.map((copy) => copy.id).concat(0)));
    await tx.update(distributionRecipients).set({ status: "cancelled" }).where(and(eq(distributionRecipients.distributionId, distributionId), eq(distributionRecipients.status, "pending")));
    await tx.update(distributions).set({ status: "cancelled", cancelledAt: new Date(), cancelledBy: user.id }).where(eq(distributions.id, distributionId));
    await recordEvent(tx, { bulletinId: id, actorId: user.id, action: "cancel_distribution", detail: { distributionId, copies: copies.length } });
  });
}

/** `Reenviar a los fallidos`: their copies go again, from the first attempt. */
export async function resendFailed(db: Database, user: Pick<User, "id" | "role"> & PolicyUser, id: number, distributionId: number): Promise<number> {
  return db.transaction(async (tx) => {
    await loadBulletin(tx, user, id, "distribute");
    const [row] = await queryRows<{ status: string }>(tx, sql`SELECT status FROM ${distributions} WHERE id = ${distributionId} AND bulletin_id = ${id} FOR UPDATE`);
    if (!row) throw notFound("El envío");
    const failed = await queryRows<{ id: number }>(
      tx,
      sql`UPDATE ${distributionRecipients} r SET status = 'pending', error = NULL
          FROM ${contacts} c
          WHERE r.distribution_id = ${distributionId} AND r.status = 'failed' AND c.id = r.contact_id AND c.status = 'active'
          RETURNING r.id`,
    );
    if (failed.length === 0) return 0;
    await tx
      .update(emailOutbox)
      .set({ status: mailSettings().sending ? "pending" : "kept", attempts: 0, nextAttemptAt: new Date(), lastError: null })
      .where(inArray(emailOutbox.recipientId, failed.map((each) => each.id)));
    await tx.update(distributions).set({ status: "sending" }).where(eq(distributions.id, distributionId));
    await recordEvent(tx, { bulletinId: id, actorId: user.id, action: "resend_distribution", detail: { distributionId, recipients: failed.length } });
    return failed.length;
  });
}

const ALL_STATUSES: RecipientStatus[] = ["pending", "sent", "failed", "bounced", "unsubscribed", "cancelled"];

/** The delivery log: every distribution of the bulletin, newest first, with each recipient's status. */
export async function listDistributions(db: Database, user: Pick<User, "id" | "role"> & PolicyUser, id: number): Promise<Distribution[]> {
  await loadBulletin(db, user, id, "read");
  const seesRecipients = may(user, "bulletins.distribute") || may(user, "lists.manage");
  const rows = await db
    .select({ distribution: distributions, createdByName: users.name })
    .from(distributions)
    .innerJoin(users, eq(users.id, distributions.createdBy))
    .where(eq(distributions.bulletinId, id))
    .orderBy(sql`${distributions.id} DESC`);
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.distribution.id);
  const recipients = await queryRows<{
    id: number; distribution_id: number; email: string; name: string; outlet: string; status: RecipientStatus; error: string | null;
    sent_at: string | null; outbox_status: string | null; last_error: string | null;
  }>(
    db,
    sql`SELECT r.id, r.distribution_id, r.email, r.name, r.outlet, r.status, r.error, r.sent_at, o.status AS outbox_status, o.last_error
        FROM ${distributionRecipients} r LEFT JOIN ${emailOutbox} o ON o.recipient_id = r.id
        WHERE r.distribution_id IN (${sql.join(ids.map((each) => sql`${each}`), sql`, `)})
        ORDER BY r.email`,
  );
  const listNames = await db.select({ id: contactLists.id, name: contactLists.name }).from(contactLists);
  return rows.map(({ distribution, createdByName }) => {
    const mine = recipients.filter((recipient) => recipient.distribution_id === distribution.id);
    const counts = Object.fromEntries(ALL_STATUSES.map((status) => [status, mine.filter((recipient) => recipient.status === status).length])) as Record<RecipientStatus, number>;
    return {
      id: distribution.id,
      bulletinId: distribution.bulletinId,
      revision: distribution.revision,
      kind: distribution.kind,
      status: distribution.status,
      lists: distribution.listIds.map((listId) => ({ id: listId, name: listNames.find((list) => list.id === listId)?.name ?? `Lista ${listId}` })),
      note: distribution.note,
      subject: distribution.subject,
      sendAt: distribution.sendAt.toISOString(),
      embargoUntil: distribution.embargoUntil?.toISOString() ?? null,
      createdBy: { id: distribution.createdBy, name: createdByName },
      createdAt: distribution.createdAt.toISOString(),
      cancelledAt: distribution.cancelledAt?.toISOString() ?? null,
      counts,
      // Who the media are is for those who send and keep the lists; the others see the counts.
      recipients: (seesRecipients ? mine : []).map((recipient) => ({
        id: recipient.id, email: recipient.email, name: recipient.name, outlet: recipient.outlet, status: recipient.status,
        // Still pending after a failed attempt: the last SMTP error says why it is being retried.
        error: recipient.error ?? (recipient.status === "pending" ? recipient.last_error : null),
        sentAt: recipient.sent_at ? new Date(recipient.sent_at).toISOString() : null,
        kept: recipient.outbox_status === "kept",
      })),
    };
  });
}

/** The sendings whose recipients a correction or a withdrawal notice goes to: every one not cancelled. */
async function earlierSendings(db: DatabaseOrTransaction, bulletinId: number): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`SELECT id FROM ${distributions} WHERE bulletin_id = ${bulletinId} AND status <> 'cancelled' AND kind IN ('original', 'correction') ORDER BY id`,
  );
  return rows.map((row) => row.id);
}

/**
 * After a published correction: `CORRECCIÓN / FE DE ERRATAS` with the corrected text to exactly
 * the earlier recipients, once (a second call finds it sent). Returns the new sending's id, or
 * null when the bulletin had never been distributed or it is done already.
 */
export async function sendCorrection(db: Database, user: Pick<User, "id" | "role"> & PolicyUser, id: number): Promise<number | null> {
  const [correction] = await queryRows<{ revision: number; note: string }>(
    db,
    sql`SELECT c.revision, c.note FROM ${bulletinCorrections} c WHERE c.bulletin_id = ${id}
          AND NOT EXISTS (SELECT 1 FROM ${distributions} d WHERE d.bulletin_id = c.bulletin_id AND d.kind = 'correction' AND d.revision = c.revision)
        ORDER BY c.id DESC LIMIT 1`,
  );
  if (!correction) return null;
  const earlier = await earlierSendings(db, id);
  if (earlier.length === 0) return null;
  return toEarlierRecipients(() => createDistribution(db, user, id, { listIds: [], kind: "correction", reason: correction.note, recipientsOf: earlier }));
}

/** A notice to the earlier recipients; none of them left to reach (all unsubscribed since) is not an error. */
async function toEarlierRecipients(send: () => Promise<number>): Promise<number | null> {
  try {
    return await send();
  } catch (error) {
    if (error instanceof DomainError && error.code === "no_recipients") return null;
    throw error;
  }
}

/**
 * `Retirar`: the bulletin stays at its number (never given again) and the public page says it
 * was withdrawn, with the note; its earlier recipients get the notice. Only a published bulletin.
 */
export async function retractBulletin(db: Database, user: Pick<User, "id" | "role"> & PolicyUser, id: number, note: string): Promise<number | null> {
  await db.transaction(async (tx) => {
    const bulletin = await loadBulletin(tx, user, id, "distribute", { forUpdate: true });
    if (bulletin.status !== "published" && bulletin.publishedRevision === null) {
      throw new DomainError("invalid_transition", "Solo se retira un boletín publicado.");
    }
    if (bulletin.withdrawnAt) throw new DomainError("bulletin_withdrawn", "Este boletín ya fue retirado.");
    await tx.update(bulletins).set({ withdrawnAt: new Date(), withdrawnBy: user.id, withdrawalNote: note, updatedAt: new Date() }).where(eq(bulletins.id, id));
    await recordEvent(tx, { bulletinId: id, actorId: user.id, action: "retract", revision: bulletin.publishedRevision ?? bulletin.approvedRevision, detail: { note } });
  });
  const earlier = await earlierSendings(db, id);
  if (earlier.length === 0) return null;
  return toEarlierRecipients(() => createDistribution(db, user, id, { listIds: [], kind: "withdrawal", reason: note, recipientsOf: earlier }));
}
