import { bodyPlainText } from "../../shared/bulletin/plain-text";
import type { Bulletin } from "../../shared/bulletin/schema";

/** The sentinels the search query asks ts_headline to wrap matches in (StartSel/StopSel). */
export const SNIPPET_START = "\u0001";
export const SNIPPET_STOP = "\u0002";

// Control characters in the text would be taken for the snippet sentinels.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/**
 * The text the archive search indexes, one part per line: number as `493/2024`,
 * place, title, highlights, then the body's paragraphs. Control characters are
 * removed so a headline built from it only holds the sentinels the search adds.
 */
export function searchDocument(
  bulletin: Pick<Bulletin, "number" | "place" | "title" | "highlights" | "body">,
): string {
  const parts = [
    bulletin.number ? `${bulletin.number.seq}/${bulletin.number.year}` : "",
    bulletin.place ?? "",
    bulletin.title,
    ...bulletin.highlights,
    ...bodyPlainText(bulletin.body),
  ];
  return parts
    .map((part) => part.replace(CONTROL_CHARACTERS, " ").trim())
    .filter(Boolean)
    .join("\n");
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]!);
}

/**
 * Turns a ts_headline fragment whose matches are wrapped in `\u0001`…`\u0002` into
 * safe HTML: all text escaped, matches in `<mark>…</mark>`. Unbalanced sentinels
 * (a fragment cut inside a match) are closed or dropped, so the marks always pair.
 */
export function escapeSnippet(headline: string): string {
  let html = "";
  let inMatch = false;
  for (const piece of headline.split(/([\u0001\u0002])/)) {
    if (piece === SNIPPET_START) {
      if (!inMatch) html += "<mark>";
      inMatch = true;
    } else if (piece === SNIPPET_STOP) {
      if (inMatch) html += "</mark>";
      inMatch = false;
    } else {
      html += escapeHtml(piece.replace(CONTROL_CHARACTERS, ""));
    }
  }
  return inMatch ? `${html}</mark>` : html;
}
