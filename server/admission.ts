import type { NextFunction, Request, RequestHandler, Response } from "express";
import { parseCookie } from "cookie";
import { unsign } from "cookie-signature";
import { LRUCache } from "lru-cache";
import { DomainError } from "./errors";

/** How many requests one caller may have in flight, and how many of them may carry a heavy body. */
export interface CallerLimit {
  inFlight: number;
  heavyInFlight: number;
}

export interface AdmissionOptions {
  /** The session cookie's name and the secret express-session signs it with. */
  sessionCookie: string;
  secret: string;
  /** A session's limit; a person over all their sessions, and an address without a session, get twice as much. Default: from the environment. */
  limit?: CallerLimit;
}

/** A body declared larger than this (or of unknown length, or compressed) is heavy. */
const HEAVY_BYTES = 64 * 1024;

/**
 * A session's limit: MAX_REQUESTS_IN_FLIGHT (8) and MAX_HEAVY_REQUESTS_IN_FLIGHT (2) from the
 * environment. A browser opens at most 6 connections to one host, so the editor's page load
 * (~6 GETs at once) and two tabs autosaving always fit.
 */
export function admissionLimitFromEnvironment(env: NodeJS.ProcessEnv = process.env): CallerLimit {
  const read = (name: string, fallback: number) => {
    const text = env[name]?.trim() ?? "";
    if (text === "") return fallback;
    if (!/^[1-9]\d{0,5}$/.test(text)) throw new Error(`${name} no es válido («${text}»): usa un número entero positivo.`);
    return Number(text);
  };
  return { inFlight: read("MAX_REQUESTS_IN_FLIGHT", 8), heavyInFlight: read("MAX_HEAVY_REQUESTS_IN_FLIGHT", 2) };
}

/** A request that never ends its answer (a bug) frees its slot after this long anyway. */
const ABANDONED_MS = 60_000;

/** The API's body limit (express.json in app.ts): a refused body up to this size is read and discarded. */
const MAX_DRAINED_BYTES = 1024 * 1024;

const MESSAGE = "Tienes demasiadas peticiones en curso; espera un momento.";

/**
 * Per-caller admission, in front of everything else of the API: a caller with too many
 * requests in flight gets 429 `too_many_requests` (Retry-After: 1) before its body is read or
 * parsed, so one person's burst of megabyte saves cannot hold the event loop for everyone.
 *
 * The caller is known from the request's first bytes: the session id in the signed session
 * cookie (a forged or unsigned one counts as no cookie), the user that session belongs to
 * once this process has seen it, else the address (`req.ip`, after TRUST_PROXY).
 * The counters are in-process on purpose: they are not shared state but protection of this
 * process's own event loop, which no other process shares.
 */
export function admitPerCaller(options: AdmissionOptions): RequestHandler {
  const session = options.limit ?? admissionLimitFromEnvironment();
  const twice = { inFlight: 2 * session.inFlight, heavyInFlight: 2 * session.heavyInFlight };
  // A person on a few devices (or opening sessions to multiply a session's limit); anonymous
  // callers (sign-in page, probes) by address, which an office behind one NAT address shares.
  const limits: Record<"session" | "user" | "address", CallerLimit> = { session, user: twice, address: twice };
  const inFlight = new Map<string, { all: number; heavy: number }>();
  // Session id → user id, learned from answered requests, so several sessions of one user share a budget.
  const sessionUsers = new LRUCache<string, number>({ max: 10_000 });

  return (req: Request, res: Response, next: NextFunction) => {
    const sessionId = signedSessionId(req, options.sessionCookie, options.secret);
    const userId = sessionId === undefined ? undefined : sessionUsers.get(sessionId);
    const keys: [keyof typeof limits, string][] =
      sessionId === undefined
        ? [["address", `address:${req.ip ?? "unknown"}`]]
        : [["session", `session:${sessionId}`], ...(userId === undefined ? [] : [["user", `user:${userId}`] as [keyof typeof limits, string]])];
    const heavy = isHeavy(req, HEAVY_BYTES);

    const refused = keys.some(([kind, key]) => {
      const count = inFlight.get(key);
      return count !== undefined && (count.all >= limits[kind].inFlight || (heavy && count.heavy >= limits[kind].heavyInFlight));
    });
    if (refused) {
      res.setHeader("Retry-After", "1");
      // Node discards an unread body once the answer is out, keeping the connection for the next
      // request; a body larger than the API takes, or of unknown length, ends the connection instead.
      const declared = req.headers["content-length"];
      const unknownLength = declared === undefined && req.headers["transfer-encoding"] !== undefined;
      if (unknownLength || !(Number(declared ?? 0) <= MAX_DRAINED_BYTES)) res.setHeader("Connection", "close");
      return next(new DomainError("too_many_requests", MESSAGE));
    }

    for (const [, key] of keys) {
      const count = inFlight.get(key) ?? { all: 0, heavy: 0 };
      count.all++;
      if (heavy) count.heavy++;
      inFlight.set(key, count);
    }
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      for (const [, key] of keys) {
        const count = inFlight.get(key)!;
        count.all--;
        if (heavy) count.heavy--;
        if (count.all === 0) inFlight.delete(key);
      }
      // What the session middleware made of it (signed in, signed out, new id); nothing when it never ran.
      if ((req as Partial<Request>).sessionStore === undefined) return;
      const signedInAs = req.session?.userId;
      if (signedInAs !== undefined) sessionUsers.set(req.sessionID, signedInAs);
      if (sessionId !== undefined && (signedInAs === undefined || req.sessionID !== sessionId)) sessionUsers.delete(sessionId);
    };
    (res as Response & { [RELEASE]?: () => void })[RELEASE] = release;
    // The slot is freed when the answer is written, not when the client hangs up: a client that
    // disconnects right after sending would otherwise free its slot while the server still works.
    const end = res.end;
    res.end = function (this: Response, ...args: unknown[]) {
      release();
      return (end as (...args: unknown[]) => Response).apply(this, args);
    } as Response["end"];
    res.once("close", () => {
      if (!released) setTimeout(release, ABANDONED_MS).unref();
    });
    next();
  };
}

const RELEASE = Symbol("releaseAdmission");

/**
 * Frees the caller's slot for a request that will stay open (an event stream): it no longer
 * counts as in flight, though its answer goes on. Idempotent; nothing without admission.
 */
export function releaseAdmission(res: Response): void {
  (res as Response & { [RELEASE]?: () => void })[RELEASE]?.();
}

/** The session id of a correctly signed session cookie, as express-session reads it; undefined otherwise. */
function signedSessionId(req: Request, name: string, secret: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  let raw: string | undefined;
  try {
    raw = parseCookie(header)[name];
  } catch {
    return undefined;
  }
  if (!raw?.startsWith("s:")) return undefined;
  const sessionId = unsign(raw.slice(2), secret);
  return sessionId === false ? undefined : sessionId;
}

/** A body the parser would spend real time on: declared over `heavyBytes`, of unknown length, or compressed. */
function isHeavy(req: Request, heavyBytes: number): boolean {
  const length = req.headers["content-length"];
  const encoding = req.headers["content-encoding"];
  const hasBody = length !== undefined ? length !== "0" : req.headers["transfer-encoding"] !== undefined;
  if (!hasBody) return false;
  if (encoding !== undefined && encoding.toLowerCase() !== "identity") return true;
  return length === undefined || !(Number(length) <= heavyBytes);
}
