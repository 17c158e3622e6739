import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { MIGRATIONS_FOLDER, queryRows } from "../db/client";
import { DomainError, isDatabaseUnavailable } from "../errors";
import { buildOpenApi } from "../openapi";
import { noQuery, route, type RouteSpec } from "./registry";

const journalEntries = (
  JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as { entries: unknown[] }
).entries.length;

/** Health and the API description; `routes` is the whole router, for OpenAPI. */
export function metaRoutes(routes: () => RouteSpec[]) {
  return [
    route({
      method: "get", path: "/health", summary: "Estado del servidor y de la base de datos", access: "public", query: noQuery,
      response: z.object({ status: z.literal("ok"), database: z.string(), migrations: z.object({ applied: z.number(), expected: z.number() }) }),
      async handler({ app }) {
        try {
          const [row] = await queryRows<{ applied: number }>(app.db, sql`SELECT count(*)::int AS applied FROM drizzle.__drizzle_migrations`);
          const applied = Number(row?.applied ?? 0);
          if (applied < journalEntries) {
            throw new DomainError("database_unavailable", "La base de datos no tiene todas las migraciones aplicadas.", { applied, expected: journalEntries });
          }
          return { json: { status: "ok", database: app.handle.kind, migrations: { applied, expected: journalEntries } } };
        } catch (error) {
          if (error instanceof DomainError) throw error;
          if (isDatabaseUnavailable(error) || app.handle.kind === "postgres") {
            throw new DomainError("database_unavailable", "La base de datos no responde.", { database: app.handle.kind });
          }
          throw error;
        }
      },
    }),
    route({
      method: "get", path: "/openapi.json", summary: "Descripción OpenAPI 3.1 de esta API", access: "public", query: noQuery,
      async handler() {
        return { json: buildOpenApi(routes()) };
      },
    }),
  ];
}
