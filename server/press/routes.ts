import { readFileSync } from "node:fs";
import express, { type NextFunction, type Request, type Response } from "express";
import { z } from "zod";
import { refusedCodePointMessage } from "../../shared/bulletin/storable-text";
import { admitPerCaller } from "../admission";
import { findPublicBulletin, listPublicBulletins } from "../db/queries/press";
import { loadOrganizationProfile } from "../db/queries/organization";
import { toHttpError } from "../errors";
import type { AppContext } from "../routes/registry";
import { publicFormats, renderPublicDownload } from "./download";
import { renderFeed } from "./feed";
import { bulletinPage, bulletinPath, downloadName, listPage, notFoundPage, problemPage } from "./pages";

const STYLESHEET = readFileSync(new URL("./press.css", import.meta.url));
/** An embargo that lifts shows within a minute: nothing public is kept longer than this. */
const PUBLIC_CACHE = "public, max-age=60";
const PAGE_SIZE = 20;
const FEED_SIZE = 50;

// Unknown parameters (a share's `utm_source`) are ignored; a repeated or unstorable one is refused.
const listQuerySchema = z.object({
  q: z
    .string({ error: "Escribe la búsqueda una sola vez, como texto." })
    .max(200, "La búsqueda es demasiado larga (200 caracteres como máximo).")
    .refine((text) => refusedCodePointMessage(text) === null, "La búsqueda lleva un carácter que no se puede buscar.")
    .transform((text) => text.trim())
    .optional(),
  pagina: z.coerce.number().int().min(1).max(100_000).optional(),
});
const numberParamsSchema = z.object({
  year: z.string().regex(/^\d{4}$/).transform(Number),
  seq: z.string().regex(/^[1-9]\d{0,5}$/).transform(Number),
});

class NotPublic extends Error {}

/**
 * The public press page, outside /api and without sessions: `/prensa` (list and search),
 * `/prensa/:year/:seq` (one bulletin), its downloads, `/prensa/feed.xml`. Everything it
 * shows passes `publiclyVisible` (server/policies/public-bulletin.ts). Server-rendered
 * HTML that needs no script; answers are cacheable for a minute, a 404 never.
 */
export function pressRouter(context: AppContext, options: { publicUrl?: string; sessionSecret: string }): express.Router {
  const router = express.Router();
  const { db } = context;
  const origin = (req: Request) => options.publicUrl?.replace(/\/+$/, "") ?? `${req.protocol}://${req.get("host")}`;
  const html = (res: Response, body: string) => res.status(200).setHeader("Cache-Control", PUBLIC_CACHE).type("html").send(body);

  // Public, but one caller's burst of downloads (rendered off-thread) still waits its turn.
  router.use("/prensa", admitPerCaller({ sessionCookie: "redacta.sid", secret: options.sessionSecret }));

  router.get("/prensa/estilo.css", (_req, res) => {
    res.setHeader("Cache-Control", "public, max-age=3600");
    res.type("css").send(STYLESHEET);
  });

  router.get("/prensa", async (req, res) => {
    const parsed = listQuerySchema.safeParse(req.query);
    if (!parsed.success) {
      const message = parsed.error.issues[0]?.path[0] === "q" ? parsed.error.issues[0].message : "Esa página de la lista no existe.";
      res.status(400).setHeader("Cache-Control", "no-store").type("html").send(problemPage(await loadOrganizationProfile(db), message));
      return;
    }
    const q = parsed.data.q ?? "";
    const page = parsed.data.pagina ?? 1;
    const [organization, found] = await Promise.all([
      loadOrganizationProfile(db),
      listPublicBulletins(db, { q: q || undefined, page, pageSize: PAGE_SIZE }),
    ]);
    // Past a capped count (more than 1,000 matches) the pages go on while there are bulletins.
    if (page > 1 && (found.capped ? found.items.length === 0 : (page - 1) * PAGE_SIZE >= found.total)) throw new NotPublic();
    html(res, listPage({ organization, q, page, pageSize: PAGE_SIZE, total: found.total, capped: found.capped, items: found.items }));
  });

  router.get("/prensa/feed.xml", async (req, res) => {
    const [organization, found] = await Promise.all([loadOrganizationProfile(db), listPublicBulletins(db, { page: 1, pageSize: FEED_SIZE })]);
    res
      .status(200)
      .setHeader("Cache-Control", PUBLIC_CACHE)
      .type("application/rss+xml; charset=utf-8")
      .send(renderFeed({ organization, origin: origin(req), items: found.items }));
  });

  router.get("/prensa/:year/:seq", async (req, res) => {
    const number = numberParamsSchema.safeParse(req.params);
    if (!number.success) throw new NotPublic();
    const [organization, bulletin] = await Promise.all([loadOrganizationProfile(db), findPublicBulletin(db, number.data.year, number.data.seq)]);
    if (!bulletin) throw new NotPublic();
    const downloadable = !bulletin.withdrawnAt && bulletin.revision === bulletin.approvedRevision;
    html(res, bulletinPage({ organization, bulletin, url: `${origin(req)}${bulletinPath(bulletin.number)}`, formats: downloadable ? publicFormats() : [] }));
  });

  router.get("/prensa/:year/:seq/:file", async (req, res) => {
    const number = numberParamsSchema.safeParse(req.params);
    if (!number.success) throw new NotPublic();
    const format = publicFormats().find((candidate) => req.params.file === downloadName(number.data, candidate));
    if (!format) throw new NotPublic();
    const bulletin = await findPublicBulletin(db, number.data.year, number.data.seq);
    const file = bulletin ? await renderPublicDownload(bulletin, format) : null;
    if (!file) throw new NotPublic();
    res.status(200).setHeader("Cache-Control", PUBLIC_CACHE).attachment(file.filename).type(file.contentType).send(file.body);
  });

  // Anything else under /prensa is not public either.
  router.use("/prensa", () => {
    throw new NotPublic();
  });

  router.use(async (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const organization = await loadOrganizationProfile(db).catch(() => null);
    if (!organization) return next(error);
    res.setHeader("Cache-Control", "no-store");
    if (error instanceof NotPublic) {
      res.status(404).type("html").send(notFoundPage(organization));
      return;
    }
    const { status, body } = toHttpError(error);
    if (status >= 500 && body.error.code !== "database_unavailable") console.error("/prensa:", error);
    res.status(status).type("html").send(problemPage(organization, body.error.message));
  });
  return router;
}
