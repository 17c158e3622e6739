import { count } from "drizzle-orm";
import { z } from "zod";
import { setupStatusSchema, signInSchema, userSchema } from "../../shared/api/schemas";
import { endSession } from "../auth/session-store";
import { signIn } from "../commands/signIn";
import { recordEvent } from "../db/queries/events";
import { users } from "../db/schema";
import { unauthenticated } from "../errors";
import { noQuery, route } from "./registry";

const sessionResponse = z.object({ user: userSchema });

export const sessionRoutes = [
  route({
    method: "post",
    path: "/session",
    summary: "Iniciar sesión con correo y contraseña",
    access: "public",
    query: noQuery,
    body: signInSchema,
    response: sessionResponse,
    async handler({ req, app, body }) {
      const user = await signIn(app.db, body.email, body.password, req.ip ?? "desconocida");
      // A new session id at sign-in, so a fixated cookie is worthless.
      await new Promise<void>((resolve, reject) => req.session.regenerate((error) => (error ? reject(error) : resolve())));
      req.session.userId = user.id;
      req.session.signedInAt = Date.now();
      return { status: 200, json: { user } };
    },
  }),
  route({
    method: "get",
    path: "/session",
    summary: "Quién soy",
    access: "public",
    query: noQuery,
    response: sessionResponse,
    async handler({ user }) {
      if (!user) throw unauthenticated();
      return { json: { user } };
    },
  }),
  route({
    method: "delete",
    path: "/session",
    summary: "Cerrar sesión",
    access: "public",
    query: noQuery,
    async handler({ req, res, app, user }) {
      if (user) {
        await app.db.transaction(async (tx) => {
          await endSession(tx, req.sessionID);
          await recordEvent(tx, { bulletinId: null, actorId: user.id, action: "sign_out", detail: { address: req.ip ?? null } });
        });
      }
      await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
      res.clearCookie("redacta.sid");
      return { status: 204 };
    },
  }),
  route({
    method: "get",
    path: "/setup",
    summary: "Si ya existe alguna cuenta (la página de entrada avisa cuando aún no hay ninguna)",
    access: "public",
    query: noQuery,
    response: setupStatusSchema,
    async handler({ app }) {
      const [row] = await app.db.select({ total: count() }).from(users);
      return { json: { accountsExist: Number(row?.total ?? 0) > 0 } };
    },
  }),
];
