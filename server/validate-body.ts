import { Mark, type Node as ProseMirrorNode } from "@tiptap/pm/model";
import { bulletinProseMirrorSchema } from "../shared/editor/extensions";
import { emptyBody, type BodyDoc } from "../shared/bulletin/body-schema";
import { DomainError, whereIn } from "./errors";

let schema: ReturnType<typeof bulletinProseMirrorSchema> | null = null;

/** What is wrong with a body, for a writer: where (`body.content.2.content.0`), why in Spanish, and ProseMirror's own words. */
export interface BodyStructureProblem {
  path: string;
  message: string;
  technical: string;
}

/** An empty document is stored as the editor itself makes one: a single empty paragraph. */
export function normalizedBody(body: BodyDoc): BodyDoc {
  return body.content.length === 0 ? emptyBody() : body;
}

/**
 * Checks a body (already shaped by the zod body schema) against the ProseMirror
 * schema built from the editor's own extension list: what the editor could not
 * hold (a list item that starts with a list, the same mark twice) is refused with a
 * Spanish message naming the offending node's path; ProseMirror's text goes in details.
 */
export function validateBodyStructure(body: BodyDoc): void {
  const problem = bodyStructureProblem(body);
  if (problem) throw new DomainError("validation_error", `Datos no válidos${whereIn(problem.path)}: ${problem.message}`, [problem]);
}

/** The first structural problem of `body` in document order, or null when the editor can hold it. */
export function bodyStructureProblem(body: BodyDoc): BodyStructureProblem | null {
  schema ??= bulletinProseMirrorSchema();
  let doc: ProseMirrorNode | undefined;
  try {
    doc = schema.nodeFromJSON(body);
    doc.check();
    return null;
  } catch (error) {
    const technical = (error as Error).message;
    // nodeFromJSON refused it (the zod schema should have first) or check() did: find where, in the editor's words.
    const found = doc ? firstProblem(doc, body) : null;
    return { path: "body", message: "El cuerpo del boletín tiene una estructura que el editor no admite.", ...found, technical };
  }
}

interface JsonNode {
  content?: JsonNode[];
  marks?: { type: string }[];
}

function firstProblem(doc: ProseMirrorNode, json: JsonNode): Omit<BodyStructureProblem, "technical"> | null {
  const stack: { node: ProseMirrorNode; json: JsonNode; path: string }[] = [{ node: doc, json, path: "body" }];
  while (stack.length > 0) {
    const { node, json: nodeJson, path } = stack.pop()!;
    const problem = contentProblem(node, path) ?? markProblem(node, nodeJson, path);
    if (problem) return problem;
    // Children pushed last-first, so the first problem in reading order is found first.
    for (let index = node.childCount - 1; index >= 0; index--) {
      stack.push({ node: node.child(index), json: nodeJson.content?.[index] ?? {}, path: `${path}.content.${index}` });
    }
  }
  return null;
}

/** Each node kind as a writer names it, with its article. */
const NODE_NAMES: Record<string, string> = {
  doc: "el cuerpo del boletín",
  paragraph: "un párrafo",
  blockquote: "una cita",
  bulletList: "una lista con viñetas",
  orderedList: "una lista numerada",
  listItem: "un punto de lista",
  text: "un texto",
  hardBreak: "un salto de línea",
};
const MARK_NAMES: Record<string, string> = { bold: "negrita", italic: "cursiva", link: "enlace" };

const nodeName = (type: string) => NODE_NAMES[type] ?? `un elemento «${type}»`;
const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function contentProblem(node: ProseMirrorNode, path: string): { path: string; message: string } | null {
  let match = node.type.contentMatch;
  for (let index = 0; index < node.childCount; index++) {
    const child = node.child(index);
    const next = match.matchType(child.type);
    if (!next) return { path: `${path}.content.${index}`, message: misplacedMessage(node.type.name, child.type.name, index) };
    if (!node.type.allowsMarks(child.marks)) return { path: `${path}.content.${index}`, message: `Ese formato no se permite dentro de ${nodeName(node.type.name)}.` };
    match = next;
  }
  if (!match.validEnd) return { path: `${path}.content`, message: missingMessage(node.type.name) };
  return null;
}

function misplacedMessage(parent: string, child: string, index: number): string {
  if (parent === "listItem" && index === 0) return `Cada punto de una lista debe empezar con un párrafo, no con ${nodeName(child)}.`;
  if (parent === "bulletList" || parent === "orderedList") return "Una lista solo puede contener puntos de lista, cada uno con su texto en un párrafo.";
  if (parent === "paragraph") return "Un párrafo solo puede contener texto y saltos de línea.";
  if (child === "listItem") return "Un punto de lista debe ir dentro de una lista.";
  if (child === "text" || child === "hardBreak") return `${capitalized(nodeName(child))} debe ir dentro de un párrafo.`;
  return `${capitalized(nodeName(child))} no puede ir dentro de ${nodeName(parent)}.`;
}

function missingMessage(parent: string): string {
  switch (parent) {
    case "doc":
      return "El cuerpo del boletín debe tener al menos un párrafo.";
    case "listItem":
      return "Cada punto de una lista debe tener al menos un párrafo.";
    case "bulletList":
    case "orderedList":
      return "Una lista debe tener al menos un punto.";
    case "blockquote":
      return "Una cita debe tener al menos un párrafo.";
    default:
      return `${capitalized(nodeName(parent))} está incompleto.`;
  }
}

function markProblem(node: ProseMirrorNode, json: JsonNode, path: string): { path: string; message: string } | null {
  let set = Mark.none;
  for (const mark of node.marks) set = mark.addToSet(set);
  if (Mark.sameSet(set, node.marks)) return null;
  const types = (json.marks ?? []).map((mark) => mark.type);
  const repeated = types.findIndex((type, index) => types.indexOf(type) !== index);
  if (repeated >= 0) {
    const type = types[repeated]!;
    return {
      path: `${path}.marks.${repeated}`,
      message: type === "link" ? "Un mismo texto no puede llevar dos enlaces." : `El formato «${MARK_NAMES[type] ?? type}» está aplicado dos veces al mismo texto.`,
    };
  }
  return { path: `${path}.marks`, message: `Esos formatos no pueden ir juntos en un mismo texto (${types.map((type) => MARK_NAMES[type] ?? type).join(", ")}).` };
}
