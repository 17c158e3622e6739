import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  Footer,
  Header,
  Packer,
  PageNumber,
  Paragraph,
  TextRun,
  type IParagraphOptions,
  type NumberingDefinition,
  type ParagraphChild,
} from "docx";
import JSZip from "jszip";
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
  DEFAULT_SPACING,
  DOCX_PROPERTY,
  DOCX_STYLE,
  DRAFT_COLOR,
  FONT,
  HANGING,
  INDENT_STEP,
  LINK_COLOR,
  LIST_LEVELS,
  NUMBERING,
  PAGE,
  SIZE,
  numberingConfig,
  orderedLevels,
  paragraphStyles,
} from "./docx-styles";

export { DOCX_PROPERTY, DOCX_STYLE } from "./docx-styles";

/** Formatting that a block passes down to the paragraphs inside it. */
interface BlockContext {
  /** Lists this block sits in: 0 outside any list. */
  listDepth: number;
  quoteDepth: number;
  /** Each ordered list gets its own numbering instance so it counts from its own start. */
  nextInstance: { value: number };
}

interface RunFormat {
  bold: boolean;
  italics: boolean;
}

function textRuns(text: string, format: RunFormat, link: boolean): TextRun[] {
  // Only what is on is written: an explicit "off" would override the paragraph style for nothing.
  const style = {
    ...(format.bold ? { bold: true } : {}),
    ...(format.italics ? { italics: true } : {}),
    ...(link ? { color: LINK_COLOR, underline: {} } : {}),
  };
  // A newline inside a text node is a line break to a reader; Word needs it as <w:br/>.
  return text.split("\n").map((line, index) => new TextRun({ text: line, break: index > 0 ? 1 : undefined, ...style }));
}

function inlineRuns(node: InlineNode, inherited: RunFormat, link: boolean): TextRun[] {
  const marks = node.marks ?? [];
  const format: RunFormat = {
    bold: inherited.bold || marks.some((mark) => mark.type === "bold"),
    italics: inherited.italics || marks.some((mark) => mark.type === "italic"),
  };
  switch (node.type) {
    case "text":
      return textRuns(node.text, format, link);
    case "hardBreak":
      return [new TextRun({ break: 1 })];
  }
}

function linkOf(node: InlineNode): string | null {
  for (const mark of node.marks ?? []) if (mark.type === "link") return mark.attrs.href;
  return null;
}

/** Runs of a paragraph; consecutive nodes under the same link become one hyperlink. */
function paragraphChildren(content: InlineNode[], inherited: RunFormat): ParagraphChild[] {
  const children: ParagraphChild[] = [];
  let index = 0;
  while (index < content.length) {
    const href = linkOf(content[index]!);
    if (href === null) {
      children.push(...inlineRuns(content[index]!, inherited, false));
      index += 1;
      continue;
    }
    const runs: TextRun[] = [];
    while (index < content.length && linkOf(content[index]!) === href) {
      runs.push(...inlineRuns(content[index]!, inherited, true));
      index += 1;
    }
    children.push(new ExternalHyperlink({ link: href, children: runs }));
  }
  return children;
}

function blockIndent(context: BlockContext): number {
  return (context.listDepth + context.quoteDepth) * INDENT_STEP;
}

function renderParagraph(content: InlineNode[] | undefined, context: BlockContext, extra: IParagraphOptions = {}): Paragraph {
  const quoted = context.quoteDepth > 0;
  const indent = blockIndent(context);
  return new Paragraph({
    style: quoted ? DOCX_STYLE.quote : DOCX_STYLE.body,
    alignment: AlignmentType.JUSTIFIED,
    ...(indent > 0 ? { indent: { left: indent, right: quoted ? INDENT_STEP : 0 } } : {}),
    ...extra,
    children: paragraphChildren(content ?? [], { bold: false, italics: quoted }),
  });
}

