import { z } from "zod";
import { bulletinSchema } from "../bulletin/schema";

/** Shapes of the HTTP API, shared by the server (validation, OpenAPI) and the client. */

/**
 * A whole number written in a path or a query: plain decimal digits only ("16"), then
 * checked by `range`. Never read loosely as `Number()` would (`0x10` is 16, `1e3` is 1000,
 * " 16", "+16", "16.0"), so one address always means one thing.
 */
export function digitsParam(range: z.ZodNumber) {
  return z
    .string({ error: (issue) => (Array.isArray(issue.input) ? "Indica este parámetro una sola vez." : DIGITS_MESSAGE) })
    .regex(/^[0-9]+$/, DIGITS_MESSAGE)
    .max(10, "Es un número demasiado grande.")
    .transform(Number)
    .pipe(range);
}
const DIGITS_MESSAGE = "Debe ser un número escrito solo con cifras del 0 al 9 (por ejemplo, 16).";

/** The id of a row (bulletin, user, comment, revision) in a path or query: 1 to 2^31 − 1, PostgreSQL's integer. */
export const rowIdParam = digitsParam(z.number().int().min(1).max(2_147_483_647));

export const roleSchema = z.enum(["author", "reviewer", "admin"]);
export type Role = z.infer<typeof roleSchema>;

export const statusSchema = z.enum(["draft", "in_review", "changes_requested", "approved", "published"]);
export type BulletinStatus = z.infer<typeof statusSchema>;

export const actionSchema = z.enum(["edit", "submit", "request_changes", "approve", "publish", "reopen"]);
export type WorkflowAction = z.infer<typeof actionSchema>;

