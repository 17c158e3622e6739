import { eventSchema, listOf, pageQuerySchema } from "../../shared/api/schemas";
import { rolesFor } from "../../shared/policies/office";
import { listOfficeEvents } from "../db/queries/events";
import { route } from "./registry";

export const activityRoutes = [
  route({
    method: "get", path: "/events", summary: "Actividad de la oficina: usuarios, sesiones, perfil, plantillas y numeración (lo más reciente primero)",
    access: rolesFor("audit.read"), query: pageQuerySchema, response: listOf(eventSchema),
    async handler({ app, query }) {
      return { json: await listOfficeEvents(app.db, query) };
    },
  }),
];
