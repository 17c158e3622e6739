import { QueryClient, useQuery, type QueryKey } from "@tanstack/react-query";
import type { AuditEvent, BulletinResource, RevisionSummary } from "../../../shared/api/schemas";
import { getBulletin, listComments, listEvents, listRevisions, listSuggestions } from "./endpoints";
import { ApiError } from "./http";

/** What a bulletin's page keeps from the server, one query each. */
export type BulletinPart = "comments" | "suggestions" | "revisions" | "events" | "distributions";

/** The query keys of one bulletin: `["bulletin", id]` and `["bulletin", id, part]`. */
export const bulletinKeys = {
  all: ["bulletin"] as const,
  resource: (id: number) => ["bulletin", id] as const,
  part: (id: number, part: BulletinPart) => ["bulletin", id, part] as const,
  lists: ["bulletins"] as const,
};

/** What a change on the page makes stale, besides the resource the server answered with. */
export type BulletinChange =
  | "saved"
  | "transition"
  | "comment"
  | "suggestion"
  | "decision"
  | "restore_revision"
  | "assign"
  | "distribute"
  | "delete";

const STALE_PARTS: Record<BulletinChange, BulletinPart[]> = {
  // A save moves the text: anchors and suggestion offsets are relative to the new revision.
  saved: ["revisions", "comments", "suggestions"],
  transition: ["revisions", "events", "comments", "suggestions"],
  comment: ["comments", "events"],
  suggestion: ["suggestions"],
  decision: ["suggestions", "revisions", "comments", "events"],
  restore_revision: ["revisions", "events", "comments", "suggestions"],
  // Who reviews: the history says who asked; the lists order `Por revisar` by it.
  assign: ["events"],
  // A sending: its delivery log and the audit trail.
  distribute: ["distributions", "events"],
  // The page leaves a deleted draft: only the lists change.
  delete: [],
};

/** The keys a change makes stale (the bulletin lists too when its status or existence moved). */
export function staleKeys(id: number, change: BulletinChange): QueryKey[] {
  const keys: QueryKey[] = STALE_PARTS[change].map((part) => bulletinKeys.part(id, part));
  if (change !== "comment" && change !== "suggestion") keys.push(bulletinKeys.lists);
  return keys;
}

/**
 * After a change: the resource the server answered with goes into the cache as is
 * (no refetch of what we already have), and what the change made stale is refetched.
 */
export function applyChange(client: QueryClient, id: number, change: BulletinChange, resource?: BulletinResource): Promise<void> {
  if (resource) client.setQueryData(bulletinKeys.resource(id), resource);
  return Promise.all(staleKeys(id, change).map((queryKey) => client.invalidateQueries({ queryKey }))).then(() => undefined);
}

/** Does not retry what the server refused (4xx): only network trouble and 5xx. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && !error.isNetwork && error.status < 500 && error.status !== 429) return false;
  return failureCount < 2;
}

/** The app's one QueryClient. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: shouldRetry,
        // The page changes what it shows on purpose (invalidation), not because the window got focus.
        refetchOnWindowFocus: false,
        staleTime: 5_000,
      },
      mutations: { retry: false },
    },
  });
}

/** A query failure as the Spanish sentence to show. */
export function queryErrorMessage(error: unknown, fallback: string): string | null {
  if (!error) return null;
  return error instanceof ApiError ? error.message : fallback;
}

/** Other people's comments, suggestions and edits arrive without a reload: polled while the page is open. */
const POLL_MS = 30_000;

/** The bulletin; `poll` refetches it every 30 s (a reader's view of a text others are changing). */
export function useBulletin(id: number, enabled = true, poll = false) {
  return useQuery({ queryKey: bulletinKeys.resource(id), queryFn: () => getBulletin(id), enabled, refetchInterval: poll ? POLL_MS : false });
}

export function useComments(id: number) {
  return useQuery({
    queryKey: bulletinKeys.part(id, "comments"),
    queryFn: () => listComments(id).then((page) => page.items),
    refetchInterval: POLL_MS,
  });
}

export function useSuggestions(id: number, enabled = true) {
  return useQuery({
    queryKey: bulletinKeys.part(id, "suggestions"),
    queryFn: () => listSuggestions(id).then((page) => page.items),
    enabled,
    refetchInterval: POLL_MS,
  });
}

export function useRevisions(id: number) {
  return useQuery({
    queryKey: bulletinKeys.part(id, "revisions"),
    queryFn: (): Promise<RevisionSummary[]> =>
      listRevisions(id).then((page) => [...page.items].sort((a, b) => a.version - b.version)),
  });
}

export function useEvents(id: number) {
  return useQuery({
    queryKey: bulletinKeys.part(id, "events"),
    queryFn: (): Promise<AuditEvent[]> =>
      listEvents(id).then((page) => [...page.items].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id)),
  });
}
