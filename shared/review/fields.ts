import { Fragment, type Node as ProseMirrorNode, type Schema } from "@tiptap/pm/model";
import { Transform } from "@tiptap/pm/transform";
import { z } from "zod";
import type { BodyDoc } from "../bulletin/body-schema";
import type { Bulletin } from "../bulletin/schema";
import { bulletinProseMirrorSchema } from "../editor/extensions";

/**
 * The parts of a bulletin a suggestion or a comment can point into, and their plain
 * text. Offsets are JavaScript string indices (UTF-16 code units) in that text:
 * - `title`, `place`, `highlights.N`, `photoLinks.N`, `videoLinks.N`: the field's string;
 * - `body`: the text of each paragraph (list items and quotes included) in document
 *   order, one `\n` between paragraphs and one for each line break inside one.
 */
export type ReviewField = "title" | "place" | "body" | `highlights.${number}` | `photoLinks.${number}` | `videoLinks.${number}`;

export const reviewFieldSchema = z
  .string()
  .regex(/^(title|place|body|(highlights|photoLinks|videoLinks)\.(0|[1-9]\d?))$/, "Indica una parte del boletín: title, place, body, highlights.N, photoLinks.N o videoLinks.N.")
  .transform((field) => field as ReviewField);

/** The field as users know it (`el titular`, `el destacado 2`). */
export function fieldLabel(field: ReviewField): string {
  const [name, index] = field.split(".") as [string, string | undefined];
  const n = index === undefined ? 0 : Number(index) + 1;
  switch (name) {
    case "title": return "el titular";
    case "place": return "el lugar";
    case "body": return "el cuerpo";
    case "highlights": return `el destacado ${n}`;
    case "photoLinks": return `el enlace de fotos ${n}`;
    default: return `el enlace de video ${n}`;
  }
}

/** `del titular`, `del destacado 2`: the field after "de" (Spanish contracts "de el"). */
export function ofField(field: ReviewField): string {
  return `del ${fieldLabel(field).replace(/^el /, "")}`;
}

/** Fields whose text is one line: a suggestion there may not add a line break. */
export function isOneLineField(field: ReviewField): boolean {
  return field !== "body";
}

let cachedSchema: Schema | null = null;
export function bodySchemaForReview(): Schema {
  return (cachedSchema ??= bulletinProseMirrorSchema());
}

/** The body's plain text and, for each offset 0…length, the ProseMirror position it stands at. */
export interface BodyTextIndex {
  text: string;
  positions: number[];
}

/** Walks the body's paragraphs (see ReviewField) and records where each character is in the document. */
export function bodyTextIndex(doc: ProseMirrorNode): BodyTextIndex {
  let text = "";
  const positions: number[] = [];
  let previousEnd: number | null = null;
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    const start = pos + 1;
    if (previousEnd !== null) {
      positions.push(previousEnd);
      text += "\n";
    }
    node.forEach((child, offset) => {
      if (child.isText) {
        const value = child.text ?? "";
        for (let i = 0; i < value.length; i += 1) positions.push(start + offset + i);
        text += value;
      } else if (child.type.name === "hardBreak") {
        positions.push(start + offset);
        text += "\n";
      }
    });
    previousEnd = start + node.content.size;
    return false;
  });
  positions.push(previousEnd ?? 0);
  return { text, positions };
}

/** The body's plain text (see ReviewField). */
export function bodyText(body: BodyDoc | ProseMirrorNode): string {
  const doc = "type" in body && typeof body.type === "string" ? bodySchemaForReview().nodeFromJSON(body) : (body as ProseMirrorNode);
  return bodyTextIndex(doc).text;
}

/** The plain text of `field` in `content`, or null when the bulletin has no such field (`highlights.7` of three). */
export function fieldText(content: Bulletin, field: ReviewField): string | null {
  const [name, index] = field.split(".") as [string, string | undefined];
  switch (name) {
    case "title": return content.title;
    case "place": return content.place ?? "";
    case "body": return bodyText(content.body);
    case "highlights":
    case "photoLinks":
    case "videoLinks": {
      const list = content[name] as string[];
      const i = Number(index);
      return i < list.length ? list[i]! : null;
    }
    default: return null;
  }
}

/** Why an edit cannot be applied to a field; its message is for the user. */
export class FieldEditError extends Error {
  override readonly name = "FieldEditError";
}

/**
 * `content` with `[from, to)` of `field`'s plain text replaced by `insert`. In the
 * body the edit goes through ProseMirror (a Transform: deleting across paragraphs
 * joins them, a `\n` in `insert` splits one), and inserted text takes the marks of
 * the text it is typed into.
 */
export function replaceInField(content: Bulletin, field: ReviewField, from: number, to: number, insert: string): Bulletin {
  const text = fieldText(content, field);
  if (text === null) throw new FieldEditError(`El boletín no tiene ${fieldLabel(field)}.`);
  if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from <= to && to <= text.length)) {
    throw new FieldEditError(`Las posiciones ${from}–${to} quedan fuera ${ofField(field)} (tiene ${text.length} caracteres).`);
  }
  if (isOneLineField(field) && /[\r\n]/.test(insert)) throw new FieldEditError(`${capitalize(fieldLabel(field))} es de una sola línea.`);
  const [name, index] = field.split(".") as [string, string | undefined];
  const spliced = text.slice(0, from) + insert + text.slice(to);
  switch (name) {
    case "title": return { ...content, title: spliced };
    case "place": return { ...content, place: spliced === "" ? null : spliced };
    case "body": return { ...content, body: replaceInBody(content.body, from, to, insert) };
    default: {
      const key = name as "highlights" | "photoLinks" | "videoLinks";
      const list = [...content[key]];
      list[Number(index)] = spliced;
      return { ...content, [key]: list };
    }
  }
}

function replaceInBody(body: BodyDoc, from: number, to: number, insert: string): BodyDoc {
  const schema = bodySchemaForReview();
  const doc = schema.nodeFromJSON(body);
  const { positions } = bodyTextIndex(doc);
  const fromPos = positions[from]!;
  const toPos = positions[to]!;
  // Typed text takes the marks of what it replaces (a bold word stays bold, a link's words a link), else of where it goes.
  const $from = doc.resolve(fromPos);
  const replaced = from < to ? $from.nodeAfter : null;
  const marks = replaced?.isText ? replaced.marks : $from.marks();
  const transform = new Transform(doc);
  const [first = "", ...rest] = insert.split("\n");
  transform.replaceWith(fromPos, toPos, first ? schema.text(first, marks) : Fragment.empty);
  let pos = transform.mapping.map(fromPos, 1);
  if (first) pos = transform.mapping.map(toPos, 1);
  for (const line of rest) {
    // A line break in a list item starts the next item, as Enter does in the editor.
    const $pos = transform.doc.resolve(pos);
    const depth = $pos.depth >= 2 && $pos.node(-1).type.name === "listItem" ? 2 : 1;
    transform.split(pos, depth);
    pos += 2 * depth;
    if (line) {
      transform.insert(pos, schema.text(line, marks));
      pos += line.length;
    }
  }
  return transform.doc.toJSON() as BodyDoc;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
