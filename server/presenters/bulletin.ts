import type { BulletinResource, User } from "../../shared/api/schemas";
import type { Glossary } from "../../shared/checks";
import { todayInMexicoCity } from "../../shared/bulletin/date-line";
import { bulletinAbilities, canSee, isWorkflowAction, workflowRefusals } from "../../shared/policies/bulletin";
import type { DatabaseOrTransaction } from "../db/client";
import type { BulletinRow } from "../db/queries/bulletins";
import { cachedChecks } from "./cachedChecks";

/** Today in Mexico City, worked out at most once a second (an Intl formatter per request showed in the profile). */
let today = { second: Number.NaN, date: "" };
function todayNow(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== today.second) today = { second, date: todayInMexicoCity(new Date(now)) };
  return today.date;
}

/** The bulletin resource: content, workflow fields, live checks and what this user may do now. */
export async function presentBulletin(
  _db: DatabaseOrTransaction,
  row: BulletinRow,
  user: Pick<User, "id" | "role">,
  glossary: Glossary,
): Promise<BulletinResource> {
  const content = row.content;
  // findBulletin answers the duplicate-number question with the row (no query of its own here).
  const duplicateNumber = row.duplicateNumber;
  const writing = row.status === "draft" || row.status === "changes_requested";
  const abilities = bulletinAbilities(user, row);
  return {
    ...content,
    id: row.id,
    status: row.status,
    version: row.version,
    authorId: row.authorId,
    authorName: row.authorName,
    approvedRevision: row.status === "approved" || row.status === "published" ? row.approvedRevision : null,
    checks: cachedChecks(row, { glossary, duplicateNumber, ...(writing ? { today: todayNow() } : {}) }),
    allowedActions: abilities.filter(isWorkflowAction),
    abilities,
    refusals: workflowRefusals(user, row),
    lastSavedBy: row.lastSavedBy,
    // The source's live title is for those who may see it (not another author's draft, not a deleted draft).
    copiedFrom: row.copiedFrom && canSee(user, row.copiedFrom)
      ? {
          id: row.copiedFrom.id,
          number: row.copiedFrom.numberSeq && row.copiedFrom.numberYear ? { seq: row.copiedFrom.numberSeq, year: row.copiedFrom.numberYear } : null,
          title: row.copiedFrom.title ?? "",
        }
      : null,
    deletedAt: row.deletedAt?.toISOString() ?? null,
    openSuggestions: row.openSuggestions,
    openThreads: row.openThreads,
    reviewers: row.reviewers.map((reviewer) => ({ ...reviewer, assignedAt: new Date(reviewer.assignedAt).toISOString() })),
    publishedRevision: row.publishedRevision,
    correctionNote: row.correctionNote,
    withdrawn: row.withdrawnAt ? { at: row.withdrawnAt.toISOString(), note: row.withdrawalNote ?? "" } : null,
    embargoUntil: row.embargoUntil?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
