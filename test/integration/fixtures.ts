import { eq, sql } from "drizzle-orm";
import type { User } from "../../shared/api/schemas";
import { todayInMexicoCity } from "../../shared/bulletin/date-line";
import { bodyFromParagraphs } from "../../shared/bulletin/body-schema";
import type { Bulletin } from "../../shared/bulletin/schema";
import { createBulletin } from "../../server/commands/createBulletin";
import { presentUser } from "../../server/commands/signIn";
import { saveBulletin } from "../../server/commands/saveBulletin";
import { transitionBulletin, type TransitionAction } from "../../server/commands/transitionBulletin";
import { queryRows, type Database } from "../../server/db/client";
import type { BulletinRow } from "../../server/db/queries/bulletins";
import { bulletins, revisions, users } from "../../server/db/schema";
import { hashContent } from "../../server/bulletin-hash";
import { loadGlossary } from "../../server/templates/load";
import { ApiClient, type ApiResponse } from "../api-client";

/** Demo accounts of the seeded test database. */
export const AUTHOR = "autora@redacta.local";
export const REVIEWER = "revisor@redacta.local";
export const SECOND_REVIEWER = "revisora2@redacta.local";
export const ADMIN = "admin@redacta.local";

const glossary = loadGlossary();

/** A bulletin ready for review: today's date, no template placeholders, one highlight. */
export function readyContent(overrides: Partial<Bulletin> = {}): Bulletin {
  return {
    number: null,
    place: "Ciudad de México",
    date: todayInMexicoCity(),
    title: "Inaugura el Seguro Social una unidad de medicina familiar en Tlalpan",
    highlights: ["Atenderá a 40 mil derechohabientes del sur de la ciudad."],
    body: bodyFromParagraphs([
      "El Instituto Mexicano del Seguro Social inauguró una unidad de medicina familiar con doce consultorios.",
      "La unidad abrirá de lunes a viernes en dos turnos.",
    ]),
    photoLinks: ["https://imss.gob.mx/fotos/tlalpan"],
    videoLinks: [],
    ...overrides,
  };
}

/** A demo (or created) user as the commands take it. */
export async function userByEmail(db: Database, email: string): Promise<User> {
  const [row] = await db.select().from(users).where(eq(users.email, email));
  if (!row) throw new Error(`no user ${email}`);
  return presentUser(row);
}

/** A draft from the `general` template, saved once with `content` (version 2). */
export async function makeDraft(db: Database, author: User, content: Bulletin = readyContent()): Promise<BulletinRow> {
  const created = await createBulletin(db, author, { templateId: "general" });
  return saveBulletin(db, author, created.id, created.version, content);
}

export function act(db: Database, user: User, id: number, action: TransitionAction, comment?: string): Promise<BulletinRow> {
  return transitionBulletin(db, user, id, action, { comment, glossary });
}

/** A ready draft submitted by its author. */
export async function makeInReview(db: Database, author: User, content?: Bulletin): Promise<BulletinRow> {
  const draft = await makeDraft(db, author, content);
  return act(db, author, draft.id, "submit");
}

/**
 * `count` bulletins in review at once, inserted in two statements: for tests that
 * need many (numbering), where going through the commands would take seconds.
 */
export async function insertManyInReview(db: Database, author: User, count: number, content: Bulletin = readyContent()): Promise<number[]> {
  const rows = await db
    .insert(bulletins)
    .values(Array.from({ length: count }, () => ({ status: "in_review" as const, authorId: author.id, content, version: 1 })))
    .returning({ id: bulletins.id });
  const hash = hashContent(content);
  await db.insert(revisions).values(rows.map(({ id }) => ({ bulletinId: id, version: 1, content, hash, authorId: author.id, status: "in_review" as const })));
  return rows.map(({ id }) => id);
}

/** A bulletin written by `author` and approved by `reviewer` (it has a number). */
export async function makeApproved(db: Database, author: User, reviewer: User, content?: Bulletin): Promise<BulletinRow> {
  const inReview = await makeInReview(db, author, content);
  return act(db, reviewer, inReview.id, "approve");
}

/** The id of a seeded archive example (published, imported) whose number is `seq/year`. */
export async function archiveExample(db: Database, seq: number, year: number): Promise<number> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`SELECT id FROM bulletins WHERE status = 'published' AND number_seq = ${seq} AND number_year = ${year}`,
  );
  if (!rows[0]) throw new Error(`no archive example ${seq}/${year}`);
  return Number(rows[0].id);
}

/** A fresh client signed in as a new user the admin creates over the API. */
export async function createUser(admin: ApiClient, role: User["role"], label: string): Promise<{ user: User; client: ApiClient }> {
  const email = `${label}-${Math.random().toString(36).slice(2, 8)}@redacta.local`;
  const password = "contraseña-de-prueba";
  const created = await admin.post("/users", { email, name: `Persona ${label}`, role, password });
  if (created.status !== 201) throw new Error(`create user: ${created.status} ${JSON.stringify(created.body)}`);
  const client = await new ApiClient(admin.baseUrl).signIn(email, password);
  return { user: created.body as User, client };
}

/** The error code of a response (undefined when it is not an error body). */
export function errorCode(response: ApiResponse): string | undefined {
  return (response.body as { error?: { code?: string } } | undefined)?.error?.code;
}

/** `If-Match` for a version. */
export function ifMatch(version: number): Record<string, string> {
  return { "If-Match": `"${version}"` };
}

/**
 * A client for `baseUrl` that carries the same session cookie as `client`
 * (another server process behind the same load balancer).
 */
export function sameSessionOn(client: ApiClient, baseUrl: string): ApiClient {
  const copy = new ApiClient(baseUrl);
  // ApiClient keeps its cookie private; a second process is the one place a test needs to carry it over.
  (copy as unknown as { cookie: string }).cookie = (client as unknown as { cookie: string }).cookie;
  return copy;
}
