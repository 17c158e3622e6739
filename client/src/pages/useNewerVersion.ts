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
  /** A change announced while asking: asked again once the answer is in (it may be about a later save). */
  const askAgain = useRef(false);
  /** `Seguir con la mía`: that version is not offered again, a later one is. */
  const dismissed = useRef(0);

  const busy = useCallback(() => {
    const kind = saver.getStatus().kind;
    return kind === "saving" || kind === "pending" || kind === "conflict" || kind === "signedOut";
  }, [saver]);

  const check = useCallback(() => {
    if (!ownsRef.current || busy()) return;
    if (asking.current) {
      askAgain.current = true;
      return;
    }
    asking.current = true;
    const key = bulletinKeys.resource(bulletinId);
    const cachedAt = client.getQueryState(key)?.dataUpdatedAt ?? 0;
    getBulletin(bulletinId)
      .then((current) => {
        // Asked again once the answer is in: a save of this page may have moved the version meanwhile.
        if (!ownsRef.current || busy()) return;
        if (current.version > saver.getVersion()) {
          if (current.version > dismissed.current) setNewer(current);
        } else if (current.version === saver.getVersion() && (client.getQueryState(key)?.dataUpdatedAt ?? 0) === cachedAt) {
          // The same text: its status, actions and counts are news, not a version to choose (unless
          // this page's own transition put a newer answer in the cache meanwhile).
          client.setQueryData(key, current);
        }
      })
      .catch(() => undefined)
      .finally(() => {
        asking.current = false;
        if (askAgain.current) {
          askAgain.current = false;
          check();
        }
      });
  }, [bulletinId, saver, busy, client]);

  useEffect(() => {
    if (connected || !owns) return;
    // A tab in the back has no stream and does not poll either: coming to the front checks (useLiveBulletin).
    const timer = setInterval(() => document.visibilityState !== "hidden" && check(), NEWER_POLL_MS);
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

  const dismiss = useCallback(() => {
    setNewer((offer) => {
      if (offer) dismissed.current = Math.max(dismissed.current, offer.version);
      return null;
    });
  }, []);
  return { newer, check, dismiss };
}
