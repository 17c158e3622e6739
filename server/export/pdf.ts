import PDFDocument from "pdfkit";
import type { IParagraphStyleOptions } from "docx";
import { isHttpUrl } from "../../shared/bulletin/web-link";
import type { Bulletin } from "../../shared/bulletin/schema";
import type { BlockNode, InlineNode, ListItemNode } from "../../shared/bulletin/body-schema";
import { formatDateLine } from "../../shared/bulletin/date-line";
import { formatNumber } from "../../shared/bulletin/number";
import type { Organization } from "../../shared/organization";
import { bulletinLabel, exportableBulletin } from "./exportable";
import { bannerLines, DRAFT_MARK } from "./layout";
import type { ExportOptions } from "./options";
import {
  BULLET_SYMBOLS,
  DEFAULT_SPACING,
  DOCX_STYLE,
  DRAFT_COLOR,
  HANGING,
  INDENT_STEP,
  LINK_COLOR,
  LIST_LEVELS,
  ORDERED_FORMATS,
  PAGE,
  SIZE,
  paragraphStyles,
} from "./docx-styles";
import { faceOf, FONT_FACES, registerFonts } from "./pdf-fonts";
import { drawLine, layoutBlock, Measurer, paginate, type Alignment, type Block, type LaidBlock, type Run } from "./pdf-layout";

// The DOCX's measures are the layout: twips and half-points become points here.
const points = (twips: number) => twips / 20;
const pointSize = (halfPoints: number) => halfPoints / 2;
const SHEET = { width: points(PAGE.width), height: points(PAGE.height), margin: points(PAGE.margin) };
const TEXT_WIDTH = SHEET.width - 2 * SHEET.margin;
const LINE_SPACING = DEFAULT_SPACING.line / 240;
const BODY_SIZE = pointSize(SIZE.body);
const color = (hex: string) => `#${hex}`;

/** A block in the look of one of the DOCX's paragraph styles (alignment, spacing, keep with next). */
function styled(styleId: string, runs: Run[], overrides: Partial<Block> = {}): Block {
  const style: IParagraphStyleOptions | undefined = paragraphStyles.find((candidate) => candidate.id === styleId);
  const paragraph = style?.paragraph;
  const alignment: Record<string, Alignment> = { center: "center", right: "right", both: "justify", left: "left" };
  return {
    runs,
    align: alignment[String(paragraph?.alignment ?? "left")] ?? "left",
    indentLeft: points(Number(paragraph?.indent?.left ?? 0)),
    indentRight: points(Number(paragraph?.indent?.right ?? 0)),
    spaceBefore: points(paragraph?.spacing?.before ?? 0),
    spaceAfter: points(paragraph?.spacing?.after ?? DEFAULT_SPACING.after),
    keepNext: paragraph?.keepNext ?? false,
    lineSpacing: LINE_SPACING,
    ...overrides,
  };
}

const plain = (text: string, format: { bold?: boolean; italics?: boolean; size?: number; color?: string } = {}): Run => ({
  text,
  face: faceOf({ bold: format.bold ?? false, italics: format.italics ?? false }),
  size: format.size ?? BODY_SIZE,
  ...(format.color ? { color: format.color } : {}),
});

interface BlockContext {
  listDepth: number;
  quoteDepth: number;
}

function inlineRuns(content: InlineNode[], inherited: { italics: boolean }): Run[] {
  return content.map((node) => {
    const marks = node.marks ?? [];
    const link = marks.find((mark) => mark.type === "link");
    const run = plain(node.type === "text" ? node.text : "\n", {
      bold: marks.some((mark) => mark.type === "bold"),
      italics: inherited.italics || marks.some((mark) => mark.type === "italic"),
    });
    return link?.type === "link" ? { ...run, link: link.attrs.href, color: color(LINK_COLOR) } : run;
  });
}

