import { z } from "zod";
import { errorBodySchema } from "../shared/api/schemas";
import type { RouteSpec } from "./routes/registry";

function jsonSchema(schema: z.ZodType, io: "input" | "output") {
  return z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" });
}

/** OpenAPI 3.1 generated from the same zod schemas the routes validate with. */
export function buildOpenApi(routes: RouteSpec[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of routes) {
    const openApiPath = `/api${spec.path.replace(/:([a-z]+)/gi, "{$1}")}`;
    const parameters: unknown[] = [];
    for (const [location, schema] of [["path", spec.params], ["query", spec.query]] as const) {
      if (!schema) continue;
      const properties = (jsonSchema(schema, "input") as { properties?: Record<string, unknown>; required?: string[] });
      for (const [name, property] of Object.entries(properties.properties ?? {})) {
        parameters.push({ name, in: location, required: location === "path" || (properties.required ?? []).includes(name), schema: property });
      }
    }
    for (const header of spec.headers ?? []) parameters.push({ name: header, in: "header", required: true, schema: { type: "string" } });
    paths[openApiPath] ??= {};
    paths[openApiPath]![spec.method] = {
      summary: spec.summary,
      ...(spec.access === "public" ? { security: [] } : {}),
      ...(Array.isArray(spec.access) ? { description: `Solo para: ${spec.access.join(", ")}.` } : {}),
      parameters,
      ...(spec.body ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(spec.body, "input") } } } } : {}),
      responses: {
        "200": spec.response
          ? { description: "OK", content: { "application/json": { schema: jsonSchema(spec.response, "output") } } }
          : { description: "OK" },
        default: { description: "Error", content: { "application/json": { schema: jsonSchema(errorBodySchema, "output") } } },
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: { title: "Redacta API", version: "1.0.0", description: "Flujo editorial de boletines de prensa." },
    components: { securitySchemes: { session: { type: "apiKey", in: "cookie", name: "redacta.sid" } } },
    security: [{ session: [] }],
    paths,
  };
}
