import { useEffect, useState } from "react";
import { useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import type { PresenceActivity, PresenceEntry, PresenceList } from "../../../shared/api/live-schemas";
import { bulletinKeys, type BulletinPart } from "./queries";
import { request } from "./http";

/** A heartbeat every so often says the page is still open (the server forgets a page after 45 s). */
export const HEARTBEAT_MS = 15_000;

/** The key of who else has bulletin `id` open (under the bulletin's own, so invalidating it refreshes this too). */
export const presenceKey = (id: number) => ["bulletin", id, "presence"] as const;

const LIVE_PARTS: BulletinPart[] = ["comments", "suggestions", "revisions", "events", "distributions"];

/** This tab's id, for the whole page load: two tabs of one person are two pages. */
const PAGE_ID = newPageId();

function newPageId(): string {
  const random = typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  return `p-${random}`.replace(/[^A-Za-z0-9_-]/g, "").slice(0, 64);
}

const presencePath = (id: number) => `/api/bulletins/${id}/presence`;

/** Who else has the bulletin open (not this tab), refreshed with each heartbeat and on presence events. */
export function usePresence(id: number) {
  return useQuery({
    queryKey: presenceKey(id),
    queryFn: () => request<PresenceList>(`${presencePath(id)}?pageId=${encodeURIComponent(PAGE_ID)}`).then((list) => list.items),
    refetchInterval: HEARTBEAT_MS,
  });
}

/**
 * What another person's change makes stale. The bulletin itself is refetched only when this
 * page does not own its text (`ownsText`: the writer's saver holds what is being typed, and
 * its own save's event must not replace it); comments, suggestions, history and the lists always.
 */
export function refreshAfterChange(client: QueryClient, id: number, ownsText: boolean): Promise<void> {
  const keys = [...LIVE_PARTS.map((part) => bulletinKeys.part(id, part)), bulletinKeys.lists, ...(ownsText ? [] : [bulletinKeys.resource(id)])];
  return Promise.all(keys.map((queryKey) => client.invalidateQueries({ queryKey, exact: queryKey === bulletinKeys.resource(id) }))).then(() => undefined);
}

/**
 * The bulletin page's live channel: server-sent events refresh what changed as soon as someone
 * changes it, heartbeats tell the others this page is open and what its user does there.
 * With the channel down (a proxy that drops streams, the server restarting) the page's queries
 * keep polling every 30 s as before; EventSource reconnects by itself.
 * Returns whether the channel is up.
 */
export function useLiveBulletin(id: number, activity: PresenceActivity, ownsText: boolean, onChange?: () => void): boolean {
  const client = useQueryClient();
  const [connected, setConnected] = useState(false);

  // Read by the stream's handlers, which outlive a render.
  const ownsTextRef = useLatest(ownsText);
  const onChangeRef = useLatest(onChange);

  // A browser gives one site 6 connections over HTTP/1.1 and each stream holds one: only the
  // tab in front keeps its stream open (six tabs in the back would otherwise stall every request).
  const visible = useVisible();
  const [attempt, retryLater] = useRetry();
  useEffect(() => {
    if (typeof EventSource === "undefined" || !visible) return;
    const source = new EventSource(`/api/bulletins/${id}/live`);
    // Opened again after a refused stream: what changed meanwhile was never announced either.
    let first = attempt === 0;
    source.addEventListener("ready", () => {
      setConnected(true);
      // Back in front, or reconnected: what changed meanwhile was never announced.
      if (!first) {
        void refreshAfterChange(client, id, ownsTextRef.current);
        onChangeRef.current?.();
      }
      first = false;
    });
    source.addEventListener("change", () => {
      void refreshAfterChange(client, id, ownsTextRef.current);
      onChangeRef.current?.();
    });
    source.addEventListener("presence", () => void client.invalidateQueries({ queryKey: presenceKey(id) }));
    source.addEventListener("error", () => {
      setConnected(false);
      if (source.readyState === EventSource.CLOSED) retryLater();
    });
    return () => {
      source.close();
      setConnected(false);
    };
  }, [client, id, ownsTextRef, onChangeRef, visible, attempt, retryLater]);
  const [wasHidden, setWasHidden] = useState(false);
  useEffect(() => {
    if (!visible) setWasHidden(true);
    else if (wasHidden) {
      setWasHidden(false);
      void refreshAfterChange(client, id, ownsTextRef.current);
      void client.invalidateQueries({ queryKey: presenceKey(id) });
      onChangeRef.current?.();
    }
  }, [visible, wasHidden, client, id, ownsTextRef, onChangeRef]);

  useEffect(() => {
    let stopped = false;
    const beat = () => {
      if (stopped) return;
      request<void>(presencePath(id), { method: "PUT", body: { pageId: PAGE_ID, activity } })
        .then(() => client.invalidateQueries({ queryKey: presenceKey(id) }))
        .catch(() => undefined);
    };
    beat();
    const timer = setInterval(beat, HEARTBEAT_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [client, id, activity]);

  // Leaving the page (or the tab): the others stop seeing this page at once instead of in 45 s.
  useEffect(() => {
    const leave = () => {
      void fetch(`${presencePath(id)}/${encodeURIComponent(PAGE_ID)}`, { method: "DELETE", keepalive: true, credentials: "same-origin" }).catch(() => undefined);
    };
    window.addEventListener("pagehide", leave);
    return () => {
      window.removeEventListener("pagehide", leave);
      leave();
    };
  }, [id]);

  return connected;
}

/** A refused stream (401 until signed in again, 503) is not retried by EventSource itself: try again after a while. */
const STREAM_RETRY_MS = 15_000;

/** `[attempt, retryLater]`: a stream effect that depends on `attempt` opens again 15 s after `retryLater()`. */
function useRetry(): [number, () => void] {
  const [attempt, setAttempt] = useState(0);
  const [retryLater] = useState(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    return () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        setAttempt((n) => n + 1);
      }, STREAM_RETRY_MS);
    };
  });
  return [attempt, retryLater];
}

