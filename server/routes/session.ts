import type { Request, Response } from "express";
import { count } from "drizzle-orm";
import { z } from "zod";
import { changePasswordSchema, setupStatusSchema, signInSchema, userSchema } from "../../shared/api/schemas";
import { changeOwnPassword } from "../commands/updateUser";
import { forgetSession } from "../auth/session-cache";
import { endSession } from "../auth/session-store";
import { DEVICE_LIFETIME_MS } from "../auth/throttle";
import { hashPassword, signIn, signInFromBrowser } from "../commands/signIn";
import { recordEvent } from "../db/queries/events";
import { users } from "../db/schema";
import { unauthenticated } from "../errors";
import { noQuery, route } from "./registry";

const sessionResponse = z.object({ user: userSchema });

/** The cookie of a browser that signed in before (see signInFromBrowser); only the sign-in route reads it. */
export const DEVICE_COOKIE = "redacta.device";
const DEVICE_COOKIE_PATH = "/api/session";

/** The value of the `redacta.device` cookie the request carries, if any. */
function presentedDeviceToken(req: Request): string | null {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const separator = part.indexOf("=");
    if (separator > 0 && part.slice(0, separator).trim() === DEVICE_COOKIE) return part.slice(separator + 1).trim();
  }
  return null;
}

/**
 * Sets the device cookie: HttpOnly, SameSite=Lax, 90 days, Secure like the session
 * cookie. express-session adds its own Set-Cookie only as the headers go out, after
 * this one; the session cookie is kept first, so a client that reads one cookie
 * (scripts, the tests' clients) still reads the session.
 */
function setDeviceCookie(res: Response, token: string, secure: boolean): void {
  res.cookie(DEVICE_COOKIE, token, { httpOnly: true, sameSite: "lax", secure, maxAge: DEVICE_LIFETIME_MS, path: DEVICE_COOKIE_PATH });
  const setHeader = res.setHeader.bind(res);
  res.setHeader = ((name: string, value: number | string | readonly string[]) => {
    if (name.toLowerCase() === "set-cookie" && Array.isArray(value)) {
      const isDevice = (cookie: string) => cookie.startsWith(`${DEVICE_COOKIE}=`);
      value = [...value.filter((cookie) => !isDevice(cookie)), ...value.filter(isDevice)];
    }
    return setHeader(name, value);
  }) as Response["setHeader"];
}

export const sessionRoutes = [
  route({
    method: "put",
    path: "/session/password",
    summary: "Cambiar mi contraseña (con la actual)",
    access: "signed_in",
    query: noQuery,
    body: changePasswordSchema,
    response: sessionResponse,
    async handler({ req, app, body, user }) {
      return { json: { user: await changeOwnPassword(app.db, user!, body.currentPassword, body.newPassword, req.sessionID) } };
    },
  }),
  route({
    method: "post",
    path: "/session",
    summary: "Iniciar sesión con correo y contraseña",
    access: "public",
    query: noQuery,
    body: signInSchema,
    response: sessionResponse,
    async handler({ req, res, app, body }) {
      const address = req.ip ?? "desconocida";
      const presented = presentedDeviceToken(req);
      // Secure exactly when the session cookie is (production); never set where that one would not be (plain HTTP in production).
      const secure = req.session.cookie.secure === true;
      const canTrust = !secure || req.secure;
      let user;
      if (canTrust) {
        const signedIn = await signInFromBrowser(app.db, body.email, body.password, address, presented);
        setDeviceCookie(res, signedIn.deviceToken, secure);
        user = signedIn.user;
      } else {
        user = await signIn(app.db, body.email, body.password, address, presented);
      }
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
        // Committed: no request of this process may find the session kept (server/auth/session-cache.ts).
        forgetSession(req.sessionID);
      }
      await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
      // The device cookie stays: it is not a session, and it keeps this browser's own sign-in budget.
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