export const userSchema = z.object({
  id: z.number().int(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  /** Who set this account's current password, when it was not its owner (an admin); null once the owner sets their own. */
  passwordSetBy: z.number().int().nullable(),
});
export type User = z.infer<typeof userSchema>;

/** The signed-in user's own new password, proven by the current one. */
export const changePasswordSchema = z.strictObject({
  currentPassword: z.string().min(1, "Escribe tu contraseña actual.").max(200),
  newPassword: z.string().min(10, "La contraseña nueva debe tener al menos 10 caracteres.").max(200),
});

export const signInSchema = z.strictObject({
  email: z.string().trim().toLowerCase().email("Escribe un correo electrónico válido.").max(200),
  password: z.string().min(1, "Escribe tu contraseña.").max(200),
});

export const checkSchema = z.object({
  code: z.string(),
  severity: z.enum(["blocking", "warning"]),
  message: z.string(),
  /** Where the problem is: `title`, `highlights.0`, `date`, `photoLinks.1`, `body`. */
  field: z.string().nullable(),
});
export type CheckResult = z.infer<typeof checkSchema>;

/** The bulletin resource: the bulletin JSON plus its workflow fields, flat. */
export const bulletinResourceSchema = bulletinSchema.extend({
  id: z.number().int(),
  status: statusSchema,
  version: z.number().int(),
  authorId: z.number().int(),
  authorName: z.string(),
  approvedRevision: z.number().int().nullable(),
  checks: z.array(checkSchema),
  /** The workflow actions this user may take now (`edit` included): the buttons. */
  allowedActions: z.array(actionSchema),
  /** Everything this user may do to it now (shared/policies/bulletin.ts): `read`, `comment`, `export`, the actions… */
  abilities: z.array(z.string()),
  /** Actions this user's role could take now but four-eyes refuses them, with the Spanish reason. */
  refusals: z.partialRecord(actionSchema, z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type BulletinResource = z.infer<typeof bulletinResourceSchema>;

export const bulletinListItemSchema = z.object({
  id: z.number().int(),
  status: statusSchema,
  number: bulletinSchema.shape.number,
  date: z.string().nullable(),
  place: z.string().nullable(),
  title: z.string(),
  authorId: z.number().int(),
  authorName: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  /** Search only: a fragment with matches wrapped in <mark>…</mark> (text otherwise escaped). */
  snippet: z.string().nullable(),
});
export type BulletinListItem = z.infer<typeof bulletinListItemSchema>;

export const listQuerySchema = z.strictObject({
  status: statusSchema.optional(),
  year: digitsParam(z.number().int().min(1900).max(2200)).optional(),
  number: digitsParam(z.number().int().min(1).max(1_000_000)).optional(),
  q: z.string().trim().max(200).optional(),
  mine: z.enum(["true", "false"]).transform((value) => value === "true").optional(),
  toReview: z.enum(["true", "false"]).transform((value) => value === "true").optional(),
  page: digitsParam(z.number().int().min(1).max(10_000)).default(1),
  pageSize: digitsParam(z.number().int().min(1).max(100)).default(25),
});

export const createBulletinSchema = z.union([
  z.strictObject({ templateId: z.string().min(1).max(60) }),
  z.strictObject({ fromBulletinId: z.number().int() }),
]);

export const transitionRequestSchema = z.strictObject({
  action: z.enum(["submit", "request_changes", "approve", "publish", "reopen"]),
  comment: z.string().trim().max(5000).optional(),
});

export const commentSchema = z.object({
  id: z.number().int(),
  bulletinId: z.number().int(),
  revision: z.number().int(),
  authorId: z.number().int(),
  authorName: z.string(),
  body: z.string(),
  quote: z.string().nullable(),
  resolved: z.boolean(),
  createdAt: z.string(),
});
export type Comment = z.infer<typeof commentSchema>;

export const newCommentSchema = z.strictObject({
  body: z.string().trim().min(1, "El comentario está vacío.").max(5000),
  quote: z.string().trim().max(2000).optional(),
});
export const updateCommentSchema = z.strictObject({ resolved: z.boolean() });

export const revisionSummarySchema = z.object({
  version: z.number().int(),
  authorId: z.number().int(),
  authorName: z.string(),
  createdAt: z.string(),
  status: statusSchema,
});
export type RevisionSummary = z.infer<typeof revisionSummarySchema>;

export const revisionSchema = revisionSummarySchema.extend({ content: bulletinSchema, hash: z.string() });

export const diffPartSchema = z.object({
  kind: z.enum(["same", "added", "removed"]),
  text: z.string(),
});
/**
 * How finely the diff could be computed: `words` everywhere; `lines` when some passage had
 * too many changes and is shown as whole paragraphs; `too_large` when only the two texts
 * are given (one removed part, one added part).
 */
export const diffModeSchema = z.enum(["words", "lines", "too_large"]);
export type DiffMode = z.infer<typeof diffModeSchema>;
export const diffSchema = z.object({
  from: z.number().int(),
  to: z.number().int(),
  mode: diffModeSchema,
  parts: z.array(diffPartSchema),
});
export type DiffPart = z.infer<typeof diffPartSchema>;

export const eventSchema = z.object({
  id: z.number().int(),
  bulletinId: z.number().int().nullable(),
  actorId: z.number().int().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  fromStatus: statusSchema.nullable(),
  toStatus: statusSchema.nullable(),
  revision: z.number().int().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
});
export type AuditEvent = z.infer<typeof eventSchema>;

export const exportQuerySchema = z.strictObject({
  format: z.enum(["docx", "txt", "md"]),
  revision: rowIdParam.optional(),
});

export const errorBodySchema = z.object({
  // details: what the client may show beside the message (the failing fields, the current version…); null when nothing.
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown() }),
});
export type ApiErrorBody = z.infer<typeof errorBodySchema>;

export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number().int() });

/** Whether any account exists yet (a fresh production install has none until `create-admin`). */
export const setupStatusSchema = z.object({ accountsExist: z.boolean() });
export type SetupStatus = z.infer<typeof setupStatusSchema>;

/** The numbering of one year: the last number handed out (0: none yet) and the next one. */
export const numberingYearSchema = z.object({
  year: z.number().int(),
  lastSeq: z.number().int(),
  nextSeq: z.number().int(),
});
export type NumberingYear = z.infer<typeof numberingYearSchema>;

export const numberingParamsSchema = z.strictObject({ year: digitsParam(z.number().int().min(1900, "El año debe ser 1900 o posterior.").max(2200, "El año debe ser 2200 o anterior.")) });

/** An office that adopts Redacta mid-year continues its numbering from `nextSeq`. */
export const setNextNumberSchema = z.strictObject({
  nextSeq: z.number().int("El siguiente número debe ser un entero.").min(1, "El siguiente número debe ser 1 o mayor.").max(1_000_000, "El siguiente número no puede pasar de 1000000."),
});

export const pageQuerySchema = z.strictObject({
  page: digitsParam(z.number().int().min(1).max(10_000)).default(1),
  pageSize: digitsParam(z.number().int().min(1).max(100)).default(50),
});
