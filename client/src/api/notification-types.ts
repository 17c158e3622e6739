import type { z } from "zod";
import type { notificationListSchema, outboxItemSchema, personSchema } from "../../../shared/api/notification-schemas";

/** The notification API's shapes (issue 10), from shared/api/notification-schemas.ts. */

export type { Notification } from "../../../shared/api/notification-schemas";
export type NotificationList = z.infer<typeof notificationListSchema>;
export type Person = z.infer<typeof personSchema>;
/** `status`: pending, sending, sent, failed, or kept (no SMTP_URL). */
export type OutboxItem = z.infer<typeof outboxItemSchema>;
