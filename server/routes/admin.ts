import { eq } from "drizzle-orm";
import { z } from "zod";
import { rolesFor } from "../../shared/policies/office";
import { listOf, roleSchema, userSchema } from "../../shared/api/schemas";
import { organizationSchema } from "../../shared/organization";
import { templateSchema, templateUpdateSchema } from "../../shared/template/schema";
import { userNameSchema } from "../../shared/user-name";
import { hashPassword, presentUser } from "../commands/signIn";
import { endSessionsOf, updateUser } from "../commands/updateUser";
import { loadBulletin } from "../policies/bulletin";
import { updateTemplate } from "../commands/updateTemplate";
import { recordEvent } from "../db/queries/events";
import { loadOrganizationProfile, saveOrganizationProfile } from "../db/queries/organization";
import { templates, users } from "../db/schema";
import { DomainError, notFound } from "../errors";
import { templateFromBulletin } from "../import/template-from";
import { normalizedBody } from "../validate-body";
import { assertTemplateMakesValidDraft } from "../validate-template";
import { activityRoutes } from "./activity";
import { numberingRoutes } from "./numbering";
import { idParams, noQuery, route } from "./registry";

const templateParams = z.strictObject({ id: z.string().regex(/^[a-z0-9-]{1,60}$/, "El identificador de una plantilla lleva solo minúsculas sin acentos, cifras y guiones (como «general»).") });
const newUserSchema = z.strictObject({
  email: z.string().trim().toLowerCase().email("Escribe un correo electrónico válido.").max(200),
  name: userNameSchema,
  role: roleSchema,
  password: z.string().min(10, "La contraseña debe tener al menos 10 caracteres.").max(200),
});
const userUpdateSchema = z.strictObject({
  name: userNameSchema.optional(),
  role: roleSchema.optional(),
  disabled: z.boolean().optional(),
  password: z.string().min(10, "La contraseña debe tener al menos 10 caracteres.").max(200).optional(),
});

async function allTemplates(db: Parameters<typeof loadOrganizationProfile>[0]) {
  const rows = await db.select().from(templates).orderBy(templates.createdAt, templates.id);
  return rows.map((row) => row.data);
}

export const templateRoutes = [
  route({
    method: "get", path: "/templates", summary: "Plantillas", access: "signed_in", query: noQuery, response: listOf(templateSchema),
    async handler({ app }) {
      const items = await allTemplates(app.db);
      return { json: { items, total: items.length } };
    },
  }),
  route({
    method: "get", path: "/templates/:id", summary: "Una plantilla", access: "signed_in", params: templateParams, query: noQuery, response: templateSchema,
    async handler({ app, params }) {
      const [row] = await app.db.select().from(templates).where(eq(templates.id, params.id));
      if (!row) throw notFound("La plantilla");
      return { json: row.data };
    },
  }),
  route({
    method: "post", path: "/templates", summary: "Crear una plantilla a partir de un boletín del archivo", access: rolesFor("templates.manage"), query: noQuery,
    body: z.strictObject({ fromBulletinId: z.number().int().min(1), name: templateSchema.shape.name }),
    response: templateSchema,
    async handler({ app, body, user }) {
      const bulletin = await loadBulletin(app.db, user!, body.fromBulletinId, "make_template");
      const template = templateFromBulletin(bulletin.content, { name: body.name });
      return app.db.transaction(async (tx) => {
        assertTemplateMakesValidDraft(template, (await loadOrganizationProfile(tx)).defaultPlace);
        const [taken] = await tx.select({ id: templates.id }).from(templates).where(eq(templates.id, template.id));
        if (taken) throw new DomainError("already_exists", `Ya existe una plantilla con el identificador «${template.id}»; elige otro nombre.`);
        await tx.insert(templates).values({ id: template.id, data: template, sourceBulletinId: bulletin.id });
        await recordEvent(tx, { bulletinId: bulletin.id, actorId: user!.id, action: "create_template", detail: { templateId: template.id } });
        return { status: 201, json: template };
      });
    },
  }),
  route({
    method: "put", path: "/templates/:id", summary: "Modificar una plantilla", access: rolesFor("templates.manage"), params: templateParams, query: noQuery,
    body: templateUpdateSchema, response: templateSchema,
    async handler({ app, params, body, user }) {
      // An empty body is kept as the editor makes one (one empty paragraph), as a bulletin's save does.
      const changes = body.body ? { ...body, body: normalizedBody(body.body) } : body;
      return { json: await updateTemplate(app.db, user!, params.id, changes) };
    },
  }),
  route({
    method: "delete", path: "/templates/:id", summary: "Eliminar una plantilla", access: rolesFor("templates.manage"), params: templateParams, query: noQuery,
    async handler({ app, params, user }) {
      return app.db.transaction(async (tx) => {
        const deleted = await tx.delete(templates).where(eq(templates.id, params.id)).returning({ id: templates.id });
        if (deleted.length === 0) throw notFound("La plantilla");
        await recordEvent(tx, { bulletinId: null, actorId: user!.id, action: "delete_template", detail: { templateId: params.id } });
        return { status: 204 };
      });
    },
  }),
];

