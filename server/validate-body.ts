import { bulletinProseMirrorSchema } from "../shared/editor/extensions";
import type { BodyDoc } from "../shared/bulletin/body-schema";
import { DomainError } from "./errors";

let schema: ReturnType<typeof bulletinProseMirrorSchema> | null = null;

/**
 * Checks a body (already shaped by the zod body schema) against the ProseMirror
 * schema built from the editor's own extension list: what the editor could not
 * hold (a list item without a paragraph, say) is refused here too.
 */
export function validateBodyStructure(body: BodyDoc): void {
  schema ??= bulletinProseMirrorSchema();
  try {
    schema.nodeFromJSON(body).check();
  } catch (error) {
    throw new DomainError("validation_error", `El cuerpo del boletín no tiene una estructura válida: ${(error as Error).message}`, {
      path: "body",
    });
  }
}
