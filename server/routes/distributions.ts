import { z } from "zod";
import { distributionParams, distributionSchema, newDistributionSchema } from "../../shared/api/distributions";
import { listOf } from "../../shared/api/schemas";
import { rolesFor } from "../../shared/policies/office";
import { cancelDistribution, createDistribution, listDistributions, resendFailed, retractBulletin } from "../commands/distribute";
import { findBulletin } from "../db/queries/bulletins";
import { presentBulletin } from "../presenters/bulletin";
import { bulletinResourceSchema } from "../../shared/api/schemas";
import { idParams, noQuery, route } from "./registry";

/** Sending a bulletin to media lists, and its delivery log (issue 11). */
export const distributionRoutes = [
  route({
    method: "get", path: "/bulletins/:id/distributions", summary: "Los envíos del boletín a listas de medios, con cada destinatario y su estado", access: "signed_in",
    params: idParams, query: noQuery, response: listOf(distributionSchema),
    async handler({ app, user, params }) {
      const items = await listDistributions(app.db, user!, params.id);
      return { json: { items, total: items.length } };
    },
  }),
  route({
    method: "post", path: "/bulletins/:id/distributions", summary: "Distribuir la revisión aprobada a listas de medios, ahora o a una hora, con embargo", access: rolesFor("bulletins.distribute"),
    params: idParams, query: noQuery, body: newDistributionSchema, response: distributionSchema,
    async handler({ app, user, params, body }) {
      const distributionId = await createDistribution(app.db, user!, params.id, body);
      const created = (await listDistributions(app.db, user!, params.id)).find((item) => item.id === distributionId)!;
      return { status: 201, json: created };
    },
  }),
  route({
    method: "post", path: "/bulletins/:id/distributions/:distributionId/cancel", summary: "Cancelar un envío programado que aún no empieza", access: rolesFor("bulletins.distribute"),
    params: distributionParams, query: noQuery, response: distributionSchema,
    async handler({ app, user, params }) {
      await cancelDistribution(app.db, user!, params.id, params.distributionId);
      return { json: (await listDistributions(app.db, user!, params.id)).find((item) => item.id === params.distributionId)! };
    },
  }),
  route({
    method: "post", path: "/bulletins/:id/distributions/:distributionId/resend-failed", summary: "Reenviar a los destinatarios fallidos", access: rolesFor("bulletins.distribute"),
    params: distributionParams, query: noQuery, response: z.object({ resent: z.number().int(), distribution: distributionSchema }),
    async handler({ app, user, params }) {
      const resent = await resendFailed(app.db, user!, params.id, params.distributionId);
      return { json: { resent, distribution: (await listDistributions(app.db, user!, params.id)).find((item) => item.id === params.distributionId)! } };
    },
  }),
  route({
    method: "post", path: "/bulletins/:id/retraction", summary: "Retirar un boletín publicado: conserva su número, la página pública lo dice y se avisa a quienes lo recibieron", access: rolesFor("bulletins.distribute"),
    params: idParams, query: noQuery, body: z.strictObject({ note: z.string().trim().min(1, "Escribe por qué se retira.").max(2000) }), response: bulletinResourceSchema,
    async handler({ app, user, params, body }) {
      await retractBulletin(app.db, user!, params.id, body.note);
      return { json: await presentBulletin(app.db, (await findBulletin(app.db, params.id))!, user!, app.glossary) };
    },
  }),
];
