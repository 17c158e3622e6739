import { useEffect, useState } from "react";
import type { AuditEvent, RevisionSummary } from "../../../shared/api/schemas";
import { listEvents, listRevisions } from "../api/endpoints";

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

/** Revisions and audit events of a bulletin, reloaded whenever `refreshKey` changes. */
export function useBulletinHistory(bulletinId: number, refreshKey: number) {
  const [revisions, setRevisions] = useState<RevisionSummary[] | null>(null);
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    Promise.all([listRevisions(bulletinId), listEvents(bulletinId)])
      .then(([revisionPage, eventPage]) => {
        if (!live) return;
        setRevisions([...revisionPage.items].sort((a, b) => a.version - b.version));
        setEvents([...eventPage.items].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id));
        setError(null);
      })
      .catch((failure: unknown) => live && setError(failure instanceof Error ? failure.message : String(failure)));
    return () => {
      live = false;
    };
  }, [bulletinId, refreshKey]);

  return { revisions, events, error };
}