function paragraphBlock(content: InlineNode[] | undefined, context: BlockContext, marker?: Block["marker"]): Block {
  const quoted = context.quoteDepth > 0;
  const indent = points((context.listDepth + context.quoteDepth) * INDENT_STEP);
  return styled(quoted ? DOCX_STYLE.quote : DOCX_STYLE.body, inlineRuns(content ?? [], { italics: quoted }), {
    align: "justify",
    ...(indent > 0 ? { indentLeft: indent, indentRight: quoted ? points(INDENT_STEP) : 0 } : {}),
    ...(marker ? { marker } : {}),
  });
}

function ordinal(level: number, value: number): string {
  const { suffix } = ORDERED_FORMATS[level % ORDERED_FORMATS.length]!;
  const kind = level % ORDERED_FORMATS.length;
  if (kind === 1) {
    // a … z, aa … zz, as Word's lowerLetter.
    const letter = String.fromCharCode(97 + ((value - 1) % 26));
    return letter.repeat(Math.floor((value - 1) / 26) + 1) + suffix;
  }
  if (kind === 2) return roman(value).toLowerCase() + suffix;
  return `${value}${suffix}`;
}

function roman(value: number): string {
  const numerals: [number, string][] = [[1000, "M"], [900, "CM"], [500, "D"], [400, "CD"], [100, "C"], [90, "XC"], [50, "L"], [40, "XL"], [10, "X"], [9, "IX"], [5, "V"], [4, "IV"], [1, "I"]];
  let rest = value;
  let text = "";
  for (const [amount, numeral] of numerals) {
    while (rest >= amount) {
      text += numeral;
      rest -= amount;
    }
  }
  return text || String(value);
}

function listItemBlocks(item: ListItemNode, context: BlockContext, markerText: string): Block[] {
  const itemContext = { ...context, listDepth: context.listDepth + 1 };
  const marker = { run: plain(markerText), hanging: points(HANGING) };
  const [first, ...rest] = item.content;
  // The first paragraph carries the bullet or number; what follows is indented under it.
  const head = paragraphBlock(first?.type === "paragraph" ? first.content : [], itemContext, marker);
  const tail = first?.type === "paragraph" ? rest : item.content;
  return [head, ...tail.flatMap((block) => bodyBlocks(block, itemContext))];
}

function bodyBlocks(node: BlockNode, context: BlockContext): Block[] {
  const level = Math.min(context.listDepth, LIST_LEVELS - 1);
  switch (node.type) {
    case "paragraph":
      return (node.content ?? []).length === 0 ? [] : [paragraphBlock(node.content, context)];
    case "bulletList":
      return node.content.flatMap((item) => listItemBlocks(item, context, BULLET_SYMBOLS[level % BULLET_SYMBOLS.length]!));
    case "orderedList": {
      const start = node.attrs?.start ?? 1;
      return node.content.flatMap((item, index) => listItemBlocks(item, context, ordinal(level, start + index)));
    }
    case "blockquote":
      return node.content.flatMap((block) => bodyBlocks(block, { ...context, quoteDepth: context.quoteDepth + 1 }));
  }
}

function linkSection(label: string, links: string[], keepWithNext: boolean): Block[] {
  if (links.length === 0) return [];
  return [
    styled(DOCX_STYLE.linksLabel, [plain(label, { bold: true })]),
    ...links.map((url, index) =>
      styled(DOCX_STYLE.link, [isHttpUrl(url) ? { ...plain(url), link: url, color: color(LINK_COLOR) } : plain(url)], {
        keepNext: keepWithNext || index < links.length - 1,
      }),
    ),
  ];
}

function bannerBlocks(lines: string[]): Block[] {
  const room = BANNER_BOX.space + BANNER_BOX.width;
  return lines.map((line, index) =>
    styled(DOCX_STYLE.banner, [plain(line, { bold: true, size: pointSize(SIZE.label), color: color(DRAFT_COLOR) })], {
      spaceAfter: index === lines.length - 1 ? points(240) : 0,
      // One box around them all, as Word joins the borders of paragraphs that share them.
      ...(index === 0 ? { borderTop: room } : {}),
      ...(index === lines.length - 1 ? { borderBottom: room } : {}),
    }),
  );
}

