import { and, eq, ne } from "drizzle-orm";
import express, { type Request, type Response, type Router } from "express";
import { loadOrganizationProfile } from "./db/queries/organization";
import { contacts } from "./db/schema";
import type { AppContext } from "./routes/registry";

/** Where the unsubscribe pages live, outside /api: a public form, no session and no Origin check. */
export const UNSUBSCRIBE_PATH = "/baja";

/**
 * The link each distribution e-mail carries (in its text and in `List-Unsubscribe`):
 * `https://redacta.example.mx/baja/<token>`. RFC 8058 one-click POSTs to the same address.
 */
export function unsubscribeUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, "")}${UNSUBSCRIBE_PATH}/${encodeURIComponent(token)}`;
}

const TOKEN = /^[A-Za-z0-9_-]{16,100}$/;

/**
 * `GET /baja/:token` asks (a link scanner following it changes nothing); `POST` unsubscribes,
 * whether from the page's button or a mail client's one-click (`List-Unsubscribe=One-Click`).
 * Posting again changes nothing and says the same. Works without JavaScript.
 */
export function unsubscribeRouter(context: AppContext): Router {
  const router = express.Router();
  router.use((_req, res, next) => {
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("Referrer-Policy", "no-referrer");
    next();
  });
  router.get("/:token", async (req: Request, res: Response) => {
    await answer(context, req, res, async (contact, organization) => {
      if (contact.status === "unsubscribed") return page("Ya no recibes los boletines", `<h1>Ya no recibes los boletines</h1><p>Este correo (${escapeHtml(contact.email)}) ya está dado de baja: no recibirá más boletines de ${escapeHtml(organization)}.</p>`);
      return page(
        "Dejar de recibir los boletines",
        `<h1>¿Dejar de recibir los boletines de ${escapeHtml(organization)}?</h1>
<p>Se dará de baja el correo <strong>${escapeHtml(contact.email)}</strong> de todas sus listas de distribución.</p>
<form method="post" action="${UNSUBSCRIBE_PATH}/${encodeURIComponent(String(req.params.token))}">
<button type="submit">Dejar de recibirlos</button>
</form>`,
      );
    });
  });
  router.post("/:token", async (req: Request, res: Response) => {
    await answer(context, req, res, async (contact, organization) => {
      // One statement, its own transaction: posting twice (or two at once) leaves the first instant recorded.
      const now = new Date();
      await context.db
        .update(contacts)
        .set({ status: "unsubscribed", statusChangedAt: now, updatedAt: now })
        .where(and(eq(contacts.id, contact.id), ne(contacts.status, "unsubscribed")));
      return page("Baja confirmada", `<h1>Listo: ya no recibirás los boletines</h1><p>El correo ${escapeHtml(contact.email)} quedó dado de baja de los boletines de ${escapeHtml(organization)}.</p>`);
    });
  });
  return router;
}

async function answer(
  context: AppContext,
  req: Request,
  res: Response,
  respond: (contact: typeof contacts.$inferSelect, organization: string) => Promise<string>,
): Promise<void> {
  try {
    const token = String(req.params.token ?? "");
    const [contact] = TOKEN.test(token) ? await context.db.select().from(contacts).where(eq(contacts.unsubscribeToken, token)) : [];
    if (!contact) {
      res.status(404).type("html").send(page("Enlace no válido", "<h1>Este enlace no es válido</h1><p>No encontramos ninguna suscripción con este enlace. Revisa que esté completo, tal como llegó en el correo.</p>"));
      return;
    }
    const organization = (await loadOrganizationProfile(context.db)).name;
    res.status(200).type("html").send(await respond(contact, organization));
  } catch {
    res.status(503).type("html").send(page("No disponible", "<h1>No pudimos atender tu solicitud</h1><p>Intenta de nuevo en unos minutos.</p>"));
  }
}

/** A small page of its own (no client scripts), in Spanish. */
function page(title: string, content: string): string {
  return `<!doctype html>
<html lang="es-MX">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1f2933;line-height:1.5}h1{font-size:1.4rem}button{font:inherit;padding:.5rem 1rem;border-radius:4px;border:1px solid #7a1f2b;background:#7a1f2b;color:#fff;cursor:pointer}button:focus{outline:3px solid #f0b429;outline-offset:2px}</style>
</head>
<body><main>${content}</main></body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[character]!);
}
