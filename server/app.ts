import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import session from "express-session";
import helmet from "helmet";
import type { User } from "../shared/api/schemas";
import { admitPerCaller } from "./admission";
import { cachedUser, rememberUser, sessionReadStarted } from "./auth/session-cache";
import { DatabaseSessionStore } from "./auth/session-store";
import { presentUser } from "./commands/signIn";
import { users } from "./db/schema";
import { DomainError, toHttpError, whereIn } from "./errors";
import { dropControls, refusedCodePointMessage } from "../shared/bulletin/storable-text";
import { publishBulletinChange } from "./live/bus";
import { bulletinRoutes } from "./routes/bulletins";
import { notificationRoutes } from "./routes/notifications";
import { distributionRoutes } from "./routes/distributions";
import { liveRoutes } from "./routes/live";
import { CONTACTS_UPLOAD_PATH, CSV_LIMIT, listRoutes } from "./routes/lists";
import { IMPORT_UPLOAD_LIMIT, IMPORT_UPLOAD_PATH, importRoutes } from "./routes/imports";
import { organizationRoutes, templateRoutes, userRoutes } from "./routes/admin";
import { metaRoutes } from "./routes/meta";
import { pressRouter } from "./press/routes";
import { authorize, type AppContext, type RouteSpec } from "./routes/registry";
import { sessionRoutes } from "./routes/session";
import { trustProxySetting } from "./trust-proxy";
import { UNSUBSCRIBE_PATH, unsubscribeRouter } from "./unsubscribe";

declare module "express-session" {
  interface SessionData {
    userId: number;
    signedInAt: number;
  }
}

export interface AppOptions {
  sessionSecret: string;
  /** The public origin when behind a proxy (`https://redacta.example.mx`); writes must come from it or from one of ownOrigins. */
  publicUrl?: string;
  /** The origins the server listens on (`http://localhost:3000`, `http://127.0.0.1:3000`…), from start.ts. */
  ownOrigins?: string[];
  /** Built client to serve (dist/client); omitted: API only. */
  clientDir?: string;
  production?: boolean;
}

const IDLE_MS = 12 * 60 * 60 * 1000;
const ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;
const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Every API route, in one list: the router, the OpenAPI description and the tests read it. */
export function apiRoutes(): RouteSpec[] {
  const routes: RouteSpec[] = [...sessionRoutes, ...bulletinRoutes, ...liveRoutes, ...notificationRoutes, ...distributionRoutes, ...listRoutes, ...importRoutes, ...templateRoutes, ...userRoutes, ...organizationRoutes];
  // The description lists every route, /health and /openapi.json included.
  const all: RouteSpec[] = [...routes, ...metaRoutes(() => all)];
  return all;
}

