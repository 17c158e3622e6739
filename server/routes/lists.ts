import { and, eq } from "drizzle-orm";
import { z } from "zod";
import {
  contactListSchema, contactSchema, contactsQuerySchema, contactsUploadQuerySchema, contactUpdateSchema, importPreviewSchema,
  importResultSchema, listContactsQuerySchema, listMemberParams, listUpdateSchema, newContactSchema, newListSchema, type ImportRow,
} from "../../shared/api/distribution-schemas";
import { listOf, type Role } from "../../shared/api/schemas";
import { rolesFor } from "../../shared/policies/office";
import { checkContactRows, importContacts } from "../commands/importContacts";
import { updateContact } from "../commands/updateContact";
import { parseContactsCsv } from "../contacts/parse-contacts-csv";
import { findContact, findContactList, findContacts, listContactLists } from "../db/queries/contacts";
import { contactListMembers, contactLists } from "../db/schema";
import { DomainError, notFound } from "../errors";
import { idParams, noQuery, route } from "./registry";

/** Who sends a bulletin chooses its lists: those who manage them, and those who distribute. */
const LIST_READERS: readonly Role[] = [...new Set([...rolesFor("lists.manage"), ...rolesFor("bulletins.distribute")])];
const MANAGERS = rolesFor("lists.manage");
const PREVIEW_ROWS = 20;

/** The CSV upload's body (server/app.ts reads `text/csv` as bytes for this route only), or contacts as JSON. */
const contactsUploadSchema = z.union([
  z.custom<Buffer>((value) => Buffer.isBuffer(value), { error: "Envía un archivo CSV (Content-Type: text/csv) o una lista de contactos en JSON." }),
  z.array(newContactSchema).min(1, "Indica al menos un contacto.").max(5000, "Son más de 5000 contactos de una vez; divídelos o usa un archivo CSV."),
]);
export const CONTACTS_UPLOAD_PATH = "/lists/:id/contacts";
export const CSV_LIMIT = "2mb";

function uniqueName(error: unknown, name: string): never {
  const code = (error as { code?: string; cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
  if (code === "23505") throw new DomainError("already_exists", `Ya existe una lista llamada «${name}».`);
  throw error;
}

export const listRoutes = [
  route({
    method: "get", path: "/lists", summary: "Las listas de medios, con cuántos contactos tienen y cuántos reciben", access: LIST_READERS,
    query: noQuery, response: listOf(contactListSchema),
    async handler({ app }) {
      const items = await listContactLists(app.db);
      return { json: { items, total: items.length } };
    },
  }),
  route({
    method: "post", path: "/lists", summary: "Crear una lista de medios", access: MANAGERS, query: noQuery, body: newListSchema, response: contactListSchema,
    async handler({ app, user, body }) {
      const [created] = await app.db
        .insert(contactLists)
        .values({ name: body.name, description: body.description ?? "", createdBy: user!.id })
        .returning({ id: contactLists.id })
        .catch((error: unknown) => uniqueName(error, body.name));
      return { status: 201, json: await findContactList(app.db, created!.id) };
    },
  }),
  route({
    method: "patch", path: "/lists/:id", summary: "Renombrar una lista o cambiar su descripción", access: MANAGERS, params: idParams, query: noQuery,
    body: listUpdateSchema, response: contactListSchema,
    async handler({ app, params, body }) {
      const [updated] = await app.db
        .update(contactLists)
        .set({ ...body, updatedAt: new Date() })
        .where(eq(contactLists.id, params.id))
        .returning({ id: contactLists.id })
        .catch((error: unknown) => uniqueName(error, body.name ?? ""));
      if (!updated) throw notFound("La lista");
      return { json: await findContactList(app.db, params.id) };
    },
  }),
  route({
    method: "delete", path: "/lists/:id", summary: "Eliminar una lista (sus contactos se quedan, en sus otras listas)", access: MANAGERS, params: idParams, query: noQuery,
    async handler({ app, params }) {
      const deleted = await app.db.delete(contactLists).where(eq(contactLists.id, params.id)).returning({ id: contactLists.id });
      if (deleted.length === 0) throw notFound("La lista");
      return { status: 204 };
    },
  }),
  route({
    method: "get", path: "/lists/:id/contacts", summary: "Los contactos de una lista, con su estado (activo, dio de baja, rebotó)", access: LIST_READERS,
    params: idParams, query: listContactsQuerySchema, response: listOf(contactSchema),
    async handler({ app, params, query }) {
      if (!(await findContactList(app.db, params.id))) throw notFound("La lista");
      return { json: await findContacts(app.db, { listId: params.id, ...query }) };
    },
  }),
  route({
    method: "post", path: CONTACTS_UPLOAD_PATH,
    summary: "Añadir contactos a una lista: JSON [{ name, outlet, email, beat, notes }] o un archivo text/csv (hasta 2 MB); ?preview=true lo revisa sin guardar",
    access: MANAGERS, params: idParams, query: contactsUploadQuerySchema, body: contactsUploadSchema, response: z.union([importResultSchema, importPreviewSchema]),
    async handler({ app, params, query, body }) {
      const parsed = Buffer.isBuffer(body)
        ? parseContactsCsv(body)
        : { columns: [], mapping: [], errors: [], rows: body.map((item, index): ImportRow => ({ line: index + 1, name: "", outlet: "", beat: "", notes: "", ...item })) };
      if (query.preview) {
        if (!(await findContactList(app.db, params.id))) throw notFound("La lista");
        const { valid, errors } = checkContactRows(parsed.rows, parsed.errors);
        const rows = parsed.rows.slice(0, PREVIEW_ROWS).map((row) => valid.find((checked) => checked.line === row.line) ?? row);
        return { json: { columns: parsed.columns, mapping: parsed.mapping, rows, errors, total: parsed.rows.length, valid: valid.length } };
      }
      return { json: await importContacts(app.db, params.id, parsed.rows, parsed.errors) };
    },
  }),
  route({
    method: "delete", path: "/lists/:id/contacts/:contactId", summary: "Quitar un contacto de una lista (sigue en las demás)", access: MANAGERS,
    params: listMemberParams, query: noQuery,
    async handler({ app, params }) {
      const removed = await app.db
        .delete(contactListMembers)
        .where(and(eq(contactListMembers.listId, params.id), eq(contactListMembers.contactId, params.contactId)))
        .returning({ contactId: contactListMembers.contactId });
      if (removed.length === 0) throw notFound("Ese contacto en la lista");
      return { status: 204 };
    },
  }),
  route({
    method: "get", path: "/contacts", summary: "Buscar contactos (nombre, correo, medio, fuente) y filtrarlos por estado", access: MANAGERS,
    query: contactsQuerySchema, response: listOf(contactSchema),
    async handler({ app, query }) {
      return { json: await findContacts(app.db, query) };
    },
  }),
  route({
    method: "patch", path: "/contacts/:id", summary: "Corregir un contacto; status «active» reactiva una baja o un rebote (solo administración)", access: MANAGERS,
    params: idParams, query: noQuery, body: contactUpdateSchema, response: contactSchema,
    async handler({ app, user, params, body }) {
      await updateContact(app.db, user!, params.id, body);
      return { json: await findContact(app.db, params.id) };
    },
  }),
];