export const userRoutes = [
  route({
    method: "get", path: "/users", summary: "Usuarios", access: rolesFor("users.manage"), query: noQuery, response: listOf(userSchema),
    async handler({ app }) {
      const items = (await app.db.select().from(users).orderBy(users.id)).map(presentUser);
      return { json: { items, total: items.length } };
    },
  }),
  route({
    method: "post", path: "/users", summary: "Crear un usuario", access: rolesFor("users.manage"), query: noQuery, body: newUserSchema, response: userSchema,
    async handler({ app, body, user }) {
      const passwordHash = await hashPassword(body.password);
      return app.db.transaction(async (tx) => {
        const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, body.email));
        if (taken) throw new DomainError("already_exists", "Ya existe un usuario con ese correo.");
        // The admin chose the password: until its owner sets their own, four-eyes counts the admin with this account.
        const [row] = await tx.insert(users).values({ email: body.email, name: body.name, role: body.role, passwordHash, passwordSetBy: user!.id }).returning();
        await recordEvent(tx, { bulletinId: null, actorId: user!.id, action: "create_user", detail: { userId: row!.id, email: body.email, role: body.role } });
        return { status: 201, json: presentUser(row!) };
      });
    },
  }),
  route({
    method: "patch", path: "/users/:id", summary: "Cambiar nombre, rol, contraseña o desactivar", access: rolesFor("users.manage"), params: idParams, query: noQuery,
    body: userUpdateSchema, response: userSchema,
    async handler({ app, params, body, user }) {
      const { password, ...changes } = body;
      const passwordHash = password ? await hashPassword(password) : undefined;
      return { json: await updateUser(app.db, user!, params.id, { ...changes, ...(passwordHash ? { passwordHash } : {}) }) };
    },
  }),
  route({
    method: "delete", path: "/users/:id/sessions", summary: "Cerrar todas las sesiones de un usuario", access: rolesFor("users.manage"), params: idParams, query: noQuery,
    async handler({ app, params, user }) {
      await endSessionsOf(app.db, user!, params.id);
      return { status: 204 };
    },
  }),
];

/** Office-wide settings: the organisation profile, then the numbering and the activity trail (server/routes/numbering.ts, activity.ts). */
export const organizationRoutes = [
  route({
    method: "get", path: "/organization", summary: "Perfil de la organización", access: "signed_in", query: noQuery, response: organizationSchema,
    async handler({ app }) {
      return { json: await loadOrganizationProfile(app.db) };
    },
  }),
  route({
    method: "put", path: "/organization", summary: "Modificar el perfil de la organización", access: rolesFor("organization.manage"), query: noQuery,
    body: organizationSchema, response: organizationSchema,
    async handler({ app, body, user }) {
      await app.db.transaction(async (tx) => {
        await saveOrganizationProfile(tx, body);
        await recordEvent(tx, { bulletinId: null, actorId: user!.id, action: "update_organization" });
      });
      return { json: body };
    },
  }),
  ...numberingRoutes,
  ...activityRoutes,
];
