import organizationJson from "../../templates/organization.json" with { type: "json" };
import type { BlockNode, BodyDoc, InlineNode, ParagraphNode } from "../../shared/bulletin/body-schema";
import { formatNumber } from "../../shared/bulletin/number";
import { stripForbiddenCodePoints } from "../../shared/bulletin/storable-text";
import type { Bulletin } from "../../shared/bulletin/schema";
import { organizationSchema } from "../../shared/organization";
import { templateSchema, type Template } from "../../shared/template/schema";

/**
 * An archived bulletin → a template of the same shape. Every paragraph becomes
 * one placeholder that keeps its opening words, so the writer sees how each
 * paragraph of the model started:
 * - opening words up to the first comma when that comma comes within 8 words:
 *   `Por su parte, el secretario…` → `[Por su parte, …]`;
 * - otherwise the first 6 words: `Zoé Robledo detalló que antes de que…` →
 *   `[Zoé Robledo detalló que antes de …]`;
 * - a paragraph of 6 words or fewer is kept whole: `[Asistieron los titulares.]`.
 */

const ORGANIZATION = organizationSchema.parse(organizationJson);
const MAX_WORDS_BEFORE_COMMA = 8;
const OPENING_WORDS = 6;
// PLACEHOLDER_PATTERN allows 200 characters between the brackets.
const MAX_PLACEHOLDER_TEXT = 190;
const MAX_HIGHLIGHT_SLOTS = 5;

/** `Clausura de reunión regional` → `clausura-de-reunion-regional`; never empty. */
export function slugFromName(name: string): string {
  const slug = name
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return slug || "plantilla";
}

// An archived bulletin may predate the storable-text rule: its text is cleaned here, not refused.
function plainText(content: InlineNode[] | undefined): string {
  return stripForbiddenCodePoints((content ?? []).map((node) => (node.type === "text" ? node.text : " ")).join(""))
    .replace(/\s+/g, " ")
    .trim();
}

function shorten(text: string): string {
  if (text.length <= MAX_PLACEHOLDER_TEXT) return text;
  return `${text.slice(0, MAX_PLACEHOLDER_TEXT).replace(/\s+\S*$/, "")} …`;
}

/** The placeholder that stands for a paragraph of the model (see the file comment). */
export function paragraphPlaceholder(paragraphText: string): string {
  // Brackets inside would end the placeholder early.
  const text = paragraphText.replace(/\[/g, "(").replace(/\]/g, ")").replace(/\s+/g, " ").trim();
  const words = text.split(" ").filter(Boolean);
  const comma = text.indexOf(",");
  if (comma > 0 && text.slice(0, comma).split(" ").filter(Boolean).length <= MAX_WORDS_BEFORE_COMMA) {
    return `[${shorten(text.slice(0, comma))}, …]`;
  }
  if (words.length <= OPENING_WORDS) return `[${shorten(text.length >= 2 ? text : `${text} …`)}]`;
  return `[${shorten(words.slice(0, OPENING_WORDS).join(" "))} …]`;
}

function placeholderParagraph(paragraph: ParagraphNode): ParagraphNode | null {
  const text = plainText(paragraph.content);
  return text ? { type: "paragraph", content: [{ type: "text", text: paragraphPlaceholder(text) }] } : null;
}

function templateBlocks(blocks: BlockNode[]): BlockNode[] {
  return blocks.flatMap((block): BlockNode[] => {
    switch (block.type) {
      case "paragraph": {
        const paragraph = placeholderParagraph(block);
        return paragraph ? [paragraph] : [];
      }
      case "blockquote": {
        const content = templateBlocks(block.content);
        return content.length > 0 ? [{ type: "blockquote", content }] : [];
      }
      case "bulletList":
      case "orderedList": {
        const items = block.content
          .map((item) => ({ type: "listItem" as const, content: templateBlocks(item.content) }))
          .filter((item) => item.content.length > 0);
        if (items.length === 0) return [];
        return block.type === "bulletList" ? [{ type: "bulletList", content: items }] : [{ ...block, content: items }];
      }
    }
  });
}

function templateBody(body: BodyDoc): BodyDoc {
  const content = templateBlocks(body.content);
  return {
    type: "doc",
    content: content.length > 0 ? content : [{ type: "paragraph", content: [{ type: "text", text: "[Cuerpo del boletín]" }] }],
  };
}

// Headlines that end with who said it (`…: Zoé Robledo`) keep that shape.
function titlePlaceholder(title: string): string {
  return /:\s*[^:]{2,60}$/.test(title.trim())
    ? "[Idea central del mensaje]: [nombre de quien la dijo]"
    : "[Titular: verbo en presente, quién y qué]";
}

/**
 * A template with the structure of `bulletin`: one highlight slot per highlight
 * (`[Destacado 1]`…, at least one, at most five), one placeholder paragraph per
 * body paragraph (lists and quotes kept), the link sections the bulletin used,
 * and its place unless it is the organisation's default. The id is a slug of
 * the name unless given. The result satisfies templateSchema.
 */
export function templateFromBulletin(bulletin: Bulletin, options: { name: string; id?: string; description?: string }): Template {
  const name = options.name.trim().slice(0, 120) || "Plantilla sin nombre";
  const source = bulletin.number ? `del boletín ${formatNumber(bulletin.number).replace(/\.$/, "")}` : `del boletín «${stripForbiddenCodePoints(bulletin.title).trim().slice(0, 200)}»`;
  const highlightCount = Math.min(Math.max(bulletin.highlights.length, 1), MAX_HIGHLIGHT_SLOTS);
  const place = stripForbiddenCodePoints(bulletin.place ?? "").trim() || null;
  return templateSchema.parse({
    id: options.id ?? slugFromName(name),
    name,
    description: (options.description ?? `Creada a partir ${source}.`).slice(0, 1000),
    label: ORGANIZATION.label,
    defaultPlace: place && place !== ORGANIZATION.defaultPlace ? place.slice(0, 200) : null,
    titlePlaceholder: titlePlaceholder(bulletin.title),
    highlightSlots: Array.from({ length: highlightCount }, (_, index) => `[Destacado ${index + 1}]`),
    body: templateBody(bulletin.body),
    linkSections: { photos: bulletin.photoLinks.length > 0, video: bulletin.videoLinks.length > 0 },
  });
}
