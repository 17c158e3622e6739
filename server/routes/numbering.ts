import { z } from "zod";
import { numberingParamsSchema, numberingYearSchema, setNextNumberSchema } from "../../shared/api/schemas";
import { listNumbering, setNextNumber } from "../commands/setNextNumber";
import { rolesFor } from "../../shared/policies/office";
import { noQuery, route } from "./registry";

const MANAGE = rolesFor("numbering.manage");

export const numberingRoutes = [
  route({
    method: "get", path: "/numbering", summary: "Numeración por año: último número dado y el siguiente", access: MANAGE, query: noQuery,
    response: z.object({ items: z.array(numberingYearSchema) }),
    async handler({ app }) {
      return { json: { items: await listNumbering(app.db) } };
    },
  }),
  route({
    method: "put", path: "/numbering/:year", summary: "Fijar el siguiente número de un año (solo hacia adelante)", access: MANAGE,
    params: numberingParamsSchema, query: noQuery, body: setNextNumberSchema, response: numberingYearSchema,
    async handler({ app, params, body, user }) {
      return { json: await setNextNumber(app.db, user!, params.year, body.nextSeq) };
    },
  }),
];