function renderListItem(
  item: ListItemNode,
  context: BlockContext,
  numbering: { reference: string | NumberingDefinition; instance?: number },
): Paragraph[] {
  const itemContext = { ...context, listDepth: context.listDepth + 1 };
  const level = Math.min(context.listDepth, LIST_LEVELS - 1);
  const marker: IParagraphOptions = {
    numbering: { reference: numbering.reference, level, instance: numbering.instance },
    indent: { left: blockIndent(itemContext), hanging: HANGING },
  };
  const [first, ...rest] = item.content;
  // The first paragraph carries the bullet or number; what follows is indented under it.
  const head = first?.type === "paragraph" ? [renderParagraph(first.content, itemContext, marker)] : [];
  const tail = first?.type === "paragraph" ? rest : item.content;
  if (head.length === 0) head.push(renderParagraph([], itemContext, marker));
  return [...head, ...tail.flatMap((block) => renderBlock(block, itemContext))];
}

function renderBlock(node: BlockNode, context: BlockContext): Paragraph[] {
  switch (node.type) {
    case "paragraph":
      return (node.content ?? []).length === 0 ? [] : [renderParagraph(node.content, context)];
    case "bulletList":
      return node.content.flatMap((item) => renderListItem(item, context, { reference: NUMBERING.bullets }));
    case "orderedList": {
      const start = node.attrs?.start ?? 1;
      const level = Math.min(context.listDepth, LIST_LEVELS - 1);
      const reference =
        start === 1
          ? NUMBERING.ordered
          : { reference: `${NUMBERING.ordered}-${level}-${start}`, levels: orderedLevels({ level, start }) };
      const instance = (context.nextInstance.value += 1);
      return node.content.flatMap((item) => renderListItem(item, context, { reference, instance }));
    }
    case "blockquote":
      return node.content.flatMap((block) => renderBlock(block, { ...context, quoteDepth: context.quoteDepth + 1 }));
  }
}

/** A link section; `keepWithNext` holds its last line to what follows so the sections share a page. */
function linkSection(label: string, links: string[], keepWithNext: boolean): Paragraph[] {
  if (links.length === 0) return [];
  return [
    new Paragraph({ style: DOCX_STYLE.linksLabel, children: [new TextRun({ text: label, bold: true })] }),
    ...links.map(
      (url, index) =>
        new Paragraph({
          style: DOCX_STYLE.link,
          keepNext: keepWithNext || index < links.length - 1,
          // Only a web address becomes a hyperlink; anything older stays readable text, never a clickable UNC path.
          children: isHttpUrl(url)
            ? [new ExternalHyperlink({ link: url, children: textRuns(url, { bold: false, italics: false }, true) })]
            : textRuns(url, { bold: false, italics: false }, false),
        }),
    ),
  ];
}

function letterhead(organization: Organization, draft: boolean): Header {
  const centered = { alignment: AlignmentType.CENTER, spacing: { after: 0 } } as const;
  const lines = [
    new Paragraph({ ...centered, children: [new TextRun({ text: organization.name, bold: true, size: SIZE.letterhead })] }),
    new Paragraph({
      ...centered,
      border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: "808080", space: 4 } },
      children: [new TextRun({ text: organization.unit, bold: true, size: SIZE.letterheadSmall })],
    }),
  ];
  if (draft) {
    lines.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { before: 120, after: 240 },
        children: [new TextRun({ text: DRAFT_MARK, bold: true, color: DRAFT_COLOR, size: SIZE.headline })],
      }),
    );
  }
  return new Header({ children: lines });
}

function pageFooter(organization: Organization): Footer {
  const small = { size: SIZE.footer } as const;
  return new Footer({
    children: [
      ...(organization.motto
        ? [new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 0 }, children: [new TextRun({ text: organization.motto, bold: true, ...small })] })]
        : []),
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { after: 0 },
        children: [new TextRun({ ...small, children: ["Página ", PageNumber.CURRENT, " de ", PageNumber.TOTAL_PAGES] })],
      }),
    ],
  });
}

