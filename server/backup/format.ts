import { sql } from "drizzle-orm";
import { queryRows, type DatabaseOrTransaction } from "../db/client";

/**
 * The backup archive: JSON Lines. The first line is the header
 * `{"format":"redacta-backup","version":1,…,"counts":{…}}`; every other line is
 * one row, `{"table":"bulletins","row":{…}}`, with the row as PostgreSQL's
 * to_jsonb() writes it (snake_case columns, ISO timestamps with offset).
 */

export const BACKUP_FORMAT = "redacta-backup";
export const BACKUP_VERSION = 1;

export interface BackupTable {
  name: string;
  /** ORDER BY of a stable dump. */
  orderBy: string;
  /** Its serial column, whose sequence restore moves past the restored ids. */
  serial?: string;
  /** Only in a backup made with --with-secrets. */
  secret?: boolean;
}

/** Archived tables, parents before children (restore inserts in this order). Sessions, sign-in throttling and presence are not archived. */
export const BACKUP_TABLES: readonly BackupTable[] = [
  { name: "users", orderBy: "id", serial: "id" },
  { name: "organization", orderBy: "id" },
  { name: "templates", orderBy: "id" },
  { name: "bulletins", orderBy: "id", serial: "id" },
  { name: "revisions", orderBy: "bulletin_id, version" },
  { name: "comments", orderBy: "id", serial: "id" },
  { name: "suggestions", orderBy: "id", serial: "id" },
  { name: "bulletin_reviewers", orderBy: "bulletin_id, user_id" },
  { name: "bulletin_corrections", orderBy: "id", serial: "id" },
  { name: "contacts", orderBy: "id", serial: "id" },
  { name: "contact_lists", orderBy: "id", serial: "id" },
  { name: "contact_list_members", orderBy: "list_id, contact_id" },
  { name: "distributions", orderBy: "id", serial: "id" },
  { name: "distribution_files", orderBy: "distribution_id, filename" },
  { name: "distribution_recipients", orderBy: "id", serial: "id" },
  { name: "notifications", orderBy: "id", serial: "id" },
  { name: "email_outbox", orderBy: "id", serial: "id" },
  { name: "events", orderBy: "id", serial: "id" },
  { name: "number_counters", orderBy: "year" },
  { name: "settings", orderBy: "key", secret: true },
];

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  /** Password hashes and settings (the session secret) included. */
  withSecrets: boolean;
  /** Migrations applied to the database it came from. */
  migrations: number;
  counts: Record<string, number>;
}

export interface BackupLine {
  table: string;
  row: Record<string, unknown>;
}

/** How many migrations the database has applied. */
export async function appliedMigrations(db: DatabaseOrTransaction): Promise<number> {
  const [row] = await queryRows<{ applied: number }>(db, sql`SELECT count(*)::int AS applied FROM drizzle.__drizzle_migrations`);
  return Number(row?.applied ?? 0);
}
