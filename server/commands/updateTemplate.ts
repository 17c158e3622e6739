import { eq } from "drizzle-orm";
import type { User } from "../../shared/api/schemas";
import { templateSchema, type Template } from "../../shared/template/schema";
import type { Database } from "../db/client";
import { recordEvent } from "../db/queries/events";
import { loadOrganizationProfile } from "../db/queries/organization";
import { templates } from "../db/schema";
import { notFound } from "../errors";
import { assertTemplateMakesValidDraft } from "../validate-template";

/** The template fields a new draft's text is made of: whoever changes them wrote that text. */
const TEXT_FIELDS = ["titlePlaceholder", "highlightSlots", "body", "defaultPlace", "label"] as const satisfies readonly (keyof Template)[];

/**
 * Changes a template in one transaction, with the same checks as a save of the draft
 * it makes. An admin who changes the text a draft starts with is recorded among the
 * template's writers: four-eyes then keeps her from approving that text unchanged.
 */
export async function updateTemplate(db: Database, user: Pick<User, "id">, id: string, changes: Partial<Template>): Promise<Template> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(templates).where(eq(templates.id, id)).for("update");
    if (!row) throw notFound("La plantilla");
    const data = templateSchema.parse({ ...row.data, ...changes, id: row.id });
    assertTemplateMakesValidDraft(data, (await loadOrganizationProfile(tx)).defaultPlace);
    // Both sides through the same schema: stored jsonb has its own key order.
    const before = templateSchema.safeParse(row.data);
    const textChanged = !before.success || TEXT_FIELDS.some((field) => JSON.stringify(data[field]) !== JSON.stringify(before.data[field]));
    const writerIds = textChanged && !row.writerIds.includes(user.id) ? [...row.writerIds, user.id] : row.writerIds;
    await tx.update(templates).set({ data, writerIds, updatedAt: new Date() }).where(eq(templates.id, row.id));
    await recordEvent(tx, { bulletinId: null, actorId: user.id, action: "update_template", detail: { templateId: row.id, textChanged } });
    return data;
  });
}