function styledLine(style: string, text: string, run: { bold?: boolean; size?: number } = {}): Paragraph {
  const alignment = paragraphStyles.find((candidate) => candidate.id === style)?.paragraph?.alignment;
  return new Paragraph({ style, alignment, children: [new TextRun({ text, ...run })] });
}

/** Banner lines (embargo, correction) in one red-bordered box: Word joins paragraphs with the same borders. */
function bannerParagraphs(lines: string[]): Paragraph[] {
  const side = { style: BorderStyle.SINGLE, size: 12, color: DRAFT_COLOR, space: 4 } as const;
  return lines.map(
    (line, index) =>
      new Paragraph({
        style: DOCX_STYLE.banner,
        alignment: AlignmentType.CENTER,
        border: { top: side, bottom: side, left: side, right: side },
        spacing: { before: 0, after: index === lines.length - 1 ? 240 : 0 },
        children: [new TextRun({ text: line, bold: true, color: DRAFT_COLOR, size: SIZE.label })],
      }),
  );
}

function documentChildren(bulletin: Bulletin, organization: Organization, banner: string[]): Paragraph[] {
  const context: BlockContext = { listDepth: 0, quoteDepth: 0, nextInstance: { value: 0 } };
  const children: Paragraph[] = [
    ...bannerParagraphs(banner),
    styledLine(DOCX_STYLE.label, bulletinLabel(bulletin, organization), { bold: true, size: SIZE.label }),
  ];
  if (bulletin.date) {
    children.push(styledLine(DOCX_STYLE.date, formatDateLine(bulletin.place ?? organization.defaultPlace, bulletin.date)));
  }
  if (bulletin.number) children.push(styledLine(DOCX_STYLE.number, formatNumber(bulletin.number), { bold: true }));
  if (bulletin.title.trim()) children.push(styledLine(DOCX_STYLE.headline, bulletin.title, { bold: true, size: SIZE.headline }));
  const highlights = bulletin.highlights.filter((text) => text.trim());
  for (const [index, highlight] of highlights.entries()) {
    children.push(
      new Paragraph({
        style: DOCX_STYLE.highlight,
        alignment: AlignmentType.JUSTIFIED,
        numbering: { reference: NUMBERING.highlights, level: 0 },
        // The last highlight keeps the body at a distance, as in the printed bulletins.
        ...(index === highlights.length - 1 ? { spacing: { after: 240 } } : {}),
        children: textRuns(highlight, { bold: true, italics: false }, false),
      }),
    );
  }
  children.push(...bulletin.body.content.flatMap((block) => renderBlock(block, context)));
  children.push(styledLine(DOCX_STYLE.closing, organization.closingMark));
  children.push(...linkSection(organization.photoLinksLabel, bulletin.photoLinks, bulletin.videoLinks.length > 0));
  children.push(...linkSection(organization.videoLinksLabel, bulletin.videoLinks, false));
  return children;
}

function numberText(bulletin: Bulletin): string | null {
  return bulletin.number ? `${bulletin.number.seq}/${bulletin.number.year}` : null;
}

function documentProperties(bulletin: Bulletin, options: ExportOptions) {
  const number = numberText(bulletin);
  const customProperties = [
    ...(number ? [{ name: DOCX_PROPERTY.number, value: number }] : []),
    ...(options.revision !== undefined ? [{ name: DOCX_PROPERTY.revision, value: String(options.revision) }] : []),
    ...(options.contentHash ? [{ name: DOCX_PROPERTY.contentHash, value: options.contentHash }] : []),
    ...(options.approvalHash ? [{ name: DOCX_PROPERTY.approvalHash, value: options.approvalHash }] : []),
    ...(options.draft ? [{ name: DOCX_PROPERTY.draft, value: "true" }] : []),
  ];
  const description = [
    number ? `${bulletinLabel(bulletin, options.organization)} No. ${number}` : bulletinLabel(bulletin, options.organization),
    options.draft ? DRAFT_MARK : null,
    options.revision !== undefined ? `revisión ${options.revision}` : null,
    options.contentHash ? `contenido ${options.contentHash}` : null,
    options.approvalHash ? `aprobación ${options.approvalHash}` : null,
  ]
    .filter(Boolean)
    .join(" · ");
  return {
    title: bulletin.title,
    subject: number ? `${bulletinLabel(bulletin, options.organization)} No. ${number}` : bulletinLabel(bulletin, options.organization),
    keywords: number ?? "",
    description,
    creator: options.organization.unit,
    lastModifiedBy: options.organization.unit,
    ...(options.revision !== undefined ? { revision: options.revision } : {}),
    customProperties,
  };
}

