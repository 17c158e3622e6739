import { z } from "zod";
import {
  approvalPreviewSchema, assignReviewersSchema, bulletinCountsSchema, bulletinPageSchema, bulletinResourceSchema, commentSchema, createBulletinSchema, diffSchema, eventSchema,
  exportQuerySchema, listOf, listQuerySchema, newCommentSchema, newSuggestionSchema, revisionSchema, revisionSummarySchema,
  rowIdParam, suggestionDecisionSchema, suggestionSchema, transitionRequestSchema, updateCommentSchema,
} from "../../shared/api/schemas";
import { approvalPreview, deleteDraft, restoreRevision, undeleteDraft } from "../commands/reviseBulletin";
import { assignReview } from "../commands/assignReview";
import { sendCorrection } from "../commands/distribute";
import { decideSuggestions, listSuggestions, suggestEdit } from "../commands/suggestions";
import { sealRevisions, sealSeenBy } from "../review/revisions";
import { bulletinSchema } from "../../shared/bulletin/schema";
import { addComment, listComments, resolveComment } from "../commands/commentOnBulletin";
import { createBulletin } from "../commands/createBulletin";
import { diffRevisions } from "../commands/diffRevisions";
import { exportBulletin } from "../commands/exportBulletin";
import { saveBulletin } from "../commands/saveBulletin";
import { flushDraftSearch } from "../commands/indexDraft";
import { transitionBulletin } from "../commands/transitionBulletin";
import { countBulletins, findRevision, listBulletins, listRevisions, type BulletinRow } from "../db/queries/bulletins";
import { lastReviewedRevision, listEvents } from "../db/queries/events";
import { DomainError, notFound } from "../errors";
import { presentBulletin } from "../presenters/bulletin";
import { rolesFor } from "../../shared/policies/office";
import { loadBulletin, visibleBulletinsCondition } from "../policies/bulletin";
import { VISIBILITY } from "../../shared/policies/bulletin";
import { normalizedBody, validateBodyStructure } from "../validate-body";
import { idParams, noQuery, route, type AppContext, type RouteContext } from "./registry";
import type { User } from "../../shared/api/schemas";

const commentParams = idParams.extend({ cid: rowIdParam });
const suggestionParams = idParams.extend({ sid: rowIdParam });
const revisionParams = idParams.extend({ version: rowIdParam });
const diffQuery = z.strictObject({ from: rowIdParam.optional(), to: rowIdParam.optional() });

/** The bulletin `id` for reading: 404 unless the policy lets `user` see it. */
function readable(app: AppContext, user: User, id: number): Promise<BulletinRow> {
  return loadBulletin(app.db, user, id, "read");
}

/**
 * Reading it: once someone other than its writer has seen the current revision (`sees`
 * says whether this read shows it), the writer's next save starts a new one. The seal is
 * made with the row locked, so no autosave can fold over the version being shown between
 * the read and the seal.
 */
async function seen(app: AppContext, user: User, id: number, sees: (row: BulletinRow) => boolean = () => true): Promise<BulletinRow> {
  const row = await readable(app, user, id);
  // Sealed already (someone else saw it, a transition): nothing to write, no transaction.
  if (!row.lastSavedBy || row.lastSavedBy.id === user.id || row.currentSealed || !sees(row)) return row;
  return app.db.transaction(async (tx) => {
    const locked = await loadBulletin(tx, user, id, "read", { forUpdate: true });
    if (sees(locked)) await sealSeenBy(tx, locked, user.id);
    return locked;
  });
}

/** A 409 `version_conflict` from a command, with the current bulletin as this user sees it. */
async function withCurrent<T>(app: AppContext, user: User, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError && error.code === "version_conflict" && (error.details as { currentRow?: BulletinRow } | null)?.currentRow) {
      const currentRow = (error.details as { currentRow: BulletinRow }).currentRow;
      // The conflict shows the current text to someone who did not have it (another window, another
      // person): it has been seen, so the save that resolves the conflict starts a revision of its
      // own instead of extending (and hiding) the one it answers.
      await sealRevisions(app.db, currentRow.id);
      const current = await presentBulletin(app.db, currentRow, user, app.glossary);
      throw new DomainError(error.code, error.message, { current });
    }
    throw error;
  }
}

