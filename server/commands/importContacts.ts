import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { ImportResult, ImportRow, LineError } from "../../shared/api/distribution-schemas";
import { checkContactRow } from "../contacts/contact-row";
import type { Database, Transaction } from "../db/client";
import { contactListMembers, contactLists, contacts } from "../db/schema";
import { notFound } from "../errors";

/** The secret of a contact's unsubscribe link: 24 random bytes, URL-safe. */
export function newUnsubscribeToken(): string {
  return randomBytes(24).toString("base64url");
}

/** Rows checked: those that would import (one per line) and each bad line's reason, in line order. */
export function checkContactRows(rows: ImportRow[], parseErrors: LineError[] = []): { valid: ImportRow[]; errors: LineError[] } {
  const valid: ImportRow[] = [];
  const errors = [...parseErrors];
  for (const raw of rows) {
    const checked = checkContactRow(raw);
    if (checked.error) errors.push(checked.error);
    else valid.push(checked.row);
  }
  return { valid, errors: errors.sort((a, b) => a.line - b.line) };
}

const CHUNK = 500;

/**
 * Adds rows to a list in one transaction: one contact per e-mail (an address already known,
 * or repeated in the file, is merged: its non-empty fields replace the stored ones, its status
 * never changes, so whoever unsubscribed stays so). Bad lines are reported, the good ones import.
 */
export async function importContacts(db: Database, listId: number, rows: ImportRow[], parseErrors: LineError[] = []): Promise<ImportResult> {
  const { valid, errors } = checkContactRows(rows, parseErrors);
  const byEmail = new Map<string, ImportRow>();
  let merged = 0;
  for (const row of valid) {
    const earlier = byEmail.get(row.email);
    if (!earlier) {
      byEmail.set(row.email, row);
      continue;
    }
    merged++;
    for (const field of ["name", "outlet", "beat", "notes"] as const) if (row[field] !== "") earlier[field] = row[field];
  }
  return db.transaction(async (tx) => {
    const [list] = await tx.select({ id: contactLists.id }).from(contactLists).where(eq(contactLists.id, listId)).for("update");
    if (!list) throw notFound("La lista");
    let added = 0;
    let alreadyInList = 0;
    // In address order: two imports touching the same contacts lock them in the same order, never deadlocking.
    const unique = [...byEmail.values()].sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
    for (let start = 0; start < unique.length; start += CHUNK) {
      const stored = await upsertContacts(tx, unique.slice(start, start + CHUNK));
      added += stored.filter((contact) => contact.inserted).length;
      const joined = await tx
        .insert(contactListMembers)
        .values(stored.map((contact) => ({ listId, contactId: contact.id })))
        .onConflictDoNothing()
        .returning({ contactId: contactListMembers.contactId });
      const joinedIds = new Set(joined.map((member) => member.contactId));
      for (const contact of stored) {
        if (contact.inserted) continue;
        if (joinedIds.has(contact.id)) merged++;
        else alreadyInList++;
      }
    }
    if (unique.length > 0) await tx.update(contactLists).set({ updatedAt: new Date() }).where(eq(contactLists.id, listId));
    return { added, merged, alreadyInList, errors };
  });
}

/** Inserts the new addresses and merges the known ones; `inserted` tells which was which (PostgreSQL's xmax is 0 for a row this statement created). */
async function upsertContacts(tx: Transaction, rows: ImportRow[]) {
  if (rows.length === 0) return [];
  const keep = (column: "name" | "outlet" | "beat" | "notes") => sql.raw(`CASE WHEN excluded.${column} <> '' THEN excluded.${column} ELSE contacts.${column} END`);
  return tx
    .insert(contacts)
    .values(rows.map((row) => ({ email: row.email, name: row.name, outlet: row.outlet, beat: row.beat, notes: row.notes, unsubscribeToken: newUnsubscribeToken() })))
    .onConflictDoUpdate({
      target: contacts.email,
      set: { name: keep("name"), outlet: keep("outlet"), beat: keep("beat"), notes: keep("notes"), updatedAt: new Date() },
    })
    .returning({ id: contacts.id, email: contacts.email, inserted: sql<boolean>`(xmax = 0)` });
}
