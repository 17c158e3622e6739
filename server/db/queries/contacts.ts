import { and, asc, count, eq, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Contact, ContactList, ContactStatus } from "../../../shared/api/distribution-schemas";
import type { DatabaseOrTransaction } from "../client";
import { contactListMembers, contactLists, contacts } from "../schema";

/** Every list with how many contacts it holds and how many of them may be sent to, by name. */
export async function listContactLists(db: DatabaseOrTransaction, where?: SQL): Promise<ContactList[]> {
  const rows = await db
    .select({
      list: contactLists,
      contactCount: sql<number>`count(${contacts.id})`.mapWith(Number),
      activeCount: sql<number>`count(${contacts.id}) filter (where ${contacts.status} = 'active')`.mapWith(Number),
    })
    .from(contactLists)
    .leftJoin(contactListMembers, eq(contactListMembers.listId, contactLists.id))
    .leftJoin(contacts, eq(contacts.id, contactListMembers.contactId))
    .where(where)
    .groupBy(contactLists.id)
    .orderBy(asc(contactLists.name));
  return rows.map(({ list, contactCount, activeCount }) => ({
    id: list.id, name: list.name, description: list.description, contactCount, activeCount,
    createdAt: list.createdAt.toISOString(), updatedAt: list.updatedAt.toISOString(),
  }));
}

/** One list with its counts, or undefined. */
export async function findContactList(db: DatabaseOrTransaction, id: number): Promise<ContactList | undefined> {
  return (await listContactLists(db, eq(contactLists.id, id)))[0];
}

/** `%` and `_` typed by a person are letters, not wildcards. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

function matching(q: string | undefined): SQL | undefined {
  const text = q?.trim();
  if (!text) return undefined;
  const pattern = containing(text);
  return or(ilike(contacts.name, pattern), ilike(contacts.email, pattern), ilike(contacts.outlet, pattern), ilike(contacts.beat, pattern));
}

export interface ContactPage {
  page: number;
  pageSize: number;
}

/** Contacts by name then e-mail, filtered, a page of them with the lists each belongs to. */
export async function findContacts(
  db: DatabaseOrTransaction,
  filter: { listId?: number; q?: string; status?: ContactStatus } & ContactPage,
): Promise<{ items: Contact[]; total: number }> {
  const inList = filter.listId === undefined
    ? undefined
    : inArray(contacts.id, db.select({ id: contactListMembers.contactId }).from(contactListMembers).where(eq(contactListMembers.listId, filter.listId)));
  const where = and(inList, matching(filter.q), filter.status ? eq(contacts.status, filter.status) : undefined);
  const [rows, [total]] = await Promise.all([
    db.select().from(contacts).where(where).orderBy(asc(contacts.name), asc(contacts.email)).limit(filter.pageSize).offset((filter.page - 1) * filter.pageSize),
    db.select({ total: count() }).from(contacts).where(where),
  ]);
  return { items: await withLists(db, rows), total: Number(total?.total ?? 0) };
}

/** One contact as the API shows it, or undefined. */
export async function findContact(db: DatabaseOrTransaction, id: number): Promise<Contact | undefined> {
  const rows = await db.select().from(contacts).where(eq(contacts.id, id));
  return (await withLists(db, rows))[0];
}

async function withLists(db: DatabaseOrTransaction, rows: (typeof contacts.$inferSelect)[]): Promise<Contact[]> {
  const ids = rows.map((row) => row.id);
  const memberships = ids.length === 0
    ? []
    : await db
        .select({ contactId: contactListMembers.contactId, id: contactLists.id, name: contactLists.name })
        .from(contactListMembers)
        .innerJoin(contactLists, eq(contactLists.id, contactListMembers.listId))
        .where(inArray(contactListMembers.contactId, ids))
        .orderBy(asc(contactLists.name));
  return rows.map((row) => ({
    id: row.id, name: row.name, outlet: row.outlet, email: row.email, beat: row.beat, notes: row.notes,
    status: row.status, statusChangedAt: row.statusChangedAt?.toISOString() ?? null,
    lists: memberships.filter((member) => member.contactId === row.id).map(({ id, name }) => ({ id, name })),
    createdAt: row.createdAt.toISOString(),
  }));
}