/** The result of deciding suggestions: the list and the bulletin, as this user sees them. */
async function decided(app: AppContext, user: User, result: Awaited<ReturnType<typeof decideSuggestions>>) {
  return { json: { suggestions: result.suggestions, bulletin: await presentBulletin(app.db, result.bulletin, user, app.glossary) } };
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

function refuseDeleted(): never {
  throw new DomainError("forbidden", "Solo un administrador ve los borradores eliminados.", null);
}

function signedIn<P, Q, B>(context: RouteContext<P, Q, B>): User {
  return context.user!;
}

export const bulletinRoutes = [
  route({
    method: "get", path: "/bulletins", summary: "Listar y buscar boletines", access: "signed_in",
    query: listQuerySchema, response: bulletinPageSchema,
    async handler(context) {
      const { app, query } = context;
      const user = signedIn(context);
      // Drafts autosaved on this process are found by what they say now (server/commands/indexDraft.ts).
      if (query.q) await flushDraftSearch(app.db);
      const result = await listBulletins(app.db, {
        status: query.status,
        year: query.year,
        number: query.number,
        q: query.q || undefined,
        // Deleted drafts are listed for those the policy lets see them (admins), and only when asked.
        deleted: query.deleted && VISIBILITY.seeDeleted.includes(user.role) ? true : query.deleted ? refuseDeleted() : false,
        authorId: query.mine ? user.id : undefined,
        excludeAuthorId: query.toReview ? user.id : undefined,
        assignedFirstFor: query.toReview ? user.id : undefined,
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
    method: "get", path: "/bulletins/counts", summary: "Cuántos boletines hay en cada pestaña de la lista (Por revisar 3)", access: "signed_in",
    query: noQuery, response: bulletinCountsSchema,
    async handler(context) {
      const user = signedIn(context);
      const counts = await countBulletins(context.app.db, user.id, visibleBulletinsCondition(user), VISIBILITY.seeDeleted.includes(user.role));
      return { json: counts };
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
      return reply(context.app, await seen(context.app, user, context.params.id), user);
    },
  }),
  route({
    method: "delete", path: "/bulletins/:id", summary: "Eliminar un borrador que nunca tuvo número (restaurable por un administrador)", access: "signed_in",
    params: idParams, query: noQuery, response: bulletinResourceSchema,
    async handler(context) {
      const user = signedIn(context);
      return reply(context.app, await deleteDraft(context.app.db, user, context.params.id), user);
    },
  }),
  route({
    method: "post", path: "/bulletins/:id/restore", summary: "Restaurar un borrador eliminado (administradores)", access: "signed_in",
    params: idParams, query: noQuery, response: bulletinResourceSchema,
    async handler(context) {
      const user = signedIn(context);
      return reply(context.app, await undeleteDraft(context.app.db, user, context.params.id), user);
    },
  }),
  route({
    method: "post", path: "/bulletins/:id/reviewers", summary: "Tomar la revisión o pasarla a otros revisores", access: rolesFor("bulletins.review"),
    params: idParams, query: noQuery, body: assignReviewersSchema, response: bulletinResourceSchema,
    async handler(context) {
      const user = signedIn(context);
      return reply(context.app, await assignReview(context.app.db, user, context.params.id, context.body.userIds), user);
    },
  }),
  route({
    method: "get", path: "/bulletins/:id/approval-preview", summary: "Lo que haría aprobar ahora: el número que tomaría, lo pendiente y las comprobaciones", access: "signed_in",
    params: idParams, query: noQuery, response: approvalPreviewSchema,
    async handler(context) {
      return { json: await approvalPreview(context.app.db, signedIn(context), context.params.id, context.app.glossary) };
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
      return reply(app, await withCurrent(app, user, () => saveBulletin(app.db, user, params.id, version, content)), user);
    },
  }),
  route({
    method: "post", path: "/bulletins/:id/transitions", summary: "Enviar, solicitar cambios, aprobar, publicar, reabrir o corregir lo publicado (If-Match opcional: la versión que se leyó)", access: "signed_in",
    params: idParams, query: noQuery, body: transitionRequestSchema, response: bulletinResourceSchema, headers: ["If-Match"],
    async handler(context) {
      const { app, req, params, body } = context;
      const user = signedIn(context);
      // The text can change in review (an accepted suggestion): with If-Match, approving is of the version read.
      const header = req.get("If-Match");
      const version = header === undefined ? undefined : expectedVersion(header);
      const row = await withCurrent(app, user, () =>
        transitionBulletin(app.db, user, params.id, body.action, { comment: body.comment || undefined, glossary: app.glossary, expectedVersion: version, reviewerIds: body.reviewerIds }));
      // A published correction goes to exactly those who had the bulletin (CORRECCIÓN / FE DE ERRATAS).
      if (body.action === "publish") await sendCorrection(app.db, user, params.id);
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
      const user = signedIn(context);
      // Someone else reading the current text: it stays in the history as they read it.
      await seen(context.app, user, context.params.id, (row) => row.version === context.params.version);
      const revision = await findRevision(context.app.db, context.params.id, context.params.version);
      if (!revision) throw notFound(`La revisión ${context.params.version}`);
      const { bulletinId: _bulletinId, ...rest } = revision;
      return { json: rest };
    },
  }),
  route({
    method: "post", path: "/bulletins/:id/revisions/:version/restore", summary: "Restaurar esta versión: una revisión nueva con su contenido (If-Match: versión actual)", access: "signed_in",
    params: revisionParams, query: noQuery, response: bulletinResourceSchema, headers: ["If-Match"],
    async handler(context) {
      const { app, req, params } = context;
      const user = signedIn(context);
      const expected = expectedVersion(req.get("If-Match"));
      return reply(app, await withCurrent(app, user, () => restoreRevision(app.db, user, params.id, expected, params.version)), user);
    },
  }),
  route({
    method: "get", path: "/bulletins/:id/suggestions", summary: "Sugerencias de cambio (control de cambios)", access: "signed_in",
    params: idParams, query: noQuery, response: listOf(suggestionSchema),
    async handler(context) {
      await readable(context.app, signedIn(context), context.params.id);
      const items = await listSuggestions(context.app.db, context.params.id);
      return { json: { items, total: items.length } };
    },
  }),
  route({
    method: "post", path: "/bulletins/:id/suggestions", summary: "Sugerir un cambio en la revisión actual", access: "signed_in",
    params: idParams, query: noQuery, body: newSuggestionSchema, response: suggestionSchema,
    async handler(context) {
      const user = signedIn(context);
      return { status: 201, json: await suggestEdit(context.app.db, user, context.params.id, context.body) };
    },
  }),
  route({
    method: "post", path: "/bulletins/:id/suggestions/accept-all", summary: "Aceptar todas las sugerencias abiertas", access: "signed_in",
    params: idParams, query: noQuery, response: suggestionDecisionSchema,
    async handler(context) {
      const user = signedIn(context);
      return decided(context.app, user, await decideSuggestions(context.app.db, user, context.params.id, "accept", null));
    },
  }),
  route({
    method: "post", path: "/bulletins/:id/suggestions/reject-all", summary: "Rechazar todas las sugerencias abiertas", access: "signed_in",
    params: idParams, query: noQuery, response: suggestionDecisionSchema,
    async handler(context) {
      const user = signedIn(context);
      return decided(context.app, user, await decideSuggestions(context.app.db, user, context.params.id, "reject", null));
    },
  }),
  route({
    method: "post", path: "/bulletins/:id/suggestions/:sid/accept", summary: "Aceptar una sugerencia (escribe una revisión nueva)", access: "signed_in",
    params: suggestionParams, query: noQuery, response: suggestionDecisionSchema,
    async handler(context) {
      const user = signedIn(context);
      return decided(context.app, user, await decideSuggestions(context.app.db, user, context.params.id, "accept", [context.params.sid]));
    },
  }),
  route({
    method: "post", path: "/bulletins/:id/suggestions/:sid/reject", summary: "Rechazar una sugerencia", access: "signed_in",
    params: suggestionParams, query: noQuery, response: suggestionDecisionSchema,
    async handler(context) {
      const user = signedIn(context);
      return decided(context.app, user, await decideSuggestions(context.app.db, user, context.params.id, "reject", [context.params.sid]));
    },
  }),
  route({
    method: "get", path: "/bulletins/:id/diff", summary: "Diferencias palabra por palabra entre dos revisiones", access: "signed_in",
    params: idParams, query: diffQuery, response: diffSchema,
    async handler(context) {
      const { app, params, query } = context;
      const user = signedIn(context);
      const bulletin = await seen(app, user, params.id, (row) => (query.to ?? row.version) === row.version);
      const to = query.to ?? bulletin.version;
      // A correction is read against what was published (what the media have); otherwise from what this reviewer last reviewed.
      const correcting = bulletin.correctionNote !== null && bulletin.publishedRevision !== null ? bulletin.publishedRevision : null;
      const from = query.from ?? correcting ?? (await lastReviewedRevision(app.db, params.id, user.id)) ?? 1;
      const diff = await diffRevisions(app.db, params.id, from, to);
      return { json: diff };
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
    method: "get", path: "/bulletins/:id/export", summary: "Exportar DOCX, PDF, TXT o Markdown", access: "signed_in",
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
