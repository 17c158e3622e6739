import { z } from "zod";
import { digitsParam } from "./schemas";

/** The notification API (issue 10): the bell, the outbox for admins, one's own preferences, the people to mention or ask. */

export const notificationSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  bulletinId: z.number().int().nullable(),
  actorId: z.number().int().nullable(),
  actorName: z.string().nullable(),
  text: z.string(),
  /** The bulletin's headline now (null without one, or when the reader may no longer see it). */
  bulletinTitle: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof notificationSchema>;

export const notificationListSchema = z.object({ items: z.array(notificationSchema), total: z.number().int(), unread: z.number().int() });

export const notificationQuerySchema = z.strictObject({
  unread: z.enum(["true", "false"]).transform((value) => value === "true").optional(),
  page: digitsParam(z.number().int().min(1).max(10_000)).default(1),
  pageSize: digitsParam(z.number().int().min(1).max(100)).default(30),
});

export const markReadSchema = z.strictObject({
  /** These (one's own) or, when left out, all of them. */
  ids: z.array(z.number().int().min(1).max(2_147_483_647)).max(500).optional(),
});

export const preferencesSchema = z.strictObject({ emailNotifications: z.boolean() });

export const personSchema = z.object({ id: z.number().int(), name: z.string(), role: z.string() });

export const outboxItemSchema = z.object({
  id: z.number().int(),
  notificationId: z.number().int(),
  toAddress: z.string(),
  subject: z.string(),
  textBody: z.string(),
  status: z.string(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  sentAt: z.string().nullable(),
  createdAt: z.string(),
});
