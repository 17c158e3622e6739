import { eq } from "drizzle-orm";
import type { User } from "../../shared/api/schemas";
import { runChecks, type Glossary } from "../../shared/checks";
import { todayInMexicoCity } from "../../shared/bulletin/date-line";
import { formatNumber } from "../../shared/bulletin/number";
import { bulletinNumberSchema, type Bulletin } from "../../shared/bulletin/schema";
import { transitions, type Action } from "../../shared/workflow/transitions";
import { DomainError } from "../errors";
import type { Database } from "../db/client";
import { allocateNumber, findBulletin, numberTakenElsewhere, searchColumns, type BulletinRow } from "../db/queries/bulletins";
import { recordEvent } from "../db/queries/events";
import { loadOrganizationProfile } from "../db/queries/organization";
import { bulletinCorrections, bulletins, comments, revisions } from "../db/schema";
import { hashApproval, hashContent } from "../bulletin-hash";
import { loadBulletin } from "../policies/bulletin";
import { assignReviewers, tellAboutTransition } from "../notifications/bulletin-notices";
import { carryReviewMarks, sealRevisions } from "../review/revisions";
import type { PolicyUser } from "../../shared/policies/bulletin";

export type TransitionAction = Exclude<Action, "edit">;

/** The highest sequence a bulletin number may carry (shared/bulletin/schema.ts). */
const MAX_SEQ = bulletinNumberSchema.shape.seq.maxValue!;

/**
 * Moves a bulletin through the workflow in one transaction, its row locked from
 * the authorization to the commit. Submitting and approving need the blocking
 * checks to pass. Approval takes the next number of the bulletin's year (kept
 * when a reopened bulletin is approved again) and fixes for good what the
 * exports will show: the current revision and the organisation profile in
 * force, bound by one hash.
 */