/** The body of the page, block by block, in the order and styles of the DOCX. */
function documentBlocks(bulletin: Bulletin, organization: Organization, banner: string[]): Block[] {
  const context: BlockContext = { listDepth: 0, quoteDepth: 0 };
  const blocks: Block[] = [...bannerBlocks(banner), styled(DOCX_STYLE.label, [plain(bulletinLabel(bulletin, organization), { bold: true, size: pointSize(SIZE.label) })])];
  if (bulletin.date) {
    blocks.push(styled(DOCX_STYLE.date, [plain(formatDateLine(bulletin.place ?? organization.defaultPlace, bulletin.date))]));
  }
  if (bulletin.number) blocks.push(styled(DOCX_STYLE.number, [plain(formatNumber(bulletin.number), { bold: true })]));
  if (bulletin.title.trim()) {
    blocks.push(styled(DOCX_STYLE.headline, [plain(bulletin.title, { bold: true, size: pointSize(SIZE.headline) })]));
  }
  const highlights = bulletin.highlights.filter((text) => text.trim());
  for (const [index, highlight] of highlights.entries()) {
    blocks.push(
      styled(DOCX_STYLE.highlight, [plain(highlight, { bold: true })], {
        indentLeft: points(INDENT_STEP),
        marker: { run: plain("•", { bold: true }), hanging: points(HANGING) },
        // The last highlight keeps the body at a distance, as in the printed bulletins.
        ...(index === highlights.length - 1 ? { spaceAfter: points(240) } : {}),
      }),
    );
  }
  blocks.push(...bulletin.body.content.flatMap((block) => bodyBlocks(block, context)));
  blocks.push(styled(DOCX_STYLE.closing, [plain(organization.closingMark)]));
  blocks.push(...linkSection(organization.photoLinksLabel, bulletin.photoLinks, bulletin.videoLinks.length > 0));
  blocks.push(...linkSection(organization.videoLinksLabel, bulletin.videoLinks, false));
  return blocks;
}

const HEADER_TOP = points(PAGE.header);
/** The DOCX's paragraph borders, in points: the grey rule under the letterhead and the banner's red box. */
const LETTERHEAD_RULE = { width: 0.75, space: 4 };
const BANNER_BOX = { width: 1.5, space: 4 };
const FOOTER_BOTTOM = SHEET.height - points(PAGE.footer);

/** The letterhead of every page: name, unit over a grey rule, and the red BORRADOR line of a draft. */
function letterheadBlocks(organization: Organization, draft: boolean): Block[] {
  const centered = { align: "center" as const, spaceAfter: 0 };
  return [
    styled(DOCX_STYLE.body, [plain(organization.name, { bold: true, size: pointSize(SIZE.letterhead) })], centered),
    styled(DOCX_STYLE.body, [plain(organization.unit, { bold: true, size: pointSize(SIZE.letterheadSmall) })], { ...centered, borderBottom: LETTERHEAD_RULE.space + LETTERHEAD_RULE.width }),
    ...(draft
      ? [styled(DOCX_STYLE.body, [plain(DRAFT_MARK, { bold: true, size: pointSize(SIZE.headline), color: color(DRAFT_COLOR) })], { align: "center", spaceBefore: 6, spaceAfter: 12 })]
      : []),
  ];
}

function footerBlocks(organization: Organization, page: number, pages: number): Block[] {
  const small = { size: pointSize(SIZE.footer) };
  const centered = { align: "center" as const, spaceAfter: 0 };
  return [
    ...(organization.motto ? [styled(DOCX_STYLE.body, [plain(organization.motto, { bold: true, ...small })], centered)] : []),
    styled(DOCX_STYLE.body, [plain(`Página ${page} de ${pages}`, small)], centered),
  ];
}

const height = (laid: LaidBlock[]) =>
  laid.reduce(
    (sum, { block, lines }) =>
      sum + block.spaceBefore + (block.borderTop ?? 0) + lines.reduce((total, line) => total + line.height, 0) + (block.borderBottom ?? 0) + block.spaceAfter,
    0,
  );