/** Whether the tab is in front (document.visibilityState). */
function useVisible(): boolean {
  const [visible, setVisible] = useState(() => typeof document === "undefined" || document.visibilityState !== "hidden");
  useEffect(() => {
    const update = () => setVisible(document.visibilityState !== "hidden");
    document.addEventListener("visibilitychange", update);
    return () => document.removeEventListener("visibilitychange", update);
  }, []);
  return visible;
}

function useLatest<T>(value: T): { readonly current: T } {
  const [ref] = useState(() => ({ current: value }));
  ref.current = value;
  return ref;
}

/** Others with the page open, one line: `Raúl Revisor está revisando · Ana Autora está editando`. */
export function othersPresent(items: PresenceEntry[] | undefined, ownUserId: number | undefined): PresenceEntry[] {
  return (items ?? []).filter((item) => item.userId !== ownUserId);
}

/** Lists refetch at most this often however busy the office is (every autosave is a change). */
const LISTS_REFRESH_MS = 3_000;

/** With the live channel down, the lists and their counts poll this often instead. */
export const LISTS_POLL_MS = 30_000;

/**
 * The list pages' live channel: when any bulletin changes, the lists (their counts included)
 * refetch, at most every 3 s. Only while the tab is in front; otherwise they wait for the next visit.
 * Returns whether the channel is up (down: the lists poll every 30 s).
 */
export function useLiveLists(): boolean {
  const client = useQueryClient();
  const visible = useVisible();
  const [connected, setConnected] = useState(false);
  const [attempt, retryLater] = useRetry();
  useEffect(() => {
    if (typeof EventSource === "undefined" || !visible) return;
    const source = new EventSource("/api/live");
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    const refresh = () => {
      timer = null;
      last = Date.now();
      void client.invalidateQueries({ queryKey: bulletinKeys.lists });
    };
    // Opened again after a refused stream: what changed meanwhile was never announced either.
    let first = attempt === 0;
    source.addEventListener("ready", () => {
      setConnected(true);
      if (!first) refresh();
      first = false;
    });
    source.addEventListener("lists", () => {
      if (timer) return;
      timer = setTimeout(refresh, Math.max(0, last + LISTS_REFRESH_MS - Date.now()));
    });
    source.addEventListener("error", () => {
      setConnected(false);
      if (source.readyState === EventSource.CLOSED) retryLater();
    });
    return () => {
      source.close();
      setConnected(false);
      if (timer) clearTimeout(timer);
    };
  }, [client, visible, attempt, retryLater]);
  return connected;
}
