import { EventEmitter } from "node:events";
import type { Response } from "express";
import pg from "pg";
import type { DatabaseHandle } from "../db/client";

/** The PostgreSQL channel a write announces its bulletin on (the payload is the bulletin id). */
export const BULLETIN_CHANNEL = "redacta_bulletin";

/** What changed: the bulletin (its text, state, comments, suggestions) or only who has it open. */
export type ChangeKind = "change" | "presence";

type Listener = (kind: ChangeKind) => void;

/**
 * One process's live channel for one database: subscribers by bulletin, fed in-process on
 * PGlite (one process owns its files) and by LISTEN on PostgreSQL (every process's writes).
 */
class Bus {
  private readonly emitter = new EventEmitter();
  private listening: Promise<pg.Client | null> | null = null;
  /** The LISTEN connection now (a dropped one's late events must not forget its successor). */
  private current: pg.Client | null = null;
  /** Open event streams, ended when the server closes. */
  readonly streams = new Set<Response>();
  closed = false;

  constructor(private readonly handle: DatabaseHandle) {
    this.emitter.setMaxListeners(0);
  }

  async publish(bulletinId: number, kind: ChangeKind): Promise<void> {
    if (this.handle.kind === "postgres" && this.handle.pool) {
      await this.handle.pool.query("select pg_notify($1, $2)", [BULLETIN_CHANNEL, kind === "presence" ? `${bulletinId}:presence` : String(bulletinId)]);
    } else {
      this.emitter.emit("change", bulletinId, kind);
    }
  }

  /** Calls `listener` for each change of `bulletinId` until the returned function is called. */
  async subscribe(bulletinId: number, listener: Listener): Promise<() => void> {
    if (this.handle.kind === "postgres") await this.listen();
    const filtered = (id: number, kind: ChangeKind) => id === bulletinId && listener(kind);
    this.emitter.on("change", filtered);
    return () => this.emitter.off("change", filtered);
  }

  /** Calls `listener` for each change of any bulletin (the list pages) until the returned function is called. */
  async subscribeAll(listener: (bulletinId: number, kind: ChangeKind) => void): Promise<() => void> {
    if (this.handle.kind === "postgres") await this.listen();
    this.emitter.on("change", listener);
    return () => this.emitter.off("change", listener);
  }

  /** One LISTEN connection per process, opened with the first subscriber and reopened when it drops. */
  private listen(): Promise<pg.Client | null> {
    this.listening ??= (async () => {
      if (!this.handle.url || this.closed) return null;
      const client = new pg.Client({ connectionString: this.handle.url });
      this.current = client;
      // The connection dropped (a database restart): the open streams would go deaf. Ended, their
      // pages' EventSource reconnects in 3 s, and the first new subscriber listens again.
      let dropped = false;
      const reopen = () => {
        if (dropped) return;
        dropped = true;
        if (this.current !== client) return;
        this.current = null;
        this.listening = null;
        client.end().catch(() => undefined);
        for (const stream of this.streams) stream.end();
      };
      client.on("error", reopen);
      client.on("end", reopen);
      client.on("notification", (message) => {
        const [id, kind] = (message.payload ?? "").split(":");
        if (/^\d+$/.test(id ?? "")) this.emitter.emit("change", Number(id), kind === "presence" ? "presence" : "change");
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${BULLETIN_CHANNEL}`);
      } catch (error) {
        reopen();
        throw error;
      }
      return client;
    })();
    return this.listening;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const stream of this.streams) stream.end();
    this.streams.clear();
    this.emitter.removeAllListeners();
    const client = await this.listening?.catch(() => null);
    this.listening = null;
    await client?.end().catch(() => undefined);
  }
}

const buses = new WeakMap<DatabaseHandle, Bus>();

/** The live channel of `handle` in this process. */
export function busOf(handle: DatabaseHandle): Bus {
  let bus = buses.get(handle);
  if (!bus || bus.closed) {
    bus = new Bus(handle);
    buses.set(handle, bus);
  }
  return bus;
}

/**
 * Tells every open page of the bulletin that it changed, after the write committed. A failure
 * is logged, never the writer's error: the pages also poll.
 */
export async function publishBulletinChange(handle: DatabaseHandle, bulletinId: number, kind: ChangeKind = "change"): Promise<void> {
  try {
    await busOf(handle).publish(bulletinId, kind);
  } catch (error) {
    console.error(`live: no pude avisar del cambio del boletín ${bulletinId}:`, error);
  }
}

/** Ends the open event streams and the LISTEN connection (server shutdown). */
export async function closeLive(handle: DatabaseHandle): Promise<void> {
  await buses.get(handle)?.close();
}
