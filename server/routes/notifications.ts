import { and, count, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import {
  markReadSchema, notificationListSchema, notificationQuerySchema, outboxItemSchema, personSchema, preferencesSchema,
} from "../../shared/api/notification-schemas";
import { listOf, pageQuerySchema } from "../../shared/api/schemas";
import { rolesFor } from "../../shared/policies/office";
import { canSee } from "../../shared/policies/bulletin";
import { forgetUser } from "../auth/session-cache";
import { bulletins, emailOutbox, notifications, users } from "../db/schema";
import { noQuery, route } from "./registry";

export const notificationRoutes = [
  route({
    method: "get", path: "/notifications", summary: "Mis avisos (la campana), los más nuevos primero", access: "signed_in",
    query: notificationQuerySchema, response: notificationListSchema,
    async handler({ app, user, query }) {
      const mine = eq(notifications.userId, user!.id);
      const where = query.unread ? and(mine, isNull(notifications.readAt)) : mine;
      const rows = await app.db
        .select({ n: notifications, actorName: users.name, status: bulletins.status, authorId: bulletins.authorId, deletedAt: bulletins.deletedAt, title: sql<string | null>`${bulletins.content}->>'title'` })
        .from(notifications)
        .leftJoin(users, eq(users.id, notifications.actorId))
        .leftJoin(bulletins, eq(bulletins.id, notifications.bulletinId))
        .where(where)
        .orderBy(desc(notifications.id))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize);
      const [{ total } = { total: 0 }] = await app.db.select({ total: count() }).from(notifications).where(where);
      const [{ unread } = { unread: 0 }] = await app.db.select({ unread: count() }).from(notifications).where(and(mine, isNull(notifications.readAt)));
      const items = rows.map(({ n, actorName, status, authorId, deletedAt, title }) => {
        const visible = status !== null && authorId !== null && canSee(user!, { status, authorId, deletedAt });
        return {
          id: n.id, kind: n.kind, bulletinId: n.bulletinId, actorId: n.actorId, actorName, text: n.text,
          bulletinTitle: visible ? title : null, createdAt: n.createdAt.toISOString(), readAt: n.readAt?.toISOString() ?? null,
        };
      });
      return { json: { items, total: Number(total), unread: Number(unread) } };
    },
  }),
  route({
    method: "post", path: "/notifications/read", summary: "Marcar como leídos mis avisos (estos, o todos)", access: "signed_in",
    query: noQuery, body: markReadSchema, response: z.object({ unread: z.number().int() }),
    async handler({ app, user, body }) {
      const mine = and(eq(notifications.userId, user!.id), isNull(notifications.readAt));
      await app.db.update(notifications).set({ readAt: new Date() }).where(body.ids ? and(mine, inArray(notifications.id, body.ids.length ? body.ids : [0])) : mine);
      const [{ unread } = { unread: 0 }] = await app.db.select({ unread: count() }).from(notifications).where(mine);
      return { json: { unread: Number(unread) } };
    },
  }),
  route({
    method: "put", path: "/session/preferences", summary: "Mis preferencias: Recibir avisos por correo", access: "signed_in",
    query: noQuery, body: preferencesSchema, response: preferencesSchema,
    async handler({ app, user, body }) {
      await app.db.update(users).set({ emailNotifications: body.emailNotifications, updatedAt: new Date() }).where(eq(users.id, user!.id));
      forgetUser(user!.id);
      return { json: { emailNotifications: body.emailNotifications } };
    },
  }),
  route({
    method: "get", path: "/people", summary: "Las personas activas de la oficina (para mencionar o pedir una revisión)", access: "signed_in",
    query: noQuery, response: listOf(personSchema),
    async handler({ app }) {
      const items = await app.db.select({ id: users.id, name: users.name, role: users.role }).from(users).where(eq(users.disabled, false)).orderBy(users.name);
      return { json: { items, total: items.length } };
    },
  }),
  route({
    method: "get", path: "/outbox", summary: "Correo saliente: lo enviado, lo pendiente, lo fallido y lo guardado sin SMTP_URL", access: rolesFor("users.manage"),
    query: pageQuerySchema, response: listOf(outboxItemSchema),
    async handler({ app, query }) {
      const rows = await app.db.select().from(emailOutbox).orderBy(desc(emailOutbox.id)).limit(query.pageSize).offset((query.page - 1) * query.pageSize);
      const [{ total } = { total: 0 }] = await app.db.select({ total: count() }).from(emailOutbox);
      const items = rows.map((row) => ({
        id: row.id, notificationId: row.notificationId, toAddress: row.toAddress, subject: row.subject, textBody: row.textBody, status: row.status,
        attempts: row.attempts, lastError: row.lastError, sentAt: row.sentAt?.toISOString() ?? null, createdAt: row.createdAt.toISOString(),
      }));
      return { json: { items, total: Number(total) } };
    },
  }),
];
