import {
  AlignmentType,
  LevelFormat,
  LineRuleType,
  type ILevelsOptions,
  type IParagraphStyleOptions,
  type NumberingDefinition,
} from "docx";

/** Arial, as the office's bulletins. */
export const FONT = "Arial";
/** Sizes in half-points, as WordprocessingML counts them. */
export const SIZE = { body: 22, label: 24, headline: 28, letterhead: 22, letterheadSmall: 18, footer: 16 } as const;
/** Letter paper and 2.5 cm margins, in twips; `header` and `footer`: their distance from the page's edge. */
export const PAGE = { width: 12240, height: 15840, margin: 1417, header: 708, footer: 708 } as const;
/**
 * Every paragraph's spacing unless its style says otherwise: 8 pt after, lines at 1.15 (twips; `line` in 240ths).
 * `lineRule` is written out: Word reads a missing one as `auto` (1.15 lines), LibreOffice as exactly 13.8 pt.
 */
export const DEFAULT_SPACING = { after: 160, line: 276, lineRule: LineRuleType.AUTO } as const;
/** Nesting deeper than this is written at the deepest level. */
export const LIST_LEVELS = 3;
export const INDENT_STEP = 720;
export const HANGING = 360;
export const LINK_COLOR = "0563C1";
export const DRAFT_COLOR = "C00000";

/** Paragraph style ids: they name each part of the bulletin so a reader (and the DOCX importer) can tell them apart. */
export const DOCX_STYLE = {
  banner: "BulletinBanner",
  label: "BulletinLabel",
  date: "BulletinDate",
  number: "BulletinNumber",
  headline: "BulletinHeadline",
  highlight: "BulletinHighlight",
  body: "BulletinBody",
  quote: "BulletinQuote",
  closing: "BulletinClosing",
  linksLabel: "BulletinLinksLabel",
  link: "BulletinLink",
} as const;

/** Custom document property names carrying what the export is bound to. */
export const DOCX_PROPERTY = {
  number: "BulletinNumber",
  revision: "Revision",
  contentHash: "ContentHash",
  approvalHash: "ApprovalHash",
  draft: "Draft",
} as const;

/** Numbering references of the document's lists. */
export const NUMBERING = { highlights: "bulletin-highlights", bullets: "bulletin-bullets", ordered: "bulletin-ordered" } as const;
export const BULLET_SYMBOLS = ["•", "◦", "▪"] as const;
/** Numbered lists count 1. 2. 3., then a) b) c) one level in, then i. ii. iii. */
export const ORDERED_FORMATS = [
  { format: LevelFormat.DECIMAL, suffix: "." },
  { format: LevelFormat.LOWER_LETTER, suffix: ")" },
  { format: LevelFormat.LOWER_ROMAN, suffix: "." },
] as const;

function bulletLevels(): ILevelsOptions[] {
  return Array.from({ length: LIST_LEVELS }, (_, level) => ({
    level,
    format: LevelFormat.BULLET,
    text: BULLET_SYMBOLS[level % BULLET_SYMBOLS.length],
    alignment: AlignmentType.LEFT,
    style: { paragraph: { indent: { left: (level + 1) * INDENT_STEP, hanging: HANGING } } },
  }));
}

/** Levels of a numbered list; `startAtLevel` makes one level count from another number. */
export function orderedLevels(startAtLevel?: { level: number; start: number }): ILevelsOptions[] {
  return Array.from({ length: LIST_LEVELS }, (_, level) => {
    const { format, suffix } = ORDERED_FORMATS[level % ORDERED_FORMATS.length]!;
    return {
      level,
      format,
      text: `%${level + 1}${suffix}`,
      start: startAtLevel?.level === level ? startAtLevel.start : 1,
      alignment: AlignmentType.LEFT,
      style: { paragraph: { indent: { left: (level + 1) * INDENT_STEP, hanging: HANGING } } },
    };
  });
}

/** The lists of a bulletin: highlights, body bullets, body numbered lists. */
export const numberingConfig: NumberingDefinition[] = [
  {
    reference: NUMBERING.highlights,
    levels: [
      {
        level: 0,
        format: LevelFormat.BULLET,
        text: "•",
        alignment: AlignmentType.LEFT,
        style: { run: { bold: true }, paragraph: { indent: { left: INDENT_STEP, hanging: HANGING } } },
      },
    ],
  },
  { reference: NUMBERING.bullets, levels: bulletLevels() },
  { reference: NUMBERING.ordered, levels: orderedLevels() },
];

function paragraphStyle(id: string, name: string, options: Omit<IParagraphStyleOptions, "id" | "name">): IParagraphStyleOptions {
  return { id, name, basedOn: "Normal", next: DOCX_STYLE.body, quickFormat: true, ...options };
}

/** One paragraph style per part of the bulletin. */
export const paragraphStyles: IParagraphStyleOptions[] = [
  paragraphStyle(DOCX_STYLE.banner, "Boletín: aviso", {
    run: { bold: true, size: SIZE.label, color: DRAFT_COLOR },
    paragraph: { alignment: AlignmentType.CENTER, spacing: { after: 0 }, keepNext: true },
  }),
  paragraphStyle(DOCX_STYLE.label, "Boletín: etiqueta", {
    run: { bold: true, size: SIZE.label },
    paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 240, after: 240 } },
  }),
  paragraphStyle(DOCX_STYLE.date, "Boletín: fecha", { paragraph: { alignment: AlignmentType.RIGHT, spacing: { after: 0 } } }),
  paragraphStyle(DOCX_STYLE.number, "Boletín: número", {
    run: { bold: true },
    paragraph: { alignment: AlignmentType.RIGHT, spacing: { after: 240 } },
  }),
  paragraphStyle(DOCX_STYLE.headline, "Boletín: titular", {
    run: { bold: true, size: SIZE.headline },
    paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 120, after: 240 }, keepNext: true },
  }),
  paragraphStyle(DOCX_STYLE.highlight, "Boletín: destacado", {
    run: { bold: true },
    paragraph: { alignment: AlignmentType.JUSTIFIED, spacing: { after: 120 } },
  }),
  paragraphStyle(DOCX_STYLE.body, "Boletín: cuerpo", { paragraph: { alignment: AlignmentType.JUSTIFIED } }),
  paragraphStyle(DOCX_STYLE.quote, "Boletín: cita", {
    run: { italics: true },
    paragraph: { alignment: AlignmentType.JUSTIFIED, indent: { left: INDENT_STEP, right: INDENT_STEP } },
  }),
  paragraphStyle(DOCX_STYLE.closing, "Boletín: cierre", {
    paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 240, after: 240 } },
  }),
  paragraphStyle(DOCX_STYLE.linksLabel, "Boletín: enlaces", {
    run: { bold: true },
    paragraph: { alignment: AlignmentType.LEFT, spacing: { before: 120, after: 60 }, keepNext: true },
  }),
  paragraphStyle(DOCX_STYLE.link, "Boletín: enlace", { paragraph: { alignment: AlignmentType.LEFT, spacing: { after: 60 } } }),
];

