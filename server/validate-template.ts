import { bulletinSchema } from "../shared/bulletin/schema";
import { todayInMexicoCity } from "../shared/bulletin/date-line";
import { draftFromTemplate } from "../shared/template/draft";
import type { Template } from "../shared/template/schema";
import { DomainError } from "./errors";
import { bodyStructureProblem } from "./validate-body";

/**
 * Refuses a template that could not produce a valid draft: the draft it makes
 * must pass the bulletin schema and the editor's body structure, exactly as a save
 * would check it, so nobody starts a bulletin they cannot save.
 */
export function assertTemplateMakesValidDraft(template: Template, organizationPlace: string): void {
  const draft = draftFromTemplate(template, organizationPlace, todayInMexicoCity());
  const parsed = bulletinSchema.safeParse(draft);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = templateField(issue.path);
    throw new DomainError(
      "validation_error",
      `La plantilla no produciría un borrador válido (${field}): ${issue.message}`,
      parsed.error.issues.map((item) => ({ path: templateField(item.path), message: item.message })),
    );
  }
  const problem = bodyStructureProblem(parsed.data.body);
  if (problem) throw new DomainError("validation_error", `La plantilla no produciría un borrador válido (${problem.path}): ${problem.message}`, [problem]);
}

/** A draft field's path, named as the template field it came from. */
function templateField(path: PropertyKey[]): string {
  const [first, ...rest] = path.map(String);
  const field = first === "title" ? "titlePlaceholder" : first === "highlights" ? "highlightSlots" : first === "place" ? "defaultPlace" : first;
  return [field, ...rest].join(".");
}
