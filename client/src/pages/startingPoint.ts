import type { BulletinResource } from "../../../shared/api/schemas";
import type { Bulletin } from "../../../shared/bulletin/schema";
import { bulletinContent } from "../api/endpoints";
import { canonicalJson, localDrafts, type LocalDraft } from "../editor/local-drafts";
import { splitTypedContent } from "../editor/typed-content";

/**
 * Where the editor starts: the server's bulletin, and the local copy of a previous visit.
 * A local copy that differs from the server only by what the server would refuse (an
 * invalid link) is simply put back in its fields, still marked invalid; any other is
 * offered for recovery.
 */
export function startingPoint(bulletinId: number, initial: BulletinResource): { typed: Bulletin; recovery: LocalDraft | null; parked: boolean } {
  // Reads only (takeForRecovery gives the same draft twice): StrictMode runs this twice.
  const parked = localDrafts.takeForRecovery(bulletinId);
  if (!parked) return { typed: bulletinContent(initial), recovery: null, parked: false };
  const { savable, invalid } = splitTypedContent(parked.content);
  if (canonicalJson(savable) !== canonicalJson(bulletinContent(initial))) return { typed: bulletinContent(initial), recovery: parked, parked: true };
  const restore = invalid.length > 0 && initial.allowedActions.includes("edit");
  return { typed: restore ? bulletinContent(parked.content) : bulletinContent(initial), recovery: null, parked: true };
}