export async function transitionBulletin(
  db: Database,
  user: Pick<User, "id" | "role"> & PolicyUser,
  id: number,
  action: TransitionAction,
  options: { comment?: string; glossary: Glossary; expectedVersion?: number; reviewerIds?: number[] },
): Promise<BulletinRow> {
  return db.transaction(async (tx) => {
    const current = await loadBulletin(tx, user, id, action, { forUpdate: true });
    if (options.expectedVersion !== undefined && options.expectedVersion !== current.version) {
      throw new DomainError(
        "version_conflict",
        "El texto cambió desde que lo leíste (hay una versión nueva). Léela antes de continuar.",
        { currentRow: current },
      );
    }
    const { to } = transitions[current.status][action]!;

    if (action === "request_changes" && !options.comment) {
      throw new DomainError("validation_error", "Escribe un comentario que diga qué hay que cambiar.", { path: "comment" });
    }
    if (action === "correct") {
      if (current.withdrawnAt) throw new DomainError("bulletin_withdrawn", "Este boletín fue retirado: ya no se corrige.");
      if (!options.comment) throw new DomainError("validation_error", "Escribe qué se corrige: la nota acompaña a la corrección.", { path: "comment" });
    }
    if (action === "submit" || action === "approve") {
      const duplicateNumber = current.content.number !== null && !current.numberSeq
        ? await numberTakenElsewhere(tx, id, current.content.number)
        : false;
      // Approving gives the number of the date's year: a date far from today (a typo) is caught then.
      const approvingOn = action === "approve" ? { approvingOn: todayInMexicoCity() } : {};
      const blocking = runChecks({ bulletin: current.content, glossary: options.glossary, duplicateNumber, ...approvingOn })
        .filter((check) => check.severity === "blocking");
      if (blocking.length > 0) {
        throw new DomainError(
          "checks_failed",
          `El boletín tiene ${blocking.length === 1 ? "un problema que impide" : `${blocking.length} problemas que impiden`} ${action === "submit" ? "enviarlo a revisión" : "aprobarlo"}: ${blocking.map((check) => check.message).join(" ")}`,
          { checks: blocking },
        );
      }
    }

    const changes: Partial<typeof bulletins.$inferInsert> = { status: to, updatedAt: new Date() };
    // What goes to review is searchable as it is: autosaves left its vector to a refresh (server/commands/indexDraft.ts).
    if (action === "submit") Object.assign(changes, searchColumns(current.content));
    let content: Bulletin = current.content;
    let version = current.version;
    const detail: Record<string, unknown> = {};
    if (action === "approve") {
      let number = current.numberSeq && current.numberYear ? { seq: current.numberSeq, year: current.numberYear } : null;
      if (!number) {
        const year = Number((current.content.date ?? todayInMexicoCity()).slice(0, 4));
        number = { seq: await allocateNumber(tx, year), year };
        if (number.seq > MAX_SEQ) {
          throw new DomainError("numbering_exhausted", `La numeración de ${year} llegó a su máximo (${MAX_SEQ}); no se puede dar otro número ese año.`);
        }
      }
      content = { ...current.content, number };
      if (current.content.number?.seq !== number.seq || current.content.number?.year !== number.year) {
        // The number becomes part of the text, so the approved revision is the one that carries it.
        version = current.version + 1;
        await sealRevisions(tx, id);
        await tx.insert(revisions).values({ bulletinId: id, version, content, hash: hashContent(content), authorId: user.id, status: to, sealed: true });
        // Suggestions left open stay on the text (only the number changed): a reopened bulletin can still accept them.
        await carryReviewMarks(tx, id, current.content, content, version);
      }
      const profile = await loadOrganizationProfile(tx);
      Object.assign(changes, {
        numberYear: number.year,
        numberSeq: number.seq,
        content,
        version,
        approvedRevision: version,
        approvedProfile: profile,
        approvedHash: hashApproval(content, profile),
        // Exact for the archive whatever autosave left pending (server/commands/indexDraft.ts).
        ...searchColumns(content),
      });
      detail.number = formatNumber(number);
      detail.hash = changes.approvedHash;
      // What the approver knowingly left open (the confirmation dialog warned of it).
      detail.openThreads = current.openThreads;
      detail.openSuggestions = current.openSuggestions;
    }
    if (action === "publish") {
      // What the public page, the feed and the media have from now on (a published correction moves it;
      // the bulletin keeps the instant it first went public, its datePublished).
      Object.assign(changes, { publishedRevision: current.approvedRevision, publishedAt: current.publishedAt ?? new Date() });
      if (current.correctionNote && current.publishedRevision !== null && current.approvedRevision !== null && current.approvedRevision !== current.publishedRevision) {
        // A correction goes public with its dated note; the earlier recipients get it (server/commands/distribute.ts).
        await tx.insert(bulletinCorrections).values({
          bulletinId: id, revision: current.approvedRevision, previousRevision: current.publishedRevision, note: current.correctionNote, correctedBy: user.id,
        });
        detail.correction = current.correctionNote;
      }
      changes.correctionNote = null;
    }
    if (action === "correct") {
      // The note says what the correction changes; the published text stays public until it is published.
      changes.correctionNote = options.comment!;
    }
    await tx.update(bulletins).set(changes).where(eq(bulletins.id, id));
    // Every transition seals the revision it acts on: the next save starts a new one.
    await sealRevisions(tx, id);
    if (options.comment) {
      await tx.insert(comments).values({ bulletinId: id, revision: version, authorId: user.id, body: options.comment });
      detail.comment = options.comment;
    }
    if (action === "submit") {
      // Who is asked to review: the reviewers named, or nobody in particular (`Cualquier revisor`).
      const asked = await assignReviewers(tx, id, user.id, current.authorId, options.reviewerIds ?? []);
      if (asked.length) detail.reviewerIds = asked;
    }
    await recordEvent(tx, { bulletinId: id, actorId: user.id, action, fromStatus: current.status, toStatus: to, revision: version, detail });
    await tellAboutTransition(tx, action, current, user.id, { number: typeof detail.number === "string" ? detail.number : null, comment: options.comment ?? null });
    return (await findBulletin(tx, id))!;
  });
}
