import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { bodyTextIndex, type ReviewField } from "../../../../shared/review/fields";

/**
 * A field editor's plain text (shared/review/fields.ts) and the two-way mapping between
 * its offsets and ProseMirror positions, so suggestions and anchors, stored as offsets,
 * can be drawn in the editor and what the user selects or types sent back as offsets.
 */
export interface FieldTextMap {
  text: string;
  /** The document position of `offset` (clamped to the text). */
  toPos(offset: number): number;
  /** The offset of the text at or after `pos` (a position between paragraphs counts as the next one's start). */
  toOffset(pos: number): number;
}

/** The text map of `doc`: the body's paragraphs joined by `\n`, or a one-line field's paragraph (pos = offset + 1). */
export function fieldTextMap(doc: ProseMirrorNode, field: ReviewField): FieldTextMap {
  return field === "body" ? bodyTextMap(doc) : oneLineTextMap(doc);
}

export function oneLineTextMap(doc: ProseMirrorNode): FieldTextMap {
  const text = doc.textContent;
  return {
    text,
    toPos: (offset) => clamp(offset, 0, text.length) + 1,
    toOffset: (pos) => clamp(pos - 1, 0, text.length),
  };
}

export function bodyTextMap(doc: ProseMirrorNode): FieldTextMap {
  const { text, positions } = bodyTextIndex(doc);
  return {
    text,
    toPos: (offset) => positions[clamp(offset, 0, text.length)]!,
    toOffset: (pos) => {
      // positions only grow: the first offset whose position is at or after pos.
      let low = 0;
      let high = positions.length - 1;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (positions[middle]! < pos) low = middle + 1;
        else high = middle;
      }
      return low;
    },
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.round(value)));
}
