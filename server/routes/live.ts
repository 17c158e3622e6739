import { and, eq, gt, lt, ne, sql } from "drizzle-orm";
import type { Response } from "express";
import { liveQuerySchema, pageIdSchema, presenceHeartbeatSchema, presenceListSchema, presenceQuerySchema } from "../../shared/api/live-schemas";
import type { User } from "../../shared/api/schemas";
import { releaseAdmission } from "../admission";
import { presence, users } from "../db/schema";
import { busOf, publishBulletinChange, type ChangeKind } from "../live/bus";
import { loadBulletin } from "../policies/bulletin";
import { idParams, noQuery, route, type RouteContext } from "./registry";

/** A page not heard from for this long has been closed (its heartbeat comes every 15 s). */
export const PRESENCE_FRESH_MS = 45_000;
/** A row this old belongs to a page long gone: deleted. */
const STALE_ROW_MS = 10 * 60_000;
/** A comment line every so often keeps proxies and the browser from dropping an idle stream. */
export const KEEP_ALIVE_MS = 20_000;

const pageParams = idParams.extend({ pageId: pageIdSchema });

function signedIn(context: RouteContext<unknown, unknown, unknown>): User {
  return context.user!;
}

function writeEvent(res: Response, kind: string, data: unknown): void {
  res.write(`event: ${kind}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** Starts an event stream on `res`: headers, `ready`, then (unless `once`) keep-alives until either side ends it. */
function openStream(res: Response, bus: ReturnType<typeof busOf>, once: boolean, unsubscribe: () => void, ready: unknown = {}): void {
  res.status(200);
  res.setHeader("Content-Type", "text/event-stream; charset=utf-8");
  // no-transform: the compression middleware leaves the stream alone instead of buffering it.
  res.setHeader("Cache-Control", "no-store, no-transform");
  res.setHeader("X-Accel-Buffering", "no");
  res.flushHeaders();
  res.write("retry: 3000\n\n");
  writeEvent(res, "ready", ready);
  if (once) {
    res.end();
    return;
  }
  // A stream open for hours is not a request in flight: it frees its admission slot now.
  releaseAdmission(res);
  bus.streams.add(res);
  const keepAlive = setInterval(() => res.write(": keep-alive\n\n"), KEEP_ALIVE_MS);
  keepAlive.unref();
  const stop = () => {
    clearInterval(keepAlive);
    unsubscribe();
    bus.streams.delete(res);
  };
  res.once("close", stop);
  res.once("finish", stop);
}

export const liveRoutes = [
  route({
    method: "put", path: "/bulletins/:id/presence", summary: "Latido de una página abierta del boletín: quién la tiene abierta y qué hace", access: "signed_in",
    params: idParams, query: noQuery, body: presenceHeartbeatSchema, publishes: false,
    async handler(context) {
      const user = signedIn(context);
      const { id } = context.params;
      const { pageId, activity } = context.body;
      await loadBulletin(context.app.db, user, id, "read");
      const db = context.app.db;
      const [before] = await db
        .select({ activity: presence.activity, seenAt: presence.seenAt })
        .from(presence)
        .where(and(eq(presence.bulletinId, id), eq(presence.pageId, pageId), eq(presence.userId, user.id)));
      await db
        .insert(presence)
        .values({ bulletinId: id, pageId, userId: user.id, activity })
        .onConflictDoUpdate({
          target: [presence.bulletinId, presence.pageId],
          set: { activity, seenAt: sql`now()` },
          // A page id is the tab's own: another user's heartbeat never takes it over.
          setWhere: eq(presence.userId, user.id),
        });
      const arrived = !before || before.activity !== activity || Date.now() - before.seenAt.getTime() > PRESENCE_FRESH_MS;
      if (arrived) {
        // Pages closed without a goodbye (a crash, a lost network) are swept when a page arrives.
        await db.delete(presence).where(and(eq(presence.bulletinId, id), lt(presence.seenAt, new Date(Date.now() - STALE_ROW_MS))));
        void publishBulletinChange(context.app.handle, id, "presence");
      }
      return { status: 204 };
    },
  }),
  route({
    method: "delete", path: "/bulletins/:id/presence/:pageId", summary: "La página se cerró: deja de contar como presente", access: "signed_in",
    params: pageParams, query: noQuery, publishes: false,
    async handler(context) {
      const user = signedIn(context);
      const { id, pageId } = context.params;
      await loadBulletin(context.app.db, user, id, "read");
      const gone = await context.app.db
        .delete(presence)
        .where(and(eq(presence.bulletinId, id), eq(presence.pageId, pageId), eq(presence.userId, user.id)))
        .returning({ pageId: presence.pageId });
      if (gone.length > 0) void publishBulletinChange(context.app.handle, id, "presence");
      return { status: 204 };
    },
  }),
  route({
    method: "get", path: "/bulletins/:id/presence", summary: "Quién más tiene el boletín abierto (visto en los últimos 45 s)", access: "signed_in",
    params: idParams, query: presenceQuerySchema, response: presenceListSchema,
    async handler(context) {
      const user = signedIn(context);
      const { id } = context.params;
      await loadBulletin(context.app.db, user, id, "read");
      const since = new Date(Date.now() - PRESENCE_FRESH_MS);
      const rows = await context.app.db
        .select({ pageId: presence.pageId, userId: presence.userId, name: users.name, activity: presence.activity, seenAt: presence.seenAt })
        .from(presence)
        .innerJoin(users, eq(users.id, presence.userId))
        .where(and(eq(presence.bulletinId, id), gt(presence.seenAt, since), context.query.pageId ? ne(presence.pageId, context.query.pageId) : undefined))
        .orderBy(presence.seenAt);
      // One line per person: the most telling activity of their open pages.
      const rank = { editing: 0, reviewing: 1, reading: 2 } as const;
      const byUser = new Map<number, (typeof rows)[number]>();
      for (const row of rows) {
        const seen = byUser.get(row.userId);
        if (!seen || rank[row.activity] < rank[seen.activity] || (rank[row.activity] === rank[seen.activity] && row.seenAt > seen.seenAt)) byUser.set(row.userId, row);
      }
      const items = [...byUser.values()].map((row) => ({ userId: row.userId, name: row.name, activity: row.activity, seenAt: row.seenAt.toISOString() }));
      return { json: { items } };
    },
  }),
  route({
    method: "get", path: "/live", summary: "Aviso al momento de que algún boletín cambió, para las listas (text/event-stream: ready, lists)", access: "signed_in",
    query: liveQuerySchema,
    async handler(context) {
      const bus = busOf(context.app.handle);
      // No bulletin id is sent: a list refetches what its reader may see.
      const unsubscribe = context.query.once === undefined ? await bus.subscribeAll((_id, kind) => kind === "change" && writeEvent(context.res, "lists", {})) : () => {};
      openStream(context.res, bus, context.query.once !== undefined, unsubscribe);
      return { streamed: true };
    },
  }),
  route({
    method: "get", path: "/bulletins/:id/live", summary: "Cambios del boletín al momento (text/event-stream: ready, change, presence)", access: "signed_in",
    params: idParams, query: liveQuerySchema,
    async handler(context) {
      const user = signedIn(context);
      const { id } = context.params;
      await loadBulletin(context.app.db, user, id, "read");
      const { res } = context;
      const bus = busOf(context.app.handle);
      // Subscribed before the first event: a change right after `ready` is never missed.
      let unsubscribe = () => {};
      if (context.query.once === undefined) {
        unsubscribe = await bus.subscribe(id, (kind: ChangeKind) => writeEvent(res, kind, { bulletinId: id }));
      }
      openStream(res, bus, context.query.once !== undefined, unsubscribe, { bulletinId: id });
      return { streamed: true };
    },
  }),
];

