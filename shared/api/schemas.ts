import { z } from "zod";
import { bulletinNumberSchema, bulletinSchema } from "../bulletin/schema";
import { reviewFieldSchema } from "../review/fields";
import { dropBidiControls } from "../bulletin/storable-text";

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

export const roleSchema = z.enum(["author", "reviewer", "admin", "distribution"]);
export type Role = z.infer<typeof roleSchema>;

export const statusSchema = z.enum(["draft", "in_review", "changes_requested", "approved", "published"]);
export type BulletinStatus = z.infer<typeof statusSchema>;

export const actionSchema = z.enum(["edit", "submit", "withdraw", "request_changes", "approve", "publish", "reopen", "correct"]);
export type WorkflowAction = z.infer<typeof actionSchema>;

export const userSchema = z.object({
  id: z.number().int(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  /** Who set this account's current password, when it was not its owner (an admin); null once the owner sets their own. */
  passwordSetBy: z.number().int().nullable(),
  /** `Recibir avisos por correo` (on unless the person turned it off). */
  emailNotifications: z.boolean().optional(),
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
  /** Who saved the current version (the conflict dialog tells "you, in another window" apart from someone else). */
  lastSavedBy: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  /** The bulletin this draft was copied from: `Copia de No. 493/2024`. */
  copiedFrom: z.object({ id: z.number().int(), number: bulletinNumberSchema.nullable(), title: z.string() }).nullable(),
  /** Set when the draft was deleted (admins only see it then, and may restore it). */
  deletedAt: z.string().nullable(),
  /** Open suggested edits and unresolved comment threads, for the badges and the approval dialog. */
  openSuggestions: z.number().int(),
  openThreads: z.number().int(),
  /** The reviewers asked to review it, with who asked and when; empty: any reviewer. */
  reviewers: z.array(z.object({ id: z.number().int(), name: z.string(), assignedById: z.number().int().nullable(), assignedByName: z.string().nullable(), assignedAt: z.string() })),
  /** The revision the public and the media have (a correction under way keeps it until it is published). */
  publishedRevision: z.number().int().nullable(),
  /** `Corregir` under way: what the correction changes. */
  correctionNote: z.string().nullable(),
  /** `Retirar`: when, and why. */
  withdrawn: z.object({ at: z.string(), note: z.string() }).nullable(),
  /** Nothing public before it (set by a distribution). */
  embargoUntil: z.string().nullable(),
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
  /** The caller was asked to review it (`Por revisar` lists these first). */
  assignedToMe: z.boolean(),
  /** The reviewers asked to review it, with who asked and when (none: any reviewer). */
  reviewers: z.array(z.object({ id: z.number().int(), name: z.string(), assignedById: z.number().int().nullable(), assignedByName: z.string().nullable(), assignedAt: z.string() })),
  /** Search only: a fragment with matches wrapped in <mark>…</mark> (text otherwise escaped). */
  snippet: z.string().nullable(),
});
export type BulletinListItem = z.infer<typeof bulletinListItemSchema>;

/** A page of bulletins. A search counts exactly up to 1,000 matches: past that `total` is 1000 and `capped` true (`más de 1,000`). */
export const bulletinPageSchema = z.object({ items: z.array(bulletinListItemSchema), total: z.number().int(), capped: z.boolean() });
export type BulletinPage = z.infer<typeof bulletinPageSchema>;

export const listQuerySchema = z.strictObject({
  status: statusSchema.optional(),
  year: digitsParam(z.number().int().min(1900).max(2200)).optional(),
  number: digitsParam(z.number().int().min(1).max(1_000_000)).optional(),
  q: z.string().trim().max(200).optional(),
  mine: z.enum(["true", "false"]).transform((value) => value === "true").optional(),
  toReview: z.enum(["true", "false"]).transform((value) => value === "true").optional(),
  /** Admins only: the deleted drafts instead of the live bulletins. */
  deleted: z.enum(["true", "false"]).transform((value) => value === "true").optional(),
  page: digitsParam(z.number().int().min(1).max(10_000)).default(1),
  pageSize: digitsParam(z.number().int().min(1).max(100)).default(25),
});

/** How many bulletins each tab of the list holds for the caller (`Por revisar 3`). */
export const bulletinCountsSchema = z.object({
  mine: z.number().int(),
  /** Others' bulletins in review (the reviewers' `Por revisar`); `assignedToMe` of them were asked of the caller. */
  toReview: z.number().int(),
  assignedToMe: z.number().int(),
  byStatus: z.record(statusSchema, z.number().int()),
  /** Admins only: deleted drafts; null for everyone else. */
  deleted: z.number().int().nullable(),
});
export type BulletinCounts = z.infer<typeof bulletinCountsSchema>;

export const createBulletinSchema = z.union([
  z.strictObject({ templateId: z.string().min(1).max(60) }),
  z.strictObject({ fromBulletinId: z.number().int() }),
]);

export const transitionRequestSchema = z.strictObject({
  action: z.enum(["submit", "withdraw", "request_changes", "approve", "publish", "reopen", "correct"]),
  comment: z.string().trim().max(5000).optional(),
  /** Submit only: the reviewers asked to review it (none: `Cualquier revisor`). */
  reviewerIds: z.array(z.number().int().min(1).max(2_147_483_647)).max(20).optional(),
});

/** Where a comment's passage is in the current revision: a field and offsets in its plain text (shared/review/fields.ts). */
export const anchorSchema = z.strictObject({
  field: reviewFieldSchema,
  from: z.number().int().min(0),
  to: z.number().int().min(0),
});
export type Anchor = z.infer<typeof anchorSchema>;

const commentFields = {
  id: z.number().int(),
  bulletinId: z.number().int(),
  revision: z.number().int(),
  authorId: z.number().int(),
  authorName: z.string(),
  body: z.string(),
  quote: z.string().nullable(),
  /** The thread's first comment; null for the comment that opens a thread. */
  parentId: z.number().int().nullable(),
  /** The passage in the current revision; null without one, or once it was deleted (`outdated`). */
  anchor: z.object({ field: z.string(), from: z.number().int(), to: z.number().int() }).nullable(),
  /** The quoted passage was deleted: shown as `Desactualizado`, with its quote. */
  outdated: z.boolean(),
  /** A thread is resolved or reopened as a whole: replies carry their thread's state. */
  resolved: z.boolean(),
  createdAt: z.string(),
};
/** A comment thread: its first comment with the replies, oldest first. */
export const commentSchema = z.object({ ...commentFields, replies: z.array(z.object(commentFields)) });
export type Comment = z.infer<typeof commentSchema>;
export type CommentReply = Comment["replies"][number];

export const newCommentSchema = z.strictObject({
  // Shown beside the text as typed: no character that would show it in another order (U+202E).
  body: z.string().overwrite(dropBidiControls).trim().min(1, "El comentario está vacío.").max(5000),
  /** Without `anchor`: a quote shown above the comment. With it, the server quotes the passage itself. */
  quote: z.string().trim().max(2000).optional(),
  /** The passage of the current revision the comment is about. */
  anchor: anchorSchema.optional(),
  /** Replying: the id of the thread's first comment (or of any comment in it). */
  parentId: z.number().int().min(1).max(2_147_483_647).optional(),
  /** The revision `anchor` was taken on (the current one when left out): an older one is carried to the current text. */
  revision: z.number().int().min(1).max(2_147_483_647).optional(),
  /** The people @mentioned in it: each is told (those who may see the bulletin). */
  mentions: z.array(z.number().int().min(1).max(2_147_483_647)).max(20).optional(),
});
export const updateCommentSchema = z.strictObject({ resolved: z.boolean() });

/** `Tomar revisión` (the caller alone), handing it to other reviewers, or none: back to `Cualquier revisor`. */
export const assignReviewersSchema = z.strictObject({
  userIds: z.array(z.number().int().min(1).max(2_147_483_647)).max(20),
});

export const suggestionStatusSchema = z.enum(["open", "accepted", "rejected", "outdated"]);
export type SuggestionStatus = z.infer<typeof suggestionStatusSchema>;

/** A suggested edit: replace `[from, to)` of `field`'s plain text on `revision` with `text`. */
export const suggestionSchema = z.object({
  id: z.number().int(),
  bulletinId: z.number().int(),
  authorId: z.number().int(),
  authorName: z.string(),
  field: z.string(),
  /** `insert`: adds `text` at `from`; `delete`: removes `deleted`; `replace`: both. */
  kind: z.enum(["insert", "delete", "replace"]),
  text: z.string(),
  deleted: z.string(),
  from: z.number().int(),
  to: z.number().int(),
  /** The revision the offsets refer to: the current one while the suggestion is open. */
  revision: z.number().int(),
  status: suggestionStatusSchema,
  decidedBy: z.number().int().nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Suggestion = z.infer<typeof suggestionSchema>;

export const newSuggestionSchema = z.strictObject({
  field: reviewFieldSchema,
  from: z.number().int().min(0).max(10_000_000),
  to: z.number().int().min(0).max(10_000_000),
  insert: z.string().max(20_000, "La sugerencia es demasiado larga."),
  /** The revision the offsets were taken on (the current one when left out): a stale one is refused with 409. */
  revision: z.number().int().min(1).optional(),
});

/** The result of accepting or rejecting: the suggestions as they are now and the bulletin (a new revision when accepted). */
export const suggestionDecisionSchema = z.object({
  suggestions: z.array(suggestionSchema),
  bulletin: z.lazy(() => bulletinResourceSchema),
});

/** What approving would do now: the number it would take, what is still open, the checks. */
export const approvalPreviewSchema = z.object({
  number: bulletinNumberSchema,
  /** True when the bulletin keeps the number it already had (approved before, reopened). */
  keepsNumber: z.boolean(),
  openThreads: z.number().int(),
  openSuggestions: z.number().int(),
  checks: z.array(checkSchema),
});
export type ApprovalPreview = z.infer<typeof approvalPreviewSchema>;

export const revisionSummarySchema = z.object({
  version: z.number().int(),
  authorId: z.number().int(),
  authorName: z.string(),
  /** When this revision's editing session began and last saved (autosaves fold into one revision). */
  createdAt: z.string(),
  updatedAt: z.string(),
  status: statusSchema,
  /** Sealed: never extended again (someone else read it, a transition, a comment…). */
  sealed: z.boolean(),
  /** The suggestions accepting wrote into this revision. */
  appliedSuggestions: z.array(z.number().int()),
  /** The version this revision restored. */
  restoredFrom: z.number().int().nullable(),
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
  format: z.enum(["docx", "pdf", "txt", "md"]),
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
