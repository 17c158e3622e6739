import { z } from "zod";
import {
  confirmImportItemSchema, importBatchSchema, importBatchSummarySchema, importItemParams, importItemSchema, importUploadQuerySchema, MAX_IMPORT_FILE_BYTES,
} from "../../shared/api/imports";
import { listOf } from "../../shared/api/schemas";
import { rolesFor } from "../../shared/policies/office";
import { confirmImportItem, discardImportItem } from "../commands/confirmImportItem";
import { createImportBatch, importFileIntoBatch } from "../commands/importFileIntoBatch";
import { findImportBatch, listImportBatches, loadImportItem } from "../db/queries/imports";
import { notFound } from "../errors";
import { idParams, noQuery, route } from "./registry";

/** Bulk import (issue 12): admins bring the office's past bulletins into the archive, a person confirming what the importer is unsure of. */
const IMPORTERS = rolesFor("archive.import");

/** The upload's body: the file as it is (server/app.ts reads application/octet-stream as bytes for this route only). */
export const IMPORT_UPLOAD_PATH = "/imports/:id/files";
export const IMPORT_UPLOAD_LIMIT = MAX_IMPORT_FILE_BYTES;
const fileBodySchema = z.custom<Buffer>((value) => value === undefined || value === null || Buffer.isBuffer(value), {
  error: "Envía el archivo tal cual (Content-Type: application/octet-stream).",
});

export const importRoutes = [
  route({
    method: "get", path: "/imports", summary: "Las últimas 50 importaciones, con cuántos archivos tienen y cuántos esperan revisión", access: IMPORTERS,
    query: noQuery, response: listOf(importBatchSummarySchema),
    async handler({ app }) {
      const items = await listImportBatches(app.db);
      return { json: { items, total: items.length } };
    },
  }),
  route({
    method: "post", path: "/imports", summary: "Empezar una importación de boletines del archivo (una carpeta o un zip, archivo por archivo)", access: IMPORTERS,
    query: noQuery, response: importBatchSchema,
    async handler({ app, user }) {
      const batchId = await createImportBatch(app.db, user!.id);
      return { status: 201, json: await findImportBatch(app.db, batchId) };
    },
  }),
  route({
    method: "get", path: "/imports/:id", summary: "Una importación con el resultado de cada archivo (y, de los que esperan revisión, su texto de origen)", access: IMPORTERS,
    params: idParams, query: noQuery, response: importBatchSchema,
    async handler({ app, params }) {
      const batch = await findImportBatch(app.db, params.id);
      if (!batch) throw notFound("La importación");
      return { json: batch };
    },
  }),
  route({
    method: "post", path: IMPORT_UPLOAD_PATH,
    summary: "Subir un archivo (TXT, Markdown, DOCX o PDF, hasta 20 MB) a la importación: cuerpo application/octet-stream, ?name=nombre; responde su resultado",
    access: IMPORTERS, params: idParams, query: importUploadQuerySchema, body: fileBodySchema, response: importItemSchema,
    async handler({ app, user, params, query, body }) {
      const itemId = await importFileIntoBatch(app.db, user!.id, params.id, query.name, body ?? Buffer.alloc(0));
      return { status: 201, json: await loadImportItem(app.db, params.id, itemId) };
    },
  }),
  route({
    method: "post", path: "/imports/:id/items/:itemId/confirm",
    summary: "Confirmar e importar un archivo que esperaba revisión, con las correcciones de la persona (el boletín completo)",
    access: IMPORTERS, params: importItemParams, query: noQuery, body: confirmImportItemSchema, response: importItemSchema,
    async handler({ app, user, params, body }) {
      await confirmImportItem(app.db, user!.id, params.id, params.itemId, body.bulletin);
      return { json: await loadImportItem(app.db, params.id, params.itemId) };
    },
  }),
  route({
    method: "post", path: "/imports/:id/items/:itemId/discard", summary: "Descartar un archivo que esperaba revisión: no entra al archivo",
    access: IMPORTERS, params: importItemParams, query: noQuery, response: importItemSchema,
    async handler({ app, user, params }) {
      await discardImportItem(app.db, user!.id, params.id, params.itemId);
      return { json: await loadImportItem(app.db, params.id, params.itemId) };
    },
  }),
];