/** Builds the Express app: API under /api, the built client elsewhere. */
export function createApp(context: AppContext, options: AppOptions): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", trustProxySetting());
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", "data:"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          upgradeInsecureRequests: options.production ? [] : null,
        },
      },
      strictTransportSecurity: options.production ? undefined : false,
    }),
  );

  // The editor's scripts are ~830 KB raw, ~260 KB gzipped: what an office network actually carries.
  app.use(compression());

  const api = express.Router();
  // Answers carry sessions' data (users, drafts, errors): no browser or proxy keeps a copy.
  api.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader("Cache-Control", "no-store");
    next();
  });
  api.use(admitPerCaller({ sessionCookie: "redacta.sid", secret: options.sessionSecret }));
  api.use(express.json({ limit: "1mb", strict: false }));
  // The one route that takes a file as it is: a media list's CSV, read as bytes (its encoding is detected, not declared).
  api.post(CONTACTS_UPLOAD_PATH, express.raw({ type: "text/csv", limit: CSV_LIMIT }), (error: unknown, _req: Request, _res: Response, next: NextFunction) => {
    const tooLarge = (error as { type?: string } | null)?.type === "entity.too.large";
    next(tooLarge ? new DomainError("payload_too_large", "El archivo CSV es demasiado grande (máximo 2 MB).") : error);
  });
  // A bulk import's file, as it is: its bytes say what it is (server/import/parse-file.ts).
  api.post(IMPORT_UPLOAD_PATH, express.raw({ type: "application/octet-stream", limit: IMPORT_UPLOAD_LIMIT }), (error: unknown, _req: Request, _res: Response, next: NextFunction) => {
    const tooLarge = (error as { type?: string } | null)?.type === "entity.too.large";
    next(tooLarge ? new DomainError("payload_too_large", "El archivo es demasiado grande (máximo 20 MB); un boletín no pesa tanto.") : error);
  });
  api.use(refuseBodiesThatAreNotJson);
  api.use(refuseUnstorableInput);
  api.use(
    session({
      name: "redacta.sid",
      secret: options.sessionSecret,
      store: new DatabaseSessionStore(context.db),
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: { httpOnly: true, sameSite: "lax", secure: options.production ?? false, maxAge: IDLE_MS },
    }),
  );
  api.use(refuseForeignOrigins([...(options.publicUrl ? [options.publicUrl] : []), ...(options.ownOrigins ?? [])]));
  api.use(loadUser(context));

  for (const spec of apiRoutes()) {
    api[spec.method](spec.path, async (req: Request, res: Response) => {
      const user = res.locals.user as User | null;
      authorize(spec.access, user);
      const params = spec.params ? spec.params.parse(req.params) : {};
      const query = spec.query ? spec.query.parse(plainQuery(req)) : {};
      const body = spec.body ? spec.body.parse(req.body ?? null) : undefined;
      const reply = await spec.handler({ req, res, app: context, user, params, query, body });
      if (spec.method !== "get" && spec.publishes !== false && spec.path.startsWith("/bulletins/:id")) {
        // Committed by now: the bulletin's open pages refetch (after this answer is out, never delaying it).
        const bulletinId = (params as { id?: number }).id;
        if (bulletinId !== undefined) res.once("finish", () => void publishBulletinChange(context.handle, bulletinId));
      }
      if (reply.streamed) return;
      for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
      if (reply.file) {
        res.status(reply.status ?? 200).attachment(reply.file.filename).type(reply.file.contentType).send(reply.file.body);
      } else if (reply.json !== undefined) {
        res.status(reply.status ?? 200).json(reply.json);
      } else {
        res.status(reply.status ?? 204).end();
      }
    });
  }
  api.use(() => {
    throw new DomainError("not_found", "Esa ruta de la API no existe.");
  });
  app.use("/api", api);
  // `//api/bulletins`, `/%61pi/…`: an API path however it is spelled answers the API's JSON 404, never the app's page.
  app.use((req: Request, _res: Response, next: NextFunction) => next(looksLikeApiPath(req.path) ? new DomainError("not_found", "Esa ruta de la API no existe.") : undefined));
  // Public pages, no session: a media contact unsubscribes from the link in a distribution e-mail.
  app.use(UNSUBSCRIBE_PATH, unsubscribeRouter(context));

  // The public press page and feed: no session, HTML rendered here (server/press/).
  app.use(pressRouter(context, { publicUrl: options.publicUrl, sessionSecret: options.sessionSecret }));

  if (options.clientDir && fs.existsSync(options.clientDir)) {
    const clientDir = options.clientDir;
    // Source maps would hand out the client's source: built, but not served in production.
    // express.static decodes the path (`app.js.m%61p`): test the decoded one.
    if (options.production) {
      app.use((req, res, next) => (/\.map$/i.test(safeDecode(req.path)) ? void res.status(404).type("text/plain").send("No encontrado.") : next()));
    }
    app.use(express.static(clientDir, { index: false, maxAge: "1h" }));
    app.get(/^(?!\/api\/).*/, (_req, res) => res.sendFile(path.join(clientDir, "index.html")));
  }
  app.use(errorHandler);
  return app;
}

/** True for `/api` and anything under it once %-escapes are decoded and repeated slashes collapsed, in any case. */
function looksLikeApiPath(requestPath: string): boolean {
  return /^\/api(\/|$)/i.test(safeDecode(requestPath).replace(/\/{2,}/g, "/"));
}

/**
 * A write that carries a body which is not JSON (a form, text/plain) is refused with 415:
 * express.json leaves it unread, and the route would only say that its data is missing.
 * A write without a body (DELETE, a POST of nothing) goes on to its route.
 */
