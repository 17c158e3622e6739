import { eq } from "drizzle-orm";
import type { User } from "../../shared/api/schemas";
import { todayInMexicoCity } from "../../shared/bulletin/date-line";
import type { Bulletin } from "../../shared/bulletin/schema";
import { draftFromTemplate } from "../../shared/template/draft";
import { DomainError } from "../errors";
import { custodianOf, loadBulletin } from "../policies/bulletin";
import { VISIBILITY } from "../../shared/policies/bulletin";
import type { Database, DatabaseOrTransaction } from "../db/client";
import { findBulletin, searchColumns } from "../db/queries/bulletins";
import { recordEvent } from "../db/queries/events";
import { loadOrganizationProfile } from "../db/queries/organization";
import { bulletins, revisions, templates } from "../db/schema";
import { hashContent } from "../bulletin-hash";

export type CreateSource = { templateId: string } | { fromBulletinId: number };

/** A new draft from a template (today's date, the template's structure) or a copy of another bulletin. */
export async function createBulletin(db: Database, user: Pick<User, "id" | "role">, source: CreateSource) {
  return db.transaction(async (tx) => {
    const { content, templateId, detail, originWriterIds } = await startingContent(tx, user, source);
    const [row] = await tx
      .insert(bulletins)
      .values({
        status: "draft", authorId: user.id, content, version: 1, templateId, originWriterIds, ...searchColumns(content),
        copiedFromId: typeof detail.fromBulletinId === "number" ? detail.fromBulletinId : null,
      })
      .returning({ id: bulletins.id });
    const id = row!.id;
    await tx.insert(revisions).values({ bulletinId: id, version: 1, content, hash: hashContent(content), authorId: user.id, custodianId: custodianOf(user), status: "draft", sealed: true });
    await recordEvent(tx, { bulletinId: id, actorId: user.id, action: "create", toStatus: "draft", revision: 1, detail });
    return (await findBulletin(tx, id))!;
  });
}

async function startingContent(tx: DatabaseOrTransaction, user: Pick<User, "id" | "role">, source: CreateSource) {
  if ("templateId" in source) {
    const [template] = await tx.select().from(templates).where(eq(templates.id, source.templateId));
    if (!template) throw new DomainError("validation_error", "La plantilla elegida no existe.", { path: "templateId" });
    const organization = await loadOrganizationProfile(tx);
    const content = draftFromTemplate(template.data, organization.defaultPlace, todayInMexicoCity());
    // Text an admin wrote into the template is hers: four-eyes keeps her from approving it unchanged.
    return { content, templateId: template.id, detail: { templateId: template.id }, originWriterIds: template.writerIds };
  }
  // Another author's draft is as invisible here as everywhere else (404, not 403).
  const original = await loadBulletin(tx, user, source.fromBulletinId, "copy", { what: "El boletín de origen" });
  const content: Bulletin = { ...original.content, number: null, date: todayInMexicoCity() };
  // A copy of text nobody approved yet keeps its writers: copying a colleague's draft must not
  // launder it into text its writer may approve. Archived text was approved by someone else already.
  const originWriterIds = VISIBILITY.archiveStatuses.includes(original.status) ? [] : original.writerIds;
  return { content, templateId: original.templateId, detail: { fromBulletinId: original.id }, originWriterIds };
}
