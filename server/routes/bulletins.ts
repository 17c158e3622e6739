import { z } from "zod";
import {
  bulletinListItemSchema, bulletinResourceSchema, commentSchema, createBulletinSchema, diffSchema, eventSchema,
  exportQuerySchema, listOf, listQuerySchema, newCommentSchema, revisionSchema, revisionSummarySchema,
  rowIdParam, transitionRequestSchema, updateCommentSchema,
} from "../../shared/api/schemas";
import { bulletinSchema } from "../../shared/bulletin/schema";
import { addComment, listComments, resolveComment } from "../commands/commentOnBulletin";
import { createBulletin } from "../commands/createBulletin";
import { diffRevisions } from "../commands/diffRevisions";
import { exportBulletin } from "../commands/exportBulletin";
import { saveBulletin } from "../commands/saveBulletin";
import { transitionBulletin } from "../commands/transitionBulletin";
import { findRevision, listBulletins, listRevisions, type BulletinRow } from "../db/queries/bulletins";
import { lastReviewedRevision, listEvents } from "../db/queries/events";
import { DomainError, notFound } from "../errors";
import { presentBulletin } from "../presenters/bulletin";
import { rolesFor } from "../../shared/policies/office";
import { loadBulletin, visibleBulletinsCondition } from "../policies/bulletin";
import { normalizedBody, validateBodyStructure } from "../validate-body";
import { idParams, noQuery, route, type AppContext, type RouteContext } from "./registry";
import type { User } from "../../shared/api/schemas";

const commentParams = idParams.extend({ cid: rowIdParam });
const revisionParams = idParams.extend({ version: rowIdParam });
const diffQuery = z.strictObject({ from: rowIdParam.optional(), to: rowIdParam.optional() });

/** The bulletin `id` for reading: 404 unless the policy lets `user` see it. */
function readable(app: AppContext, user: User, id: number): Promise<BulletinRow> {
  return loadBulletin(app.db, user, id, "read");
}

async function reply(app: AppContext, row: BulletinRow, user: User, status = 200) {
  const resource = await presentBulletin(app.db, row, user, app.glossary);
  // The ETag is the version for If-Match; status and allowedActions change without a new
  // version (publish, another user), so a cached copy revalidated by it would be stale: no-store.
  return { status, json: resource, headers: { ETag: `"${row.version}"`, "Cache-Control": "no-store" } };
}

/** `If-Match: "7"` → 7. */
function expectedVersion(header: string | undefined): number {
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header ?? "");
  if (!match) {
    throw new DomainError("precondition_required", "Falta la cabecera If-Match con la versión que editaste (por ejemplo, If-Match: \"3\").");
  }
  return Number(match[1]);
}

function signedIn<P, Q, B>(context: RouteContext<P, Q, B>): User {
  return context.user!;
}