function refuseBodiesThatAreNotJson(req: Request, _res: Response, next: NextFunction) {
  const carriesBody = req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0;
  if (!WRITE_METHODS.has(req.method) || !carriesBody || req.is("application/json")) return next();
  // A body a route's own parser read (the CSV upload above).
  if (Buffer.isBuffer(req.body)) return next();
  next(new DomainError("unsupported_media_type", "Envía el contenido como JSON (Content-Type: application/json)."));
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** Express's query object, copied so `__proto__`-like keys stay plain data. */
function plainQuery(req: Request): Record<string, unknown> {
  return Object.assign(Object.create(null) as Record<string, unknown>, req.query as Record<string, unknown>);
}

const MAX_JSON_DEPTH = 100;

interface Pending {
  value: unknown;
  depth: number;
  path: (string | number)[];
  /** Where a string sits in the request body, to write it back cleaned. */
  holder?: Record<string | number, unknown>;
  key?: string | number;
}

/**
 * Refuses what would crash further in, or break an export, rather than fail
 * validation, and cleans what a paste carries. Every string of the body and query:
 * - NUL (PostgreSQL cannot store it), U+FFFE, U+FFFF and lone UTF-16 surrogates
 *   (no UTF-8 form, and XML forbids them, so no DOCX would open): refused with the
 *   code point and the field path (`Datos no válidos (title): … U+FFFE …`);
 * - the other C0 controls XML forbids (what Word and PDFs leave in pasted text):
 *   dropped silently from the body, vertical tab and form feed becoming a line break
 *   (see shared/bulletin/storable-text.ts).
 * Also JSON nested deeper than any bulletin needs (the validators and exporters
 * recurse; 1 MB can nest thousands deep).
 */
function refuseUnstorableInput(req: Request, _res: Response, next: NextFunction) {
  const stack: Pending[] = [
    { value: req.body, depth: 1, path: [] },
    { value: req.query, depth: 1, path: [] },
  ];
  while (stack.length > 0) {
    const { value, depth, path, holder, key } = stack.pop()!;
    // An uploaded file's bytes: its own parser checks what it holds.
    if (Buffer.isBuffer(value)) continue;
    if (typeof value === "string") {
      const refused = refusedCodePointMessage(value);
      if (refused) {
        const where = path.length > 0 ? whereIn(path.join(".")) : "";
        return next(new DomainError("validation_error", `Datos no válidos${where}: ${refused}`, [{ path: path.join("."), message: refused }]));
      }
      if (holder && key !== undefined) {
        const cleaned = dropControls(value);
        if (cleaned !== value) holder[key] = cleaned;
      }
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    if (depth > MAX_JSON_DEPTH) {
      return next(new DomainError("validation_error", `El contenido está anidado a más de ${MAX_JSON_DEPTH} niveles.`));
    }
    // The query object is Express's own (re-read on access): checked, never written to.
    const writable = value !== req.query ? (value as Record<string | number, unknown>) : undefined;
    const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
    for (const [name, item] of entries) {
      if (typeof name === "string") stack.push({ value: name, depth, path: [...path, name] });
      stack.push({ value: item, depth: depth + 1, path: [...path, name], holder: writable, key: name });
    }
  }
  next();
}

/**
 * CSRF defence: a write from a browser names its page's origin in Origin, and
 * that origin must be one this server is configured as (PUBLIC_URL, its own
 * listen origins), never what the request's own Host header claims. A signed-in
 * session (as express-session read it from the cookie) without Origin is refused
 * too; `Origin: null` (sandboxed frames, some redirects) is foreign.
 */
function refuseForeignOrigins(origins: string[]) {
  const allowed = new Set(origins.map((origin) => new URL(origin).origin));
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!WRITE_METHODS.has(req.method)) return next();
    const origin = req.get("Origin");
    const signedIn = req.session?.userId !== undefined;
    if (origin === undefined && !signedIn) return next();
    if (origin !== undefined && allowed.has(normalizedOrigin(origin))) return next();
    next(
      new DomainError(
        "origin_refused",
        origin !== undefined
          ? "La petición viene de otro sitio y fue rechazada."
          : "Falta la cabecera Origin: las peticiones que modifican datos deben indicar su origen.",
      ),
    );
  };
}

/** The origin as URL writes it (lower-case host, default port dropped); "" for `null` or anything unparsable. */
function normalizedOrigin(origin: string): string {
  try {
    const parsed = new URL(origin);
    return parsed.origin === "null" ? "" : parsed.origin;
  } catch {
    return "";
  }
}

/** Puts the signed-in user in res.locals.user (null when none, disabled or expired); the row is kept a few seconds with the session (server/auth/session-cache.ts). */
function loadUser(context: AppContext) {
  return async (req: Request, res: Response, next: NextFunction) => {
    res.locals.user = null;
    const userId = req.session?.userId;
    if (!userId) return next();
    if (Date.now() - (req.session.signedInAt ?? 0) > ABSOLUTE_MS) {
      await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
      return next();
    }
    const startedAt = sessionReadStarted();
    const row = cachedUser(req.sessionID, userId) ?? (await context.db.select().from(users).where(eq(users.id, userId)))[0];
    if (row) rememberUser(req.sessionID, startedAt, row);
    if (!row || row.disabled) {
      await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
      return next();
    }
    res.locals.user = presentUser(row);
    next();
  };
}

function errorHandler(error: unknown, req: Request, res: Response, _next: NextFunction): void {
  const { status, body } = toHttpError(error);
  if (status >= 500 && body.error.code !== "database_unavailable") console.error(`${req.method} ${req.originalUrl}:`, error);
  if (res.headersSent) {
    res.end();
    return;
  }
  if (body.error.code === "too_many_attempts") {
    const retryAfter = (body.error.details as { retryAfter?: number } | undefined)?.retryAfter;
    if (retryAfter) res.setHeader("Retry-After", String(retryAfter));
  }
  res.status(status).json(body);
}