/** Draws blocks one under the other from `top` (header and footer: they never break). Returns the bottom. */
function drawStack(doc: PDFKit.PDFDocument, measurer: Measurer, laid: LaidBlock[], top: number): number {
  let y = top;
  for (const { block, lines } of laid) {
    y += block.spaceBefore + (block.borderTop ?? 0);
    for (const line of lines) {
      drawLine(doc, measurer, line, block, SHEET.margin, TEXT_WIDTH, y);
      y += line.height;
    }
    y += (block.borderBottom ?? 0) + block.spaceAfter;
  }
  return y;
}

/** What the watermark needs of fontkit's font (pdfkit's embedded font keeps it as `font`). */
interface OutlineFont {
  unitsPerEm: number;
  capHeight: number;
  layout(text: string): { glyphs: { path: { translate(x: number, y: number): { toSVG(): string } } }[]; positions: { xAdvance: number }[] };
}

const WATERMARK_SIZE = 100;

/**
 * BORRADOR across the page, light, corner to corner. Drawn as outlines, not text: the
 * page's text (copied, searched, read aloud) stays the bulletin's alone, not interleaved with it.
 */
function drawWatermark(doc: PDFKit.PDFDocument): void {
  doc.font(FONT_FACES.bold.name);
  const font = (doc as unknown as { _font: { font: OutlineFont } })._font.font;
  const run = font.layout(DRAFT_MARK);
  const width = run.positions.reduce((sum, position) => sum + position.xAdvance, 0);
  let x = -width / 2;
  const outline = run.glyphs
    .map((glyph, index) => {
      const svg = glyph.path.translate(x, -font.capHeight / 2).toSVG();
      x += run.positions[index]!.xAdvance;
      return svg;
    })
    .join(" ");
  const scale = WATERMARK_SIZE / font.unitsPerEm;
  doc.save();
  doc.translate(SHEET.width / 2, SHEET.height / 2);
  doc.rotate(-Math.atan(SHEET.height / SHEET.width) * (180 / Math.PI));
  doc.scale(scale, -scale);
  doc.path(outline).fillColor(color(DRAFT_COLOR)).fillOpacity(0.1).fill();
  doc.restore();
}

function metadata(bulletin: Bulletin, options: ExportOptions): PDFKit.DocumentInfo {
  const number = bulletin.number ? `${bulletin.number.seq}/${bulletin.number.year}` : null;
  const keywords = [
    number ? `número ${number}` : null,
    options.draft ? DRAFT_MARK : null,
    options.revision !== undefined ? `revisión ${options.revision}` : null,
    options.contentHash ? `contenido ${options.contentHash}` : null,
    options.approvalHash ? `aprobación ${options.approvalHash}` : null,
  ].filter(Boolean);
  const { label } = options.organization;
  return {
    Title: bulletin.title || label,
    Subject: number ? `${label} No. ${number}` : options.draft ? `${label} · ${DRAFT_MARK}` : label,
    Keywords: keywords.join(", "),
    Author: options.organization.unit,
    Creator: "Redacta",
  };
}

/**
 * The bulletin as a PDF in the layout of the DOCX (server/export/docx.ts), drawn from
 * the same measures (server/export/docx-styles.ts): Letter page with 2.5 cm margins,
 * letterhead, the banner lines boxed in red, label, date line, number, bold headline and
 * highlights, justified body with its bold, italic, links and lists, closing mark, link
 * sections as clickable links, footer with the motto and `Página N de M`. A draft says
 * BORRADOR under the letterhead and across each page. Arimo (Arial's metrics) is embedded.
 * Number, revision and content hash go into Subject and Keywords.
 */
