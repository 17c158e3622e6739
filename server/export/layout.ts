import type { Bulletin } from "../../shared/bulletin/schema";
import type { BlockNode, BodyDoc, ListItemNode } from "../../shared/bulletin/body-schema";
import { formatDateLine } from "../../shared/bulletin/date-line";
import { formatNumber } from "../../shared/bulletin/number";
import { stripForbiddenCodePoints, toOneLine } from "../../shared/bulletin/storable-text";
import { bulletinLabel, exportableBulletin } from "./exportable";
import type { ExportOptions } from "./options";

/** The word a draft's exports carry where the number will go. */
export const DRAFT_MARK = "BORRADOR";

/** The banner lines an export prints first: each on one line, blank ones left out. */
export function bannerLines(options: Pick<ExportOptions, "banner">): string[] {
  return (options.banner ?? []).map((line) => toOneLine(stripForbiddenCodePoints(line)).trim()).filter(Boolean);
}

/** How one line-based format writes the parts of the shared layout. */
export interface LineFormat {
  /** The date line (`<place>, <weekday> <d> de <month> de <yyyy>.`), when the format escapes it. */
  dateLine?(line: string): string;
  /** A line of the organisation profile (label, closing mark, link section titles), when the format escapes it. */
  profileLine?(line: string): string;
  /** The headline line. */
  headline(title: string): string;
  /** One highlight line, marker included (`- …`). */
  highlight(text: string): string;
  /** A paragraph's inline content; hard breaks already as line breaks. */
  paragraph(node: Extract<BlockNode, { type: "paragraph" }>): string;
  /** One photo or video URL line. */
  mediaLink(url: string): string;
  /** One banner line (embargo, correction), when the format marks it up. */
  bannerLine?(line: string): string;
  /** Written instead of highlights when there are none and the body opens with a bullet list, which would read as highlights. */
  noHighlightsMark?: string;
}

/**
 * The layout of the office's bulletins as text lines: banner, label, date, number,
 * headline, highlights, body blocks, closing mark and link sections, each part
 * separated by one blank line, ending with a single newline.
 */
export function renderLayout(stored: Bulletin, options: ExportOptions, format: LineFormat): string {
  const { organization } = options;
  const bulletin = exportableBulletin(stored);
  // The profile is an admin's text: in Markdown, `# FOTOS` or `<img …>` must stay text like the bulletin's own.
  const profileLine = (line: string) => (format.profileLine ? format.profileLine(line) : line);
  const sections: string[] = [];
  const banner = bannerLines(options);
  // Each banner line is a paragraph of its own, so Markdown never runs two into one.
  sections.push(...banner.map((line) => (format.bannerLine ? format.bannerLine(line) : line)));
  if (options.draft) sections.push(DRAFT_MARK);
  sections.push(profileLine(bulletinLabel(bulletin, organization)));
  if (bulletin.date) {
    const dateLine = formatDateLine(bulletin.place ?? organization.defaultPlace, bulletin.date);
    sections.push(format.dateLine ? format.dateLine(dateLine) : dateLine);
  }
  if (bulletin.number) sections.push(formatNumber(bulletin.number));
  else if (options.draft) sections.push(DRAFT_MARK);
  if (bulletin.title.trim()) sections.push(format.headline(bulletin.title));
  const highlights = bulletin.highlights.filter((text) => text.trim());
  if (highlights.length > 0) sections.push(highlights.map((text) => format.highlight(text)).join("\n"));
  else if (format.noHighlightsMark && firstBlock(bulletin.body)?.type === "bulletList") sections.push(format.noHighlightsMark);
  sections.push(...renderBody(bulletin.body, format));
  sections.push(profileLine(organization.closingMark));
  pushLinks(sections, profileLine(organization.photoLinksLabel), bulletin.photoLinks, format);
  pushLinks(sections, profileLine(organization.videoLinksLabel), bulletin.videoLinks, format);
  return `${sections.join("\n\n")}\n`;
}

function pushLinks(sections: string[], label: string, links: string[], format: LineFormat): void {
  if (links.length === 0) return;
  sections.push(label, links.map((url) => format.mediaLink(url)).join("\n"));
}

function firstBlock(body: BodyDoc): BlockNode | undefined {
  return body.content.find((block) => block.type !== "paragraph" || (block.content ?? []).length > 0);
}

/** The body's top-level blocks, one string each; empty paragraphs are dropped. */
export function renderBody(body: BodyDoc, format: LineFormat): string[] {
  return body.content.map((block) => renderBlock(block, format)).filter((text) => text.trim() !== "");
}

function renderBlock(node: BlockNode, format: LineFormat): string {
  switch (node.type) {
    case "paragraph":
      return format.paragraph(node);
    case "bulletList":
      return node.content.map((item) => renderListItem(item, "- ", format)).join("\n");
    case "orderedList": {
      const start = node.attrs?.start ?? 1;
      return node.content.map((item, index) => renderListItem(item, `${start + index}. `, format)).join("\n");
    }
    case "blockquote":
      return prefixLines(renderNested(node.content, format), "> ", ">");
  }
}

function renderListItem(item: ListItemNode, marker: string, format: LineFormat): string {
  const indent = " ".repeat(marker.length);
  const lines = renderNested(item.content, format).split("\n");
  return lines.map((line, index) => (index === 0 ? marker + line : line ? indent + line : "")).join("\n").trimEnd();
}

// Inside a list item or quote a paragraph, or a block of the same kind as the one before, needs a
// blank line before it, or it would run into the previous one.
function renderNested(blocks: BlockNode[], format: LineFormat): string {
  const rendered = blocks
    .map((block) => ({ block, text: renderBlock(block, format) }))
    .filter(({ text }) => text.trim() !== "");
  return rendered
    .map(({ block, text }, index) =>
      index > 0 && (block.type === "paragraph" || block.type === rendered[index - 1]!.block.type) ? `\n${text}` : text,
    )
    .join("\n");
}

function prefixLines(text: string, prefix: string, emptyPrefix: string): string {
  return text
    .split("\n")
    .map((line) => (line ? prefix + line : emptyPrefix))
    .join("\n");
}
