/**
 * The notification API's shapes (issue 10), copied from shared/api/notification-schemas.ts
 * while that file is not committed; the client only speaks HTTP to it.
 */

export interface Notification {
  id: number;
  kind: string;
  bulletinId: number | null;
  actorId: number | null;
  actorName: string | null;
  text: string;
  /** The bulletin's headline now (null without one, or when the reader may no longer see it). */
  bulletinTitle: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationList {
  items: Notification[];
  total: number;
  unread: number;
}

export interface Person {
  id: number;
  name: string;
  role: string;
}

export type OutboxStatus = "pending" | "sending" | "sent" | "failed" | "kept";

export interface OutboxItem {
  id: number;
  notificationId: number;
  toAddress: string;
  subject: string;
  textBody: string;
  status: OutboxStatus | string;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
  createdAt: string;
}
