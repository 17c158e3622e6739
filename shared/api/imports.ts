import { z } from "zod";
import { bulletinSchema } from "../bulletin/schema";
import { refusedCodePointMessage } from "../bulletin/storable-text";
import { rowIdParam } from "./schemas";

/** Bulk import (issue 12): batches of files an admin drops, each file's result, and the person's confirmation. */

/**
 * What became of one file: `imported` (no warnings: straight into the archive),
 * `imported_with_warnings` (a person confirmed or corrected what the importer was unsure of),
 * `needs_review` (waits for a person), `refused` (with the reason), `duplicate` (the same
 * bytes are already in the archive, as `bulletinId`), `discarded` (a person chose not to import it).
 */
export const importResultSchema = z.enum(["imported", "imported_with_warnings", "needs_review", "refused", "duplicate", "discarded"]);
export type ImportResultKind = z.infer<typeof importResultSchema>;

export const importFormatSchema = z.enum(["txt", "md", "docx", "pdf"]);

/** The number another bulletin of the archive already holds. */
export const numberClashSchema = z.object({ year: z.number().int(), seq: z.number().int(), bulletinId: z.number().int() });
export type NumberClash = z.infer<typeof numberClashSchema>;

const personSchema = z.object({ id: z.number().int(), name: z.string() });

export const importItemSchema = z.object({
  id: z.number().int(),
  batchId: z.number().int(),
  fileName: z.string(),
  format: importFormatSchema.nullable(),
  size: z.number().int(),
  sha256: z.string(),
  result: importResultSchema,
  /** Why it was refused, in Spanish. */
  reason: z.string().nullable(),
  warnings: z.array(z.string()),
  /** The bulletin as read (as confirmed, once a person did); null for a refused file. */
  parsed: bulletinSchema.nullable(),
  /** The text the importer read: only while the file waits for a person. */
  sourceText: z.string().nullable(),
  numberClash: numberClashSchema.nullable(),
  /** The archive's bulletin it made, or the one that already had the same file. */
  bulletinId: z.number().int().nullable(),
  confirmedBy: personSchema.nullable(),
  confirmedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type ImportItem = z.infer<typeof importItemSchema>;

export const importBatchSchema = z.object({
  id: z.number().int(),
  createdBy: personSchema,
  createdAt: z.string(),
  items: z.array(importItemSchema),
});
export type ImportBatch = z.infer<typeof importBatchSchema>;

/** A batch in the list of imports: how many files it has and how many still wait for a person. */
export const importBatchSummarySchema = z.object({
  id: z.number().int(),
  createdBy: personSchema,
  createdAt: z.string(),
  total: z.number().int(),
  needsReview: z.number().int(),
});
export type ImportBatchSummary = z.infer<typeof importBatchSummarySchema>;

/** The largest file an upload takes (20 MB, as server/import/parse-file.ts reads). */
export const MAX_IMPORT_FILE_BYTES = 20 * 1024 * 1024;

/**
 * A file's name as the browser gives it (a folder's files keep their relative path):
 * shown to people, never used as a path on the server.
 */
export const importFileNameSchema = z
  .string({ error: "Indica el nombre del archivo (?name=…)." })
  .trim()
  .min(1, "Indica el nombre del archivo (?name=…).")
  .max(500, "El nombre del archivo es demasiado largo (máximo 500 caracteres).")
  .superRefine((name, context) => {
    const refused = refusedCodePointMessage(name);
    if (refused) context.addIssue({ code: "custom", message: refused });
    // eslint-disable-next-line no-control-regex
    else if (/[\u0000-\u001f\u007f]/.test(name)) context.addIssue({ code: "custom", message: "El nombre del archivo tiene caracteres de control." });
  });

export const importUploadQuerySchema = z.strictObject({ name: importFileNameSchema });

export const importItemParams = z.strictObject({ id: rowIdParam, itemId: rowIdParam });

/** `Confirmar e importar`: the bulletin as the person left it (omitted: as the importer read it). */
export const confirmImportItemSchema = z.strictObject({ bulletin: bulletinSchema.optional() });
