import type { AuditEvent, RevisionSummary } from "../../../shared/api/schemas";

const REVIEW_ACTIONS = new Set(["request_changes", "approve"]);

/** True for an event where a reviewer ruled on the bulletin (requested changes or approved). */
export function isReviewEvent(event: AuditEvent): boolean {
  if (REVIEW_ACTIONS.has(event.action)) return true;
  return event.fromStatus === "in_review" && (event.toStatus === "changes_requested" || event.toStatus === "approved");
}

/**
 * Where a reviewer's diff starts: the latest revision at which a review happened,
 * else the first revision.
 */
export function defaultDiffStart(events: AuditEvent[], revisions: RevisionSummary[]): { version: number; reviewed: boolean } | null {
  const reviewed = events
    .filter((event) => isReviewEvent(event) && event.revision !== null)
    .map((event) => event.revision as number);
  if (reviewed.length > 0) return { version: Math.max(...reviewed), reviewed: true };
  if (revisions.length === 0) return null;
  return { version: Math.min(...revisions.map((revision) => revision.version)), reviewed: false };
}
