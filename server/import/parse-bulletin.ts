import organizationJson from "../../templates/organization.json" with { type: "json" };
import { emptyBody, type BlockNode, type BodyDoc, type InlineNode } from "../../shared/bulletin/body-schema";
import { bulletinSchema, type Bulletin } from "../../shared/bulletin/schema";
import { organizationSchema, type Organization } from "../../shared/organization";
import { createLineClassifier } from "./bulletin-lines";
import { normalizeBulletinText } from "./decode-text";
import { readBodyBlocks, findBodyEnd, readTail } from "./read-body";
import { parseNumber } from "../../shared/bulletin/number";
import { finishHeader, readHeader, readHighlights, readLead, SEQ_ONLY, type MetaState } from "./read-header";

export { decodeBulletinBytes } from "./decode-text";

/**
 * Text bulletin → bulletin JSON, read the way a person reads the office's
 * bulletins: the examples' plain text (PDF extraction artifacts included) and
 * the Markdown export (server/export/markdown.ts), of which this is the inverse.
 */

const DEFAULT_ORGANIZATION: Organization = organizationSchema.parse(organizationJson);

const MAX_TITLE = 1000;
const MAX_HIGHLIGHT = 2000;
const MAX_HIGHLIGHTS = 20;
const RECOMMENDED_HIGHLIGHTS = 5;
const MAX_CHILDREN = 5000;
const MAX_TEXT = 200_000;
const MAX_PLACE = 200;
const MAX_LINES = 5_000;

export interface ParsedBulletin {
  bulletin: Bulletin;
  /** What a person should check, in Spanish: missing parts, dropped lines, mismatches. */
  warnings: string[];
}

function emptyBulletin(): Bulletin {
  return { number: null, place: null, date: null, title: "", highlights: [], body: emptyBody(), photoLinks: [], videoLinks: [] };
}

// Tabs that indent a line count as four spaces, so list continuations line up.
function expandIndent(line: string): string {
  if (!line.includes("\t")) return line.trimEnd();
  return line.replace(/^[ \t]+/, (indent) => indent.replace(/\t/g, "    ")).trimEnd();
}

/** The first `limit` lines, tabs expanded, and how many the text has in all. */
function toLines(text: string, limit: number): { lines: string[]; total: number } {
  const all = normalizeBulletinText(text).split("\n");
  return { lines: all.slice(0, limit).map(expandIndent), total: all.length };
}

// The schema caps every array and text; an imported 100 KB file must still fit.
function capInline(nodes: InlineNode[], limit: { hit: boolean }): InlineNode[] {
  if (nodes.length > MAX_CHILDREN) limit.hit = true;
  return nodes.slice(0, MAX_CHILDREN).map((node) => {
    if (node.type !== "text" || node.text.length <= MAX_TEXT) return node;
    limit.hit = true;
    return { ...node, text: node.text.slice(0, MAX_TEXT) };
  });
}

function capBlocks(blocks: BlockNode[], limit: { hit: boolean }): BlockNode[] {
  if (blocks.length > MAX_CHILDREN) limit.hit = true;
  return blocks.slice(0, MAX_CHILDREN).map((block): BlockNode => {
    switch (block.type) {
      case "paragraph":
        return block.content ? { ...block, content: capInline(block.content, limit) } : block;
      case "blockquote":
        return { ...block, content: capBlocks(block.content, limit) };
      case "bulletList":
      case "orderedList":
        return {
          ...block,
          content: block.content.slice(0, MAX_CHILDREN).map((item) => ({ ...item, content: capBlocks(item.content, limit) })),
        };
    }
  });
}

function exceedsLimits(blocks: BlockNode[]): boolean {
  if (blocks.length > MAX_CHILDREN) return true;
  return blocks.some((block) => {
    if (block.type === "paragraph") {
      const content = block.content ?? [];
      return content.length > MAX_CHILDREN || content.some((node) => node.type === "text" && node.text.length > MAX_TEXT);
    }
    if (block.type === "blockquote") return exceedsLimits(block.content);
    return block.content.length > MAX_CHILDREN || block.content.some((item) => exceedsLimits(item.content));
  });
}

// `COMROS - 325`, `DS/123`: an office's code and sequence at the foot, the year from the date line.
const TRAILING_CODE = /^\p{Lu}{2,12}\s*[-–/]\s*(\d{1,6})(?:\s*[-–/]\s*(\d{4}))?\.?$/u;
const TRAILING_LINES = 4;

/** Takes a trailing number code off the last lines, so it is not dropped as a footer. */
function readTrailingCode(lines: string[], start: number, classifier: ReturnType<typeof createLineClassifier>, state: MetaState): void {
  if (state.numberSeen) return;
  let seen = 0;
  for (let index = lines.length - 1; index >= start && seen < TRAILING_LINES; index--) {
    const text = lines[index]!.trim();
    if (!text) continue;
    seen++;
    if (text.length > 30 || classifier.isPageNumber(text)) continue;
    const full = parseNumber(text);
    if (full) {
      state.number = full;
      state.numberSeen = true;
      lines[index] = "";
      return;
    }
    const match = TRAILING_CODE.exec(text) ?? SEQ_ONLY.exec(text);
    if (match && Number(match[1]) >= 1) {
      const year = match[2] ? Number(match[2]) : null;
      if (year !== null && year >= 1900 && year <= 2200) state.number = { seq: Number(match[1]), year };
      else state.seqWithoutYear = Number(match[1]);
      state.numberSeen = true;
      lines[index] = "";
      return;
    }
  }
}

