import { z } from "zod";
import { dropBidiControls, dropControls, normalizeLineEnds, refusedCodePointMessage } from "./storable-text";
import { webLinkProblem } from "./web-link";

/**
 * The closed schema of a bulletin body (Tiptap/ProseMirror JSON).
 * doc > (paragraph | bulletList | orderedList | blockquote)+; inline text with
 * bold/italic/link marks and hardBreak. Anything else is refused with the path of
 * the offending node. The same node and mark names are configured in
 * shared/editor/extensions.ts, which the editor uses.
 */

export { isHttpUrl, webLinkProblem } from "./web-link";

/** A link as stored: trimmed, an absolute http(s) URL with a domain (see web-link.ts); the reason in Spanish otherwise. */
export const httpUrlSchema = z
  .string()
  .trim()
  .max(2048, "El enlace es demasiado largo.")
  .superRefine((href, context) => {
    const problem = webLinkProblem(href);
    if (problem) context.addIssue({ code: "custom", message: problem });
  });

/**
 * Text that may be stored and exported (see storable-text.ts): controls pasted from
 * Word and bidirectional controls dropped, CR line ends as LF; NUL, U+FFFE, U+FFFF and
 * lone surrogates refused with the code point named.
 */
export const storableTextSchema = z
  .string()
  .overwrite((text) => normalizeLineEnds(dropBidiControls(dropControls(text))))
  .superRefine((text, context) => {
    const refused = refusedCodePointMessage(text);
    if (refused) context.addIssue({ code: "custom", message: refused });
  });

const boldMark = z.strictObject({ type: z.literal("bold") });
const italicMark = z.strictObject({ type: z.literal("italic") });
const linkMark = z.strictObject({
  type: z.literal("link"),
  attrs: z
    .object({
      href: httpUrlSchema,
      target: z.string().max(20).nullable().optional(),
      rel: z.string().max(100).nullable().optional(),
      class: z.string().max(100).nullable().optional(),
      title: z.string().max(500).nullable().optional(),
    })
    .transform(({ href }) => ({ href })),
});

export const markSchema = z.discriminatedUnion("type", [boldMark, italicMark, linkMark], {
  error: (issue) =>
    issue.code === "invalid_union"
      ? "Formato no permitido en el boletín (solo negrita, cursiva y enlaces)."
      : undefined,
});

export const textNodeSchema = z.strictObject({
  type: z.literal("text"),
  text: storableTextSchema.min(1, "Un texto vacío no es válido.").max(200_000),
  marks: z.array(markSchema).max(3).optional(),
});

export const hardBreakSchema = z.strictObject({
  type: z.literal("hardBreak"),
  marks: z.array(markSchema).max(3).optional(),
});

export const inlineSchema = z.discriminatedUnion("type", [textNodeSchema, hardBreakSchema], {
  error: (issue) =>
    issue.code === "invalid_union"
      ? "Elemento no permitido dentro de un párrafo (solo texto y saltos de línea)."
      : undefined,
});

const MAX_CHILDREN = 5_000;
// Tiptap may add empty attrs objects; they carry nothing the bulletin needs.
const noAttrs = z.record(z.string(), z.unknown()).optional().transform(() => undefined);

export const paragraphSchema = z.strictObject({
  type: z.literal("paragraph"),
  attrs: noAttrs,
  content: z.array(inlineSchema).max(MAX_CHILDREN).optional(),
});

export type InlineNode = z.infer<typeof inlineSchema>;
export type Mark = z.infer<typeof markSchema>;
export type ParagraphNode = { type: "paragraph"; content?: InlineNode[] };
export type ListItemNode = { type: "listItem"; content: BlockNode[] };
export type BulletListNode = { type: "bulletList"; content: ListItemNode[] };
export type OrderedListNode = { type: "orderedList"; attrs?: { start?: number }; content: ListItemNode[] };
export type BlockquoteNode = { type: "blockquote"; content: BlockNode[] };
export type BlockNode = ParagraphNode | BulletListNode | OrderedListNode | BlockquoteNode;
export type BodyDoc = { type: "doc"; content: BlockNode[] };

const blockError = (issue: { code: string }) =>
  issue.code === "invalid_union"
    ? "Bloque no permitido en el cuerpo (solo párrafos, listas y citas)."
    : undefined;

export const listItemSchema: z.ZodType<ListItemNode> = z.lazy(() =>
  z.strictObject({
    type: z.literal("listItem"),
    attrs: noAttrs,
    content: z.array(blockSchema).min(1).max(MAX_CHILDREN),
  }),
) as unknown as z.ZodType<ListItemNode>;

export const blockSchema: z.ZodType<BlockNode> = z.lazy(() =>
  z.discriminatedUnion(
    "type",
    [
      paragraphSchema,
      z.strictObject({
        type: z.literal("bulletList"),
        attrs: noAttrs,
        content: z.array(listItemSchema).min(1).max(MAX_CHILDREN),
      }),
      z.strictObject({
        type: z.literal("orderedList"),
        attrs: z
          .object({ start: z.number().int().min(0).max(100_000).optional() })
          .loose()
          .optional()
          .transform((attrs) => (attrs?.start && attrs.start !== 1 ? { start: attrs.start } : undefined)),
        content: z.array(listItemSchema).min(1).max(MAX_CHILDREN),
      }),
      z.strictObject({
        type: z.literal("blockquote"),
        attrs: noAttrs,
        content: z.array(blockSchema).min(1).max(MAX_CHILDREN),
      }),
    ],
    { error: blockError },
  ),
) as unknown as z.ZodType<BlockNode>;

export const bodySchema: z.ZodType<BodyDoc> = z.strictObject({
  type: z.literal("doc"),
  content: z.array(blockSchema).max(MAX_CHILDREN),
}) as unknown as z.ZodType<BodyDoc>;

/** An empty body: one empty paragraph, as the editor makes it. */
export function emptyBody(): BodyDoc {
  return { type: "doc", content: [{ type: "paragraph" }] };
}

/** A body of plain paragraphs, one per string. */
export function bodyFromParagraphs(paragraphs: string[]): BodyDoc {
  return {
    type: "doc",
    content: paragraphs.map((text) =>
      text ? { type: "paragraph", content: [{ type: "text", text }] } : { type: "paragraph" },
    ),
  };
}