export const bulletinRoutes = [
  route({
    method: "get", path: "/bulletins", summary: "Listar y buscar boletines", access: "signed_in",
    query: listQuerySchema, response: listOf(bulletinListItemSchema),
    async handler(context) {
      const { app, query } = context;
      const user = signedIn(context);
      const result = await listBulletins(app.db, {
        status: query.status,
        year: query.year,
        number: query.number,
        q: query.q || undefined,
        authorId: query.mine ? user.id : undefined,
        excludeAuthorId: query.toReview ? user.id : undefined,
        // The policy's visibility, in the query rather than after it: the total and the pages
        // must not count what the user may not see.
        visibleTo: visibleBulletinsCondition(user),
        page: query.page,
        pageSize: query.pageSize,
      });
      return { json: result };
    },
  }),
  route({
    method: "post", path: "/bulletins", summary: "Crear un borrador desde una plantilla o un boletín", access: rolesFor("bulletins.create"),
    query: noQuery, body: createBulletinSchema, response: bulletinResourceSchema,
    async handler(context) {
      const user = signedIn(context);
      const row = await createBulletin(context.app.db, user, context.body);
      return reply(context.app, row, user, 201);
    },
  }),
  route({
    method: "get", path: "/bulletins/:id", summary: "Un boletín con sus comprobaciones editoriales y las acciones permitidas", access: "signed_in",
    params: idParams, query: noQuery, response: bulletinResourceSchema,
    async handler(context) {
      const user = signedIn(context);
      return reply(context.app, await readable(context.app, user, context.params.id), user);
    },
  }),
  route({
    method: "put", path: "/bulletins/:id", summary: "Guardar una revisión (If-Match: versión)", access: "signed_in",
    params: idParams, query: noQuery, body: bulletinSchema, response: bulletinResourceSchema, headers: ["If-Match"],
    async handler(context) {
      const { app, req, params, body } = context;
      const user = signedIn(context);
      const version = expectedVersion(req.get("If-Match"));
      const content = { ...body, body: normalizedBody(body.body) };
      validateBodyStructure(content.body);
      try {
        return reply(app, await saveBulletin(app.db, user, params.id, version, content), user);
      } catch (error) {
        if (error instanceof DomainError && error.code === "version_conflict") {
          const currentRow = (error.details as { currentRow: BulletinRow }).currentRow;
          const current = await presentBulletin(app.db, currentRow, user, app.glossary);
          throw new DomainError(error.code, error.message, { current });
        }
        throw error;
      }
    },
  }),
  route({
    method: "post", path: "/bulletins/:id/transitions", summary: "Enviar, solicitar cambios, aprobar, publicar o reabrir", access: "signed_in",
    params: idParams, query: noQuery, body: transitionRequestSchema, response: bulletinResourceSchema,
    async handler(context) {
      const { app, params, body } = context;
      const user = signedIn(context);
      const row = await transitionBulletin(app.db, user, params.id, body.action, { comment: body.comment || undefined, glossary: app.glossary });
      return reply(app, row, user);
    },
  }),
  route({
    method: "get", path: "/bulletins/:id/revisions", summary: "Historial de revisiones", access: "signed_in",
    params: idParams, query: noQuery, response: listOf(revisionSummarySchema),
    async handler(context) {
      await readable(context.app, signedIn(context), context.params.id);
      const items = await listRevisions(context.app.db, context.params.id);
      return { json: { items, total: items.length } };
    },
  }),
  route({
    method: "get", path: "/bulletins/:id/revisions/:version", summary: "Una revisión con su contenido", access: "signed_in",
    params: revisionParams, query: noQuery, response: revisionSchema,
    async handler(context) {
      await readable(context.app, signedIn(context), context.params.id);
      const revision = await findRevision(context.app.db, context.params.id, context.params.version);
      if (!revision) throw notFound(`La revisión ${context.params.version}`);
      const { bulletinId: _bulletinId, ...rest } = revision;
      return { json: rest };
    },
  }),
  route({
    method: "get", path: "/bulletins/:id/diff", summary: "Diferencias palabra por palabra entre dos revisiones", access: "signed_in",
    params: idParams, query: diffQuery, response: diffSchema,
    async handler(context) {
      const { app, params, query } = context;
      const user = signedIn(context);
      const bulletin = await readable(app, user, params.id);
      const to = query.to ?? bulletin.version;
      const from = query.from ?? (await lastReviewedRevision(app.db, params.id, user.id)) ?? 1;
      return { json: await diffRevisions(app.db, params.id, from, to) };
    },
  }),
  route({
    method: "get", path: "/bulletins/:id/comments", summary: "Comentarios", access: "signed_in",
    params: idParams, query: noQuery, response: listOf(commentSchema),
    async handler(context) {
      await readable(context.app, signedIn(context), context.params.id);
      const items = await listComments(context.app.db, context.params.id);
      return { json: { items, total: items.length } };
    },
  }),
  route({
    method: "post", path: "/bulletins/:id/comments", summary: "Comentar la revisión actual (con cita opcional)", access: "signed_in",
    params: idParams, query: noQuery, body: newCommentSchema, response: commentSchema,
    async handler(context) {
      const user = signedIn(context);
      return { status: 201, json: await addComment(context.app.db, user, context.params.id, context.body) };
    },
  }),
  route({
    method: "patch", path: "/bulletins/:id/comments/:cid", summary: "Resolver o reabrir un comentario", access: "signed_in",
    params: commentParams, query: noQuery, body: updateCommentSchema, response: commentSchema,
    async handler(context) {
      const user = signedIn(context);
      return { json: await resolveComment(context.app.db, user, context.params.id, context.params.cid, context.body.resolved) };
    },
  }),
  route({
    method: "get", path: "/bulletins/:id/export", summary: "Exportar DOCX, TXT o Markdown", access: "signed_in",
    params: idParams, query: exportQuerySchema,
    async handler(context) {
      const user = signedIn(context);
      const file = await exportBulletin(context.app.db, user, context.params.id, context.query.format, context.query.revision);
      return { file, headers: { "X-Redacta-Revision": String(file.revision) } };
    },
  }),
  route({
    method: "get", path: "/bulletins/:id/events", summary: "Bitácora de auditoría", access: "signed_in",
    params: idParams, query: noQuery, response: listOf(eventSchema),
    async handler(context) {
      await readable(context.app, signedIn(context), context.params.id);
      const items = await listEvents(context.app.db, context.params.id);
      return { json: { items, total: items.length } };
    },
  }),
];
