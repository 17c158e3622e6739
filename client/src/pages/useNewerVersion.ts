import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import type { BulletinResource } from "../../../shared/api/schemas";
import { getBulletin } from "../api/endpoints";
import { bulletinKeys } from "../api/queries";
import type { BulletinSaver } from "../editor/saver";

/** With the live channel down, how often an open editor asks whether someone saved over it. */
export const NEWER_POLL_MS = 30_000;

/**
 * Whether someone else (or this user in another window) saved a newer version under a page
 * that owns its text (the writer's, the suggester's), which the live channel does not
 * replace by itself. `check` runs on each of the channel's change events, and every 30 s
 * while the channel is down. A page whose own save is on its way does not ask: the answer
 * moves its version, or the save's 409 opens the conflict dialog. A change of the same version
 * (a status: the author withdrew it from under a suggesting reviewer) goes on screen at once.
 */
export function useNewerVersion({ bulletinId, saver, owns, connected }: {
  bulletinId: number;
  saver: BulletinSaver;
  /** The page owns its text (edit or suggest mode); a reader follows the text by itself. */
  owns: boolean;
  connected: boolean;
}): { newer: BulletinResource | null; check: () => void; dismiss: () => void } {
  const client = useQueryClient();
  const [newer, setNewer] = useState<BulletinResource | null>(null);
  const ownsRef = useRef(owns);
  ownsRef.current = owns;
  const asking = useRef(false);

  const busy = useCallback(() => {
    const kind = saver.getStatus().kind;
    return kind === "saving" || kind === "pending" || kind === "conflict" || kind === "signedOut";
  }, [saver]);

  const check = useCallback(() => {
    if (!ownsRef.current || asking.current || busy()) return;
    asking.current = true;
    getBulletin(bulletinId)
      .then((current) => {
        // Asked again once the answer is in: a save of this page may have moved the version meanwhile.
        if (!ownsRef.current || busy()) return;
        if (current.version > saver.getVersion()) setNewer(current);
        // The same text: its status, actions and counts are news, not a version to choose.
        else if (current.version === saver.getVersion()) client.setQueryData(bulletinKeys.resource(bulletinId), current);
      })
      .catch(() => undefined)
      .finally(() => {
        asking.current = false;
      });
  }, [bulletinId, saver, busy, client]);

  useEffect(() => {
    if (connected || !owns) return;
    const timer = setInterval(check, NEWER_POLL_MS);
    return () => clearInterval(timer);
  }, [connected, owns, check]);

  // Once the page has moved on to that version (loaded, or resolved in the conflict dialog) the offer goes.
  useEffect(
    () =>
      saver.subscribe(() => {
        setNewer((offer) => (offer && saver.getVersion() >= offer.version ? null : offer));
      }),
    [saver],
  );

  return { newer, check, dismiss: () => setNewer(null) };
}
