import type { BlockNode, BodyDoc, InlineNode, ListItemNode, Mark } from "../../shared/bulletin/body-schema";
import { isHttpUrl } from "../../shared/bulletin/body-schema";
import type { Bulletin } from "../../shared/bulletin/schema";
import { formatDateLine } from "../../shared/bulletin/date-line";
import { formatNumber } from "../../shared/bulletin/number";
import type { Organization } from "../../shared/organization";
import { bulletinLabel, exportableBulletin } from "./exportable";

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text (or an attribute value) as HTML: every `& < > " '` escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]!);
}

function wrapMark(html: string, mark: Mark): string {
  switch (mark.type) {
    case "bold":
      return `<strong>${html}</strong>`;
    case "italic":
      return `<em>${html}</em>`;
    case "link":
      return `<a href="${escapeHtml(mark.attrs.href)}" rel="noopener">${html}</a>`;
  }
}

function renderInline(node: InlineNode): string {
  const inner = node.type === "text" ? escapeHtml(node.text) : "<br>";
  // Links outermost, so a bold word inside a link stays one link.
  const marks = [...(node.marks ?? [])].sort((a, b) => Number(a.type === "link") - Number(b.type === "link"));
  return marks.reduce(wrapMark, inner);
}

function renderListItem(item: ListItemNode): string {
  return `<li>${item.content.map(renderBlock).join("")}</li>`;
}

function renderBlock(node: BlockNode): string {
  switch (node.type) {
    case "paragraph":
      return `<p>${(node.content ?? []).map(renderInline).join("")}</p>`;
    case "bulletList":
      return `<ul>${node.content.map(renderListItem).join("")}</ul>`;
    case "orderedList": {
      const start = node.attrs?.start ?? 1;
      return `<ol${start !== 1 ? ` start="${start}"` : ""}>${node.content.map(renderListItem).join("")}</ol>`;
    }
    case "blockquote":
      return `<blockquote>${node.content.map(renderBlock).join("")}</blockquote>`;
  }
}

/** The body's blocks as HTML (bold, italic, links, lists, quotes); empty paragraphs left out. */
export function renderBodyHtml(body: BodyDoc): string {
  return body.content.map(renderBlock).filter((html) => html !== "<p></p>").join("");
}

function renderMediaLinks(label: string, links: string[]): string {
  if (links.length === 0) return "";
  // A link stored before links had to be web addresses stays text (see exportable.ts).
  const items = links.map((url) => `<li>${isHttpUrl(url) ? `<a href="${escapeHtml(url)}" rel="noopener">${escapeHtml(url)}</a>` : escapeHtml(url)}</li>`);
  return `<section class="media-links"><h2>${escapeHtml(label)}</h2><ul>${items.join("")}</ul></section>`;
}

/**
 * The bulletin as it prints, as an HTML fragment (`<article class="bulletin">`):
 * letterhead, label, date line, number, headline, bold highlights, body (bold,
 * italic, links, lists, quotes), closing mark and the photo and video links.
 * Every piece of text is escaped; only web links become links.
 */
export function renderBulletinHtml(stored: Bulletin, organization: Organization): string {
  const bulletin = exportableBulletin(stored);
  const parts: string[] = [];
  const letterhead = [organization.name, organization.unit, organization.motto].filter((line) => line.trim());
  parts.push(`<header class="letterhead">${letterhead.map((line) => `<p>${escapeHtml(line)}</p>`).join("")}</header>`);
  parts.push(`<p class="label">${escapeHtml(bulletinLabel(bulletin, organization))}</p>`);
  if (bulletin.date) parts.push(`<p class="date-line">${escapeHtml(formatDateLine(bulletin.place ?? organization.defaultPlace, bulletin.date))}</p>`);
  if (bulletin.number) parts.push(`<p class="number">${escapeHtml(formatNumber(bulletin.number))}</p>`);
  parts.push(`<h1 class="headline">${escapeHtml(bulletin.title)}</h1>`);
  const highlights = bulletin.highlights.filter((text) => text.trim());
  if (highlights.length > 0) parts.push(`<ul class="highlights">${highlights.map((text) => `<li><strong>${escapeHtml(text)}</strong></li>`).join("")}</ul>`);
  parts.push(`<div class="body">${renderBodyHtml(bulletin.body)}</div>`);
  parts.push(`<p class="closing-mark">${escapeHtml(organization.closingMark)}</p>`);
  parts.push(renderMediaLinks(organization.photoLinksLabel, bulletin.photoLinks));
  parts.push(renderMediaLinks(organization.videoLinksLabel, bulletin.videoLinks));
  return `<article class="bulletin">${parts.join("")}</article>`;
}