function readBulletin(text: string, organization: Organization): ParsedBulletin {
  const warnings: string[] = [];
  // A bulletin is a few hundred lines. Past MAX_LINES the rest is not one, and each of the
  // passes below would pay for every line: 100 KB of one-character lines must stay under 50 ms.
  const { lines, total } = toLines(text, MAX_LINES);
  if (total > MAX_LINES) warnings.push(`El archivo tiene ${total} líneas; solo se leyeron las primeras ${MAX_LINES}.`);
  if (lines.every((line) => line.trim() === "")) {
    return { bulletin: emptyBulletin(), warnings: ["El texto está vacío."] };
  }
  const classifier = createLineClassifier(organization);
  const top = readHeader(lines, classifier, warnings);
  const bullets = readHighlights(lines, top.next, classifier);
  const lead = readLead(lines, bullets.next, top, bullets.highlights.length > 0, classifier, warnings);
  const found = [...bullets.highlights, ...lead.highlights];
  const next = lead.next;
  readTrailingCode(lines, next, classifier, top.state);
  const header = finishHeader(top, warnings);
  const { end, closingFound } = findBodyEnd(lines, next, classifier);
  const blocks = readBodyBlocks(lines.slice(next, end), classifier, closingFound, warnings);
  const links = readTail(lines, end, classifier, warnings);

  if (found.length === 0) warnings.push("No se encontraron destacados.");
  if (found.length > RECOMMENDED_HIGHLIGHTS) {
    warnings.push(`Hay ${found.length} destacados; se recomiendan de 1 a ${RECOMMENDED_HIGHLIGHTS}.`);
  }
  if (found.length > MAX_HIGHLIGHTS) warnings.push(`Solo se conservaron los primeros ${MAX_HIGHLIGHTS} destacados.`);
  const highlights = found.slice(0, MAX_HIGHLIGHTS).map((highlight) => {
    if (highlight.length <= MAX_HIGHLIGHT) return highlight;
    warnings.push(`Se recortó un destacado de más de ${MAX_HIGHLIGHT} caracteres.`);
    return highlight.slice(0, MAX_HIGHLIGHT).trim();
  });
  let title = header.title;
  if (title.length > MAX_TITLE) {
    warnings.push(`Se recortó el titular, que tenía más de ${MAX_TITLE} caracteres.`);
    title = title.slice(0, MAX_TITLE).trim();
  }
  if (!closingFound) warnings.push(`No se encontró la marca de cierre (${organization.closingMark}).`);
  if (blocks.length === 0) warnings.push("El cuerpo del boletín está vacío.");
  const limit = { hit: false };
  const content = exceedsLimits(blocks) ? capBlocks(blocks, limit) : blocks;
  if (limit.hit) warnings.push("El cuerpo es demasiado largo; se conservó solo el principio.");
  // An editor's empty document is one empty paragraph.
  const body: BodyDoc = content.length > 0 ? { type: "doc", content } : emptyBody();
  const place = header.place && header.place.length > MAX_PLACE ? header.place.slice(0, MAX_PLACE).trim() : header.place;
  const label = header.state.labels[0]?.slice(0, 100).trim();
  const bulletin: Bulletin = { ...(label ? { label } : {}), number: header.number, place, date: header.date, title, highlights, body, ...links };
  return { bulletin, warnings };
}

/**
 * Reads a bulletin from its text. Recognises label, date line (any case, with or
 * without weekday or final period), number, headline (before or after the date),
 * highlight bullets (`-`, `·`, `•`, `*`, bold or not), the body with Markdown
 * marks, lists and quotes, the closing mark and the photo/video link sections.
 * Other offices' layouts too (read-dateline.ts, readLead): the dateline opening
 * the first paragraph (`Tijuana, B.C., a 27 de octubre de 2020.- El …`), issuer,
 * label and byline lines, numbers without year (`Boletín 386`, `COMROS - 325`)
 * taking the year from the date, highlights without bullets before the dateline.
 * Letterhead and footer lines that PDFs repeat are dropped; a paragraph that a
 * page break split mid-sentence is joined back. Never throws: whatever the
 * input, the result satisfies bulletinSchema and the warnings (Spanish) say what
 * was missing, dropped or inconsistent.
 */
export function parseBulletin(text: string, organization: Organization = DEFAULT_ORGANIZATION): ParsedBulletin {
  try {
    const result = readBulletin(typeof text === "string" ? text : "", organization);
    if (bulletinSchema.safeParse(result.bulletin).success) return result;
    const fallback: Bulletin = { ...result.bulletin, body: emptyBody(), photoLinks: [], videoLinks: [] };
    if (bulletinSchema.safeParse(fallback).success) {
      return { bulletin: fallback, warnings: [...result.warnings, "No se pudo conservar el cuerpo del boletín."] };
    }
  } catch {
    // Reached only through a bug; the caller still gets a bulletin to fix by hand.
  }
  return { bulletin: emptyBulletin(), warnings: ["No se pudo leer el boletín; revíselo y complételo a mano."] };
}