/**
 * The bulletin as a DOCX in the office's layout: Letter page with 2.5 cm margins,
 * the banner lines (`options.banner`) boxed in red above everything,
 * letterhead header (plus a red BORRADOR line for a draft), footer with the motto
 * and `Página N de M`, centred label, right-aligned date and number, bold centred
 * headline, highlights and body lists as real Word lists, justified body, links as
 * hyperlinks. Title, number, revision and content hash go into the document properties.
 */
export async function renderDocx(stored: Bulletin, options: ExportOptions): Promise<Buffer> {
  const bulletin = exportableBulletin(stored);
  const fixed = await fixedParts(options.organization, options.draft);
  const document = new Document({
    ...documentProperties(bulletin, options),
    numbering: { config: numberingConfig },
    sections: [
      {
        properties: SECTION_PROPERTIES,
        // Written over by `fixed`: they are here for the relationships and content types that point at them.
        headers: { default: new Header({ children: [] }) },
        footers: { default: new Footer({ children: [] }) },
        children: documentChildren(bulletin, options.organization, bannerLines(options)),
      },
    ],
  });
  return Packer.toBuffer(document, false, fixed);
}

const SECTION_PROPERTIES = {
  page: {
    size: { width: PAGE.width, height: PAGE.height },
    margin: { top: PAGE.margin, right: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, header: PAGE.header, footer: PAGE.footer },
  },
};

const STYLES = {
  default: {
    document: {
      run: { font: FONT, size: SIZE.body, language: { value: "es-MX" } },
      paragraph: { spacing: DEFAULT_SPACING },
    },
  },
  paragraphStyles,
};

/** The parts that are the same in every export with the same letterhead: written once, then handed to the packer as they are. */
const FIXED_PATHS = ["word/styles.xml", "word/header1.xml", "word/footer1.xml"] as const;
type FixedParts = { path: string; data: string }[];
/** By letterhead (name, unit, motto) and draft; a few profiles at most, as exports are bound to the profile they were approved with. */
const fixedCache = new Map<string, Promise<FixedParts>>();
const FIXED_CACHE_SIZE = 16;

/**
 * The styles, letterhead and footer parts, built by docx once per letterhead instead of on every
 * export: they were a third of a bulletin's render. None of them refers to anything of the
 * bulletin's (numbering, links, images), so the bytes are those docx writes in the document itself.
 */
function fixedParts(organization: Organization, draft: boolean): Promise<FixedParts> {
  const key = JSON.stringify([organization.name, organization.unit, organization.motto, draft]);
  let parts = fixedCache.get(key);
  if (!parts) {
    parts = buildFixedParts(organization, draft);
    if (fixedCache.size >= FIXED_CACHE_SIZE) fixedCache.delete(fixedCache.keys().next().value!);
    fixedCache.set(key, parts);
    parts.catch(() => fixedCache.delete(key));
  }
  return parts;
}

async function buildFixedParts(organization: Organization, draft: boolean): Promise<FixedParts> {
  const document = new Document({
    styles: STYLES,
    sections: [{ headers: { default: letterhead(organization, draft) }, footers: { default: pageFooter(organization) }, children: [] }],
  });
  const zip = await JSZip.loadAsync(await Packer.toBuffer(document));
  return Promise.all(
    FIXED_PATHS.map(async (path) => {
      const file = zip.file(path);
      if (!file) throw new Error(`docx wrote no ${path}`);
      return { path, data: await file.async("string") };
    }),
  );
}