export async function renderPdf(stored: Bulletin, options: ExportOptions): Promise<Buffer> {
  const bulletin = exportableBulletin(stored);
  const banner = bannerLines(options);
  const doc = new PDFDocument({
    size: [SHEET.width, SHEET.height],
    margin: 0,
    autoFirstPage: false,
    lang: "es-MX",
    displayTitle: true,
    info: metadata(bulletin, options),
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    doc.on("end", resolve);
    doc.on("error", reject);
  });
  registerFonts(doc);
  const measurer = new Measurer(doc);
  const layout = (blocks: Block[]) => blocks.map((block) => layoutBlock(block, TEXT_WIDTH, measurer));

  const letterhead = layout(letterheadBlocks(options.organization, options.draft));
  const ruleAt = HEADER_TOP + height(letterhead.slice(0, 2)) - LETTERHEAD_RULE.width / 2;
  // As in Word, a letterhead taller than the top margin pushes the body down.
  const bodyTop = Math.max(SHEET.margin, HEADER_TOP + height(letterhead));
  const footerHeight = height(layout(footerBlocks(options.organization, 999, 999)));
  const bodyBottom = Math.min(SHEET.height - SHEET.margin, FOOTER_BOTTOM - footerHeight);
  const body = layout(documentBlocks(bulletin, options.organization, banner));
  const { placements, pages } = paginate(body, { top: () => bodyTop, bottom: bodyBottom });

  // Each page draws its own lines only: a long body is not walked once per page.
  const linesByPage: { laid: LaidBlock; line: LaidBlock["lines"][number]; index: number; top: number }[][] = Array.from({ length: pages }, () => []);
  for (const { laid, positions } of placements) {
    laid.lines.forEach((line, index) => linesByPage[positions[index]!.page]!.push({ laid, line, index, top: positions[index]!.top }));
  }
  for (let page = 0; page < pages; page += 1) {
    doc.addPage({ size: [SHEET.width, SHEET.height], margin: 0 });
    if (options.draft) drawWatermark(doc);
    drawStack(doc, measurer, letterhead, HEADER_TOP);
    doc.save().lineWidth(LETTERHEAD_RULE.width).strokeColor("#808080").moveTo(SHEET.margin, ruleAt).lineTo(SHEET.width - SHEET.margin, ruleAt).stroke().restore();
    for (const { laid, line, index, top } of linesByPage[page] ?? []) {
      const marker = index === 0 ? laid.block.marker : undefined;
      if (marker) {
        const markerLine = layoutBlock({ ...laid.block, runs: [marker.run], marker: undefined, align: "left" }, TEXT_WIDTH, measurer).lines[0]!;
        drawLine(doc, measurer, { ...markerLine, ascent: line.ascent }, { ...laid.block, align: "left", indentRight: 0 }, SHEET.margin - marker.hanging, TEXT_WIDTH, top);
      }
      drawLine(doc, measurer, line, laid.block, SHEET.margin, TEXT_WIDTH, top);
    }
    if (banner.length > 0 && page === 0) drawBannerBox(doc, placements.slice(0, banner.length));
    const footer = layout(footerBlocks(options.organization, page + 1, pages));
    drawStack(doc, measurer, footer, FOOTER_BOTTOM - height(footer));
  }
  doc.end();
  await finished;
  return Buffer.concat(chunks);
}

/** The red box around the banner lines, where the DOCX's paragraph borders draw it. */
function drawBannerBox(doc: PDFKit.PDFDocument, banner: { laid: LaidBlock; positions: { page: number; top: number }[] }[]): void {
  const first = banner[0]!.positions[0];
  const last = banner[banner.length - 1]!;
  const lastPosition = last.positions[last.positions.length - 1];
  if (!first || !lastPosition) return;
  const half = BANNER_BOX.width / 2;
  const top = first.top - BANNER_BOX.space - half;
  const bottom = lastPosition.top + last.laid.lines[last.laid.lines.length - 1]!.height + BANNER_BOX.space + half;
  // Word draws side borders `space` points outside the text's edges.
  const left = SHEET.margin - BANNER_BOX.space - half;
  doc
    .save()
    .lineWidth(BANNER_BOX.width)
    .strokeColor(color(DRAFT_COLOR))
    .rect(left, top, TEXT_WIDTH + 2 * (BANNER_BOX.space + half), bottom - top)
    .stroke()
    .restore();
}
