import { sql } from "drizzle-orm";
import {
  bigserial, boolean, customType, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex,
} from "drizzle-orm/pg-core";
import type { Bulletin } from "../../shared/bulletin/schema";
import type { BulletinStatus, Role } from "../../shared/api/schemas";
import type { Organization } from "../../shared/organization";
import type { Template } from "../../shared/template/schema";

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => Buffer.from(value),
});
const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
};

export const users = pgTable("users", {
  id: serial("id").primaryKey(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  role: text("role").$type<Role>().notNull(),
  passwordHash: text("password_hash").notNull(),
  /**
   * Who set the current password when it was not the user (an admin creating the account
   * or resetting it): until the owner sets their own, four-eyes counts that person too.
   */
  passwordSetBy: integer("password_set_by"),
  disabled: boolean("disabled").notNull().default(false),
  /** `Recibir avisos por correo`: notifications are also e-mailed (when SMTP_URL is set). */
  emailNotifications: boolean("email_notifications").notNull().default(true),
  ...timestamps,
});

/** express-session rows: shared by every server process. */
export const sessions = pgTable(
  "sessions",
  {
    sid: text("sid").primaryKey(),
    userId: integer("user_id").references(() => users.id, { onDelete: "cascade" }),
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("sessions_user_idx").on(table.userId), index("sessions_expires_idx").on(table.expiresAt)],
);

/** Failed sign-ins per account or per address, to slow guessing down. */
export const signInThrottle = pgTable("sign_in_throttle", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull().default(0),
  lastFailureAt: timestamp("last_failure_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Browsers that signed in to an account before (a `redacta.device` cookie holds the token;
 * only its sha256 is kept): their sign-ins have a budget of their own, so a guesser
 * elsewhere cannot lock the account's owner out.
 */
export const trustedDevices = pgTable(
  "trusted_devices",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (table) => [index("trusted_devices_user_idx").on(table.userId), index("trusted_devices_expires_idx").on(table.expiresAt)],
);

/** One row: the organisation profile. */
export const organization = pgTable("organization", {
  id: integer("id").primaryKey().default(1),
  profile: jsonb("profile").$type<Organization>().notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const templates = pgTable("templates", {
  id: text("id").primaryKey(),
  data: jsonb("data").$type<Template>().notNull(),
  sourceBulletinId: integer("source_bulletin_id"),
  /** Who wrote the text a draft made from this template starts with (admins who edited it): four-eyes counts them. */
  writerIds: integer("writer_ids").array().notNull().default(sql`'{}'::integer[]`),
  ...timestamps,
});

export const bulletins = pgTable(
  "bulletins",
  {
    id: serial("id").primaryKey(),
    status: text("status").$type<BulletinStatus>().notNull(),
    authorId: integer("author_id").notNull().references(() => users.id),
    numberYear: integer("number_year"),
    numberSeq: integer("number_seq"),
    content: jsonb("content").$type<Bulletin>().notNull(),
    version: integer("version").notNull().default(1),
    approvedRevision: integer("approved_revision"),
    /** sha256 of the approved revision's content together with `approvedProfile`: what every final export must match. */
    approvedHash: text("approved_hash"),
    /** The organisation profile in force at approval (letterhead, label, default place): final exports use it, forever. */
    approvedProfile: jsonb("approved_profile").$type<Organization>(),
    /** sha256 of an imported file: importing it again finds this row. */
    sourceKey: text("source_key").unique(),
    templateId: text("template_id"),
    /** The bulletin this draft was copied from (`Copia de No. 493/2024`). */
    copiedFromId: integer("copied_from_id"),
    /** A draft its author or an admin deleted (never a numbered bulletin): hidden from everyone but admins, who may restore it. */
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    deletedBy: integer("deleted_by"),
    /**
     * Who wrote the text this bulletin started from (the writers of the draft it was copied
     * from, or of its template): until its first approval, four-eyes counts them as writers.
     */
    originWriterIds: integer("origin_writer_ids").array().notNull().default(sql`'{}'::integer[]`),
    /** The revision the public page and the media have: set by `publish`, moved by a published correction. */
    publishedRevision: integer("published_revision"),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    /** Nothing of it is public (page, feed, downloads) before this instant; set by a distribution, never shortened. */
    embargoUntil: timestamp("embargo_until", { withTimezone: true }),
    /** `Retirar`: the number stays used; the public page says it was withdrawn, with the note. */
    withdrawnAt: timestamp("withdrawn_at", { withTimezone: true }),
    withdrawnBy: integer("withdrawn_by"),
    withdrawalNote: text("withdrawal_note"),
    /** While a published bulletin is being corrected (`Corregir`): what the correction changes. */
    correctionNote: text("correction_note"),
    /** What archive search reads (plain text of the bulletin) and its weighted vector. */
    searchText: text("search_text").notNull().default(""),
    search: tsvector("search"),
    /** Headline and highlights only: small enough to stay in the row, so ranking by it is cheap. */
    searchHead: tsvector("search_head"),
    ...timestamps,
  },
  (table) => [
    uniqueIndex("bulletins_number_unique").on(table.numberYear, table.numberSeq),
    index("bulletins_status_idx").on(table.status, table.updatedAt),
    index("bulletins_author_idx").on(table.authorId),
    index("bulletins_search_idx").using("gin", table.search),
    // Archive search (server/search/archive-search.ts): headline/highlight matches through their own
    // GIN index, each tier's page read newest first from an index, a number asked for without its year.
    index("bulletins_search_head_idx").using("gin", table.searchHead),
    index("bulletins_recency_idx").on(table.updatedAt, table.id),
    index("bulletins_number_seq_idx").on(table.numberSeq),
    // A tenth of the bulletins (ids ending in 000–099) in a GIN index of their own: 1,001 matches among them
    // prove a search's count is past the cap while reading a tenth of the postings (server/search/archive-search.ts).
    index("bulletins_search_sample_idx").using("gin", table.search).where(sql`id % 1000 < 100`),
  ],
);

export const revisions = pgTable(
  "revisions",
  {
    bulletinId: integer("bulletin_id").notNull().references(() => bulletins.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    content: jsonb("content").$type<Bulletin>().notNull(),
    hash: text("hash").notNull(),
    authorId: integer("author_id").notNull().references(() => users.id),
    /**
     * Who had set the writer's password when this revision was saved (not its owner): they
     * could have written it as that account, so four-eyes counts them among the writers.
     */
    custodianId: integer("custodian_id"),
    status: text("status").$type<BulletinStatus>().notNull(),
    /**
     * A sealed revision is never extended again. An open one is the latest save of one
     * person's editing session: their next autosave within 10 minutes replaces it (under
     * a new version number) instead of adding one. Someone else reading or reviewing it,
     * any transition, a comment, a suggestion or a restore seals it.
     */
    sealed: boolean("sealed").notNull().default(false),
    /** Suggestions this revision applied (accepting them wrote it). */
    appliedSuggestions: integer("applied_suggestions").array().notNull().default(sql`'{}'::integer[]`),
    /** The version whose content this revision restored. */
    restoredFrom: integer("restored_from"),
    /** When the editing session this revision holds began (created) and last saved (updated). */
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.bulletinId, table.version] })],
);

export const comments = pgTable(
  "comments",
  {
    id: serial("id").primaryKey(),
    bulletinId: integer("bulletin_id").notNull().references(() => bulletins.id, { onDelete: "cascade" }),
    revision: integer("revision").notNull(),
    authorId: integer("author_id").notNull().references(() => users.id),
    body: text("body").notNull(),
    quote: text("quote"),
    /** A reply's thread (the first comment); null for the comment that opens a thread. */
    parentId: integer("parent_id"),
    /**
     * Where the quoted passage is in the bulletin's current revision: a field
     * (`title`, `highlights.0`, `body`…) and character offsets in its plain text,
     * carried through every revision saved since (shared/review/mapping.ts). Null
     * without a passage, and once the passage was deleted (`outdated`).
     */
    anchorField: text("anchor_field"),
    anchorFrom: integer("anchor_from"),
    anchorTo: integer("anchor_to"),
    outdated: boolean("outdated").notNull().default(false),
    resolved: boolean("resolved").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("comments_bulletin_idx").on(table.bulletinId)],
);

/**
 * A suggested edit (track changes): replace `[from, to)` of a field's plain text with
 * `insert`, on revision `revision`. Open suggestions are carried through every revision
 * saved after it, like comment anchors; one whose passage changed meanwhile is
 * `outdated`, never applied.
 */
export const suggestions = pgTable(
  "suggestions",
  {
    id: serial("id").primaryKey(),
    bulletinId: integer("bulletin_id").notNull().references(() => bulletins.id, { onDelete: "cascade" }),
    /** The revision `from`/`to` refer to (the current one while the suggestion is open). */
    revision: integer("revision").notNull(),
    authorId: integer("author_id").notNull().references(() => users.id),
    field: text("field").notNull(),
    fromOffset: integer("from_offset").notNull(),
    toOffset: integer("to_offset").notNull(),
    /** The text it removes (`[from, to)` when made) and the text it puts in its place. */
    deleted: text("deleted").notNull(),
    inserted: text("inserted").notNull(),
    status: text("status").$type<"open" | "accepted" | "rejected" | "outdated">().notNull().default("open"),
    decidedBy: integer("decided_by"),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("suggestions_bulletin_idx").on(table.bulletinId, table.status)],
);

/** The last number given in each year; numbers are taken from here inside the approval transaction. */
export const numberCounters = pgTable("number_counters", {
  year: integer("year").primaryKey(),
  lastSeq: integer("last_seq").notNull(),
});

/** The audit trail. A trigger (migration 0001) refuses UPDATE, DELETE and TRUNCATE. */
export const events = pgTable(
  "events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    bulletinId: integer("bulletin_id"),
    actorId: integer("actor_id"),
    action: text("action").notNull(),
    fromStatus: text("from_status").$type<BulletinStatus>(),
    toStatus: text("to_status").$type<BulletinStatus>(),
    revision: integer("revision"),
    detail: jsonb("detail").$type<Record<string, unknown>>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().default(sql`now()`),
  },
  (table) => [index("events_bulletin_idx").on(table.bulletinId, table.id)],
);

/** Server-wide values every process must share (the session signing secret). */
export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

/** Reviewers the author (or a reviewer handing it on) asked to review a bulletin; none: `Cualquier revisor`. */
export const bulletinReviewers = pgTable(
  "bulletin_reviewers",
  {
    bulletinId: integer("bulletin_id").notNull().references(() => bulletins.id, { onDelete: "cascade" }),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    assignedBy: integer("assigned_by"),
    assignedAt: timestamp("assigned_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.bulletinId, table.userId] }), index("bulletin_reviewers_user_idx").on(table.userId)],
);

/** What a person is told (the bell), written in the transaction of the event that causes it. */
export const notifications = pgTable(
  "notifications",
  {
    id: serial("id").primaryKey(),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    bulletinId: integer("bulletin_id"),
    actorId: integer("actor_id"),
    text: text("text").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp("read_at", { withTimezone: true }),
  },
  (table) => [index("notifications_user_idx").on(table.userId, table.id)],
);

/**
 * The e-mail outbox: one row per notification to e-mail, written with it; a sender takes
 * due rows (FOR UPDATE SKIP LOCKED on PostgreSQL) and marks them sent, so each is sent once.
 */
export const emailOutbox = pgTable(
  "email_outbox",
  {
    id: serial("id").primaryKey(),
    /** A notification's e-mail, or (`recipientId`) one recipient's copy of a distribution. */
    notificationId: integer("notification_id").unique().references(() => notifications.id, { onDelete: "cascade" }),
    recipientId: integer("recipient_id").unique().references(() => distributionRecipients.id, { onDelete: "cascade" }),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    htmlBody: text("html_body").notNull(),
    /** `pending` (to send), `sending` (taken), `sent`, `failed` (gave up), `kept` (no SMTP_URL: shown to admins). */
    status: text("status").$type<"pending" | "sending" | "sent" | "failed" | "kept">().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastError: text("last_error"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("email_outbox_due_idx").on(table.status, table.nextAttemptAt)],
);

/** Who has a bulletin open, and doing what; heartbeats keep a row fresh, stale ones are ignored. */
export const presence = pgTable(
  "presence",
  {
    bulletinId: integer("bulletin_id").notNull().references(() => bulletins.id, { onDelete: "cascade" }),
    /** One row per open page (a tab), so two tabs of one person count once each. */
    pageId: text("page_id").notNull(),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    activity: text("activity").$type<"editing" | "reviewing" | "reading">().notNull(),
    seenAt: timestamp("seen_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.bulletinId, table.pageId] }), index("presence_seen_idx").on(table.seenAt)],
);

/** Published corrections of a bulletin (`CORRECCIÓN`): the public page shows each, dated, with its note. */
export const bulletinCorrections = pgTable(
  "bulletin_corrections",
  {
    id: serial("id").primaryKey(),
    bulletinId: integer("bulletin_id").notNull().references(() => bulletins.id, { onDelete: "cascade" }),
    /** The corrected revision, and the one published before it. */
    revision: integer("revision").notNull(),
    previousRevision: integer("previous_revision").notNull(),
    note: text("note").notNull(),
    correctedBy: integer("corrected_by").notNull(),
    correctedAt: timestamp("corrected_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("bulletin_corrections_bulletin_idx").on(table.bulletinId)],
);

/** The media: one row per e-mail address (merged by it), with whether it may be sent to. */
export const contacts = pgTable(
  "contacts",
  {
    id: serial("id").primaryKey(),
    /** Lower-cased: duplicates merge by it. */
    email: text("email").notNull().unique(),
    name: text("name").notNull().default(""),
    outlet: text("outlet").notNull().default(""),
    /** `fuente`: the beat (salud, seguridad, Jalisco…). */
    beat: text("beat").notNull().default(""),
    notes: text("notes").notNull().default(""),
    /** `active`; `unsubscribed` (the link in every e-mail) and `bounced` are never sent to until an admin restores them. */
    status: text("status").$type<"active" | "unsubscribed" | "bounced">().notNull().default("active"),
    statusChangedAt: timestamp("status_changed_at", { withTimezone: true }),
    /** The unsubscribe link's secret (no sign-in needed to use it). */
    unsubscribeToken: text("unsubscribe_token").notNull().unique(),
    ...timestamps,
  },
);

/** Media lists (`Medios nacionales`, `Fuente salud`): a distribution goes to one or more. */
export const contactLists = pgTable("contact_lists", {
  id: serial("id").primaryKey(),
  name: text("name").notNull().unique(),
  description: text("description").notNull().default(""),
  createdBy: integer("created_by"),
  ...timestamps,
});

export const contactListMembers = pgTable(
  "contact_list_members",
  {
    listId: integer("list_id").notNull().references(() => contactLists.id, { onDelete: "cascade" }),
    contactId: integer("contact_id").notNull().references(() => contacts.id, { onDelete: "cascade" }),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.listId, table.contactId] }), index("contact_list_members_contact_idx").on(table.contactId)],
);

/**
 * One sending of a bulletin's approved revision to media lists: its message and attachments
 * are fixed when it is created; each recipient's copy is a row of the e-mail outbox.
 */
export const distributions = pgTable(
  "distributions",
  {
    id: serial("id").primaryKey(),
    bulletinId: integer("bulletin_id").notNull().references(() => bulletins.id, { onDelete: "cascade" }),
    revision: integer("revision").notNull(),
    /** `original`; `correction` (CORRECCIÓN, to the earlier recipients); `withdrawal` (the notice of `Retirar`). */
    kind: text("kind").$type<"original" | "correction" | "withdrawal">().notNull().default("original"),
    listIds: integer("list_ids").array().notNull().default(sql`'{}'::integer[]`),
    note: text("note").notNull().default(""),
    /** Nothing leaves before it. */
    sendAt: timestamp("send_at", { withTimezone: true }).notNull().defaultNow(),
    embargoUntil: timestamp("embargo_until", { withTimezone: true }),
    /** `scheduled` until its first e-mail is taken, then `sending`, `sent` once none is pending; `cancelled` before that. */
    status: text("status").$type<"scheduled" | "sending" | "sent" | "cancelled">().notNull().default("scheduled"),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    htmlBody: text("html_body").notNull(),
    recipientCount: integer("recipient_count").notNull().default(0),
    createdBy: integer("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    cancelledBy: integer("cancelled_by"),
  },
  (table) => [index("distributions_bulletin_idx").on(table.bulletinId)],
);

/** The DOCX and PDF a distribution attaches, rendered once when it is created (the approved revision, with its embargo line). */
export const distributionFiles = pgTable(
  "distribution_files",
  {
    distributionId: integer("distribution_id").notNull().references(() => distributions.id, { onDelete: "cascade" }),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    data: bytea("data").notNull(),
  },
  (table) => [primaryKey({ columns: [table.distributionId, table.filename] })],
);

/** Who a distribution went to, as they were then; the delivery log. */
export const distributionRecipients = pgTable(
  "distribution_recipients",
  {
    id: serial("id").primaryKey(),
    distributionId: integer("distribution_id").notNull().references(() => distributions.id, { onDelete: "cascade" }),
    contactId: integer("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    email: text("email").notNull(),
    name: text("name").notNull().default(""),
    outlet: text("outlet").notNull().default(""),
    /** `pending`, `sent`, `failed` (gave up, with the error), `bounced`, `unsubscribed` (left out at send time), `cancelled`. */
    status: text("status").$type<"pending" | "sent" | "failed" | "bounced" | "unsubscribed" | "cancelled">().notNull().default("pending"),
    error: text("error"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (table) => [uniqueIndex("distribution_recipients_unique").on(table.distributionId, table.email), index("distribution_recipients_contact_idx").on(table.contactId)],
);

/** A bulk import (`Importar archivo`): the files an admin dropped at once, and who did. Not archived in backups: the bulletins it made are. */
export const importBatches = pgTable("import_batches", {
  id: serial("id").primaryKey(),
  createdBy: integer("created_by").notNull().references(() => users.id, { onDelete: "cascade" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** One file of a bulk import: what the importer read in it and what became of it. */
export const importItems = pgTable(
  "import_items",
  {
    id: serial("id").primaryKey(),
    batchId: integer("batch_id").notNull().references(() => importBatches.id, { onDelete: "cascade" }),
    fileName: text("file_name").notNull(),
    /** `txt`, `md`, `docx`, `pdf`; null when it is none the importer reads. */
    format: text("format").$type<"txt" | "md" | "docx" | "pdf">(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    /** `imported`, `imported_with_warnings` (a person confirmed them), `needs_review`, `refused`, `duplicate` (already in the archive), `discarded`. */
    result: text("result").$type<"imported" | "imported_with_warnings" | "needs_review" | "refused" | "duplicate" | "discarded">().notNull(),
    /** Why it was refused, in Spanish. */
    reason: text("reason"),
    warnings: jsonb("warnings").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    /** The bulletin as read (as confirmed, once a person did). */
    parsed: jsonb("parsed").$type<Bulletin>(),
    /** The text the parser read, shown beside the fields on the review screen. */
    sourceText: text("source_text"),
    /** The file's bytes while it waits for a person (the bulletin's source key is their sha256); dropped once decided. */
    source: bytea("source"),
    /** The number another bulletin already holds: `{ year, seq, bulletinId }`. */
    numberClash: jsonb("number_clash").$type<{ year: number; seq: number; bulletinId: number }>(),
    bulletinId: integer("bulletin_id"),
    confirmedBy: integer("confirmed_by"),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("import_items_batch_idx").on(table.batchId, table.id)],
);
