import type { Bulletin } from "../../shared/bulletin/schema";
import type { InlineNode } from "../../shared/bulletin/body-schema";
import { renderLayout, type LineFormat } from "./layout";
import type { ExportOptions } from "./options";

function renderInline(node: InlineNode): string {
  switch (node.type) {
    case "text":
      return node.text;
    case "hardBreak":
      return "\n";
  }
}

const plainFormat: LineFormat = {
  headline: (title) => title,
  highlight: (text) => `- ${text}`,
  paragraph: (node) => (node.content ?? []).map(renderInline).join(""),
  mediaLink: (url) => url,
};

/**
 * The bulletin as plain text in the layout of the office's examples (label, date
 * line, number, headline, `- ` highlights, body, closing mark, link sections).
 * No markup: bold, italic and link targets are dropped, lists keep `- `/`1. `
 * markers and quotes `> `. A draft starts with a `BORRADOR` line and, without a
 * number, says `BORRADOR` where the number goes. Ends with a single newline.
 */
export function renderText(bulletin: Bulletin, options: ExportOptions): string {
  return renderLayout(bulletin, options, plainFormat);
}
