import { and, count, desc, eq, inArray, isNull, or } from "drizzle-orm";
import type { BulletinStatus } from "../../../shared/api/schemas";
import type { DatabaseOrTransaction } from "../client";
import { events, users } from "../schema";

export interface NewEvent {
  bulletinId: number | null;
  actorId: number | null;
  action: string;
  fromStatus?: BulletinStatus | null;
  toStatus?: BulletinStatus | null;
  revision?: number | null;
  detail?: Record<string, unknown> | null;
}

/** Appends one event to the audit trail (the table refuses updates and deletes). */
export async function recordEvent(db: DatabaseOrTransaction, event: NewEvent): Promise<void> {
  await db.insert(events).values({
    bulletinId: event.bulletinId,
    actorId: event.actorId,
    action: event.action,
    fromStatus: event.fromStatus ?? null,
    toStatus: event.toStatus ?? null,
    revision: event.revision ?? null,
    detail: event.detail ?? null,
  });
}

/** A bulletin's audit trail, oldest first. */
export async function listEvents(db: DatabaseOrTransaction, bulletinId: number) {
  const rows = await db
    .select({ event: events, actorName: users.name })
    .from(events)
    .leftJoin(users, eq(users.id, events.actorId))
    .where(eq(events.bulletinId, bulletinId))
    .orderBy(events.id);
  return rows.map(({ event, actorName }) => ({ ...event, actorName, createdAt: event.createdAt.toISOString() }));
}

/**
 * The office's own audit trail, newest first: what is not about one bulletin
 * (users, sessions and sign-ins, profile, templates, numbering), plus templates
 * made from an archived bulletin (filed under that bulletin too).
 */
export async function listOfficeEvents(db: DatabaseOrTransaction, options: { page: number; pageSize: number }) {
  const where = or(isNull(events.bulletinId), eq(events.action, "create_template"));
  const [rows, [total]] = await Promise.all([
    db
      .select({ event: events, actorName: users.name })
      .from(events)
      .leftJoin(users, eq(users.id, events.actorId))
      .where(where)
      .orderBy(desc(events.id))
      .limit(options.pageSize)
      .offset((options.page - 1) * options.pageSize),
    db.select({ total: count() }).from(events).where(where),
  ]);
  return {
    items: rows.map(({ event, actorName }) => ({ ...event, actorName, createdAt: event.createdAt.toISOString() })),
    total: Number(total?.total ?? 0),
  };
}

/** The last revision at which `userId` reviewed (requested changes on or approved) the bulletin. */
export async function lastReviewedRevision(db: DatabaseOrTransaction, bulletinId: number, userId: number) {
  // Asked in SQL: a bulletin's events grow with every autosave, and the diff asks this each time.
  const [reviewed] = await db
    .select({ revision: events.revision })
    .from(events)
    .where(and(eq(events.bulletinId, bulletinId), eq(events.actorId, userId), inArray(events.action, ["request_changes", "approve"])))
    .orderBy(desc(events.id))
    .limit(1);
  return reviewed?.revision ?? null;
}
