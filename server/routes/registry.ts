import type { Request, Response } from "express";
import { z } from "zod";
import { rowIdParam, type Role, type User } from "../../shared/api/schemas";
import type { Glossary } from "../../shared/checks";
import type { Database, DatabaseHandle } from "../db/client";
import { forbidden, unauthenticated } from "../errors";

/** What every route handler may use. */
export interface AppContext {
  db: Database;
  handle: DatabaseHandle;
  glossary: Glossary;
}

/** Who may call a route: anyone, any signed-in user, or only some roles. */
export type Access = "public" | "signed_in" | readonly Role[];

export interface RouteContext<Params, Query, Body> {
  req: Request;
  res: Response;
  app: AppContext;
  user: User | null;
  params: Params;
  query: Query;
  body: Body;
}

export interface Reply {
  status?: number;
  json?: unknown;
  headers?: Record<string, string>;
  /** A download: bytes, content type, file name. */
  file?: { body: Buffer; contentType: string; filename: string };
  /** The handler wrote the answer itself (an event stream). */
  streamed?: boolean;
}

export interface RouteSpec<Params = any, Query = any, Body = any> {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** Express path under /api, e.g. `/bulletins/:id`. */
  path: string;
  summary: string;
  access: Access;
  params?: z.ZodType<Params>;
  query?: z.ZodType<Query>;
  body?: z.ZodType<Body>;
  response?: z.ZodType;
  /** Extra request headers the route reads (documented in OpenAPI). */
  headers?: string[];
  /** A write under `/bulletins/:id` tells the bulletin's open pages it changed (server/live/bus.ts); false: the route does it itself. */
  publishes?: false;
  handler: (context: RouteContext<Params, Query, Body>) => Promise<Reply>;
}

/** Declares a route with its types inferred from its schemas. */
export function route<Params = unknown, Query = unknown, Body = unknown>(spec: RouteSpec<Params, Query, Body>): RouteSpec<Params, Query, Body> {
  return spec;
}

export const idParams = z.strictObject({ id: rowIdParam });
export const noQuery = z.strictObject({});

/** Refuses a caller the route's access does not admit. */
export function authorize(access: Access, user: User | null): void {
  if (access === "public") return;
  if (!user) throw unauthenticated();
  if (access !== "signed_in" && !access.includes(user.role)) {
    throw forbidden("Tu rol no permite esta operación.");
  }
}
