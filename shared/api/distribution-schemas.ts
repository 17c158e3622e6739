import { z } from "zod";
import { optionalLineSchema, visibleLineSchema } from "../bulletin/schema";
import { digitsParam, rowIdParam } from "./schemas";

/** Media lists and contacts (issue 11): `Medios`, the CSV import, unsubscribe. */

export const contactStatusSchema = z.enum(["active", "unsubscribed", "bounced"]);
export type ContactStatus = z.infer<typeof contactStatusSchema>;

/** The parts of a contact an import or the form fills in, as the CSV's columns are mapped to them. */
export const contactFieldSchema = z.enum(["name", "outlet", "email", "beat", "notes"]);
export type ContactField = z.infer<typeof contactFieldSchema>;

export const CONTACT_LIMITS = { name: 200, outlet: 200, beat: 200, notes: 2000, email: 254 } as const;

export const contactListSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string(),
  /** Members, and those of them who may be sent to (not unsubscribed, not bounced). */
  contactCount: z.number().int(),
  activeCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ContactList = z.infer<typeof contactListSchema>;

export const newListSchema = z.strictObject({
  name: visibleLineSchema(120, "Escribe el nombre de la lista."),
  description: optionalLineSchema(500).optional(),
});
export const listUpdateSchema = z.strictObject({
  name: visibleLineSchema(120, "Escribe el nombre de la lista.").optional(),
  description: optionalLineSchema(500).optional(),
});

export const contactSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  outlet: z.string(),
  email: z.string(),
  beat: z.string(),
  notes: z.string(),
  status: contactStatusSchema,
  statusChangedAt: z.string().nullable(),
  /** The lists it belongs to (a contact is one e-mail address, in any number of lists). */
  lists: z.array(z.object({ id: z.number().int(), name: z.string() })),
  createdAt: z.string(),
});
export type Contact = z.infer<typeof contactSchema>;

/**
 * One contact to add as JSON. The e-mail is only checked to be text here: an invalid one is
 * reported with its position (`errors: [{ line, message }]`), as a CSV line is, and the others are added.
 */
export const newContactSchema = z.strictObject({
  name: z.string().max(1000).optional(),
  outlet: z.string().max(1000).optional(),
  email: z.string().max(1000),
  beat: z.string().max(1000).optional(),
  notes: z.string().max(10_000).optional(),
});
export type NewContact = z.infer<typeof newContactSchema>;

export const contactsUploadQuerySchema = z.strictObject({
  /** `true`: read and check the file, write nothing. */
  preview: z.enum(["true", "false"]).transform((value) => value === "true").optional(),
});

export const lineErrorSchema = z.object({ line: z.number().int(), message: z.string() });
export type LineError = z.infer<typeof lineErrorSchema>;

export const importRowSchema = z.object({
  /** Its line in the file (the header is line 1), or its position in a JSON list (from 1). */
  line: z.number().int(),
  name: z.string(),
  outlet: z.string(),
  email: z.string(),
  beat: z.string(),
  notes: z.string(),
});
export type ImportRow = z.infer<typeof importRowSchema>;

export const importPreviewSchema = z.object({
  /** The file's header, as written. */
  columns: z.array(z.string()),
  /** What each column was read as (null: left out), in the order of `columns`. */
  mapping: z.array(contactFieldSchema.nullable()),
  /** The first 20 rows as they would be imported (with their line). */
  rows: z.array(importRowSchema),
  errors: z.array(lineErrorSchema),
  /** Rows in the file (header left out), and how many of them would import. */
  total: z.number().int(),
  valid: z.number().int(),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

export const importResultSchema = z.object({
  /** New contacts. */
  added: z.number().int(),
  /** Rows whose e-mail was already a contact (or came earlier in the file), now in the list. */
  merged: z.number().int(),
  /** Contacts that were in the list already. */
  alreadyInList: z.number().int(),
  errors: z.array(lineErrorSchema),
});
export type ImportResult = z.infer<typeof importResultSchema>;

export const listContactsQuerySchema = z.strictObject({
  q: z.string().max(200).optional(),
  page: digitsParam(z.number().int().min(1).max(10_000)).default(1),
  pageSize: digitsParam(z.number().int().min(1).max(200)).default(50),
});

export const contactsQuerySchema = z.strictObject({
  q: z.string().max(200).optional(),
  status: contactStatusSchema.optional(),
  page: digitsParam(z.number().int().min(1).max(10_000)).default(1),
  pageSize: digitsParam(z.number().int().min(1).max(200)).default(50),
});

export const contactUpdateSchema = z.strictObject({
  name: optionalLineSchema(CONTACT_LIMITS.name).optional(),
  outlet: optionalLineSchema(CONTACT_LIMITS.outlet).optional(),
  beat: optionalLineSchema(CONTACT_LIMITS.beat).optional(),
  notes: z.string().max(CONTACT_LIMITS.notes).optional(),
  /** Back to active (an admin only, for an unsubscribed or bounced contact). */
  status: z.literal("active", { error: "Un contacto solo puede volver a «active»; la baja la da la persona con su enlace." }).optional(),
});

export const listMemberParams = z.strictObject({ id: rowIdParam, contactId: rowIdParam });
