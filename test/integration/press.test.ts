import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq, sql } from "drizzle-orm";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../shared/api/schemas";
import { bodyFromParagraphs } from "../../shared/bulletin/body-schema";
import type { Bulletin } from "../../shared/bulletin/schema";
import { createApp } from "../../server/app";
import { hashContent } from "../../server/bulletin-hash";
import type { Database } from "../../server/db/client";
import { searchColumns, type BulletinRow } from "../../server/db/queries/bulletins";
import { loadOrganizationProfile } from "../../server/db/queries/organization";
import { bulletinCorrections, bulletins, revisions } from "../../server/db/schema";
import { readDocx } from "../docx/docx-read";
import { publicFormats } from "../../server/press/download";
import { loadGlossary } from "../../server/templates/load";
import { startTestServer, type TestServer } from "../server-harness";
import { ADMIN, AUTHOR, REVIEWER, act, makeApproved, readyContent, userByEmail } from "./fixtures";

let server: TestServer;
let db: Database;
let author: User;
let reviewer: User;
let admin: User;

beforeAll(async () => {
  server = await startTestServer();
  db = server.handle.db;
  author = await userByEmail(db, AUTHOR);
  reviewer = await userByEmail(db, REVIEWER);
  admin = await userByEmail(db, ADMIN);
});

afterAll(async () => {
  await server?.close();
});

/** A bulletin written, approved and published through the commands. */
async function publish(content: Bulletin = readyContent()): Promise<BulletinRow> {
  const approved = await makeApproved(db, author, reviewer, content);
  return act(db, reviewer, approved.id, "publish");
}

async function get(path: string) {
  const response = await fetch(`${server.url}${path}`);
  const type = response.headers.get("content-type") ?? "";
  const body = /^(text\/|application\/rss\+xml)/.test(type) ? await response.text() : Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, text: typeof body === "string" ? body : "", bytes: body };
}

function pathOf(row: BulletinRow): string {
  return `/prensa/${row.numberYear}/${row.numberSeq}`;
}

function metaContent(html: string, property: string): string | undefined {
  const match = new RegExp(`<meta property="${property}" content="([^"]*)">`).exec(html);
  return match?.[1]?.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

function jsonLd(html: string): Record<string, any> {
  const match = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html);
  if (!match) throw new Error("no JSON-LD");
  return JSON.parse(match[1]!);
}

const parser = new XMLParser({ ignoreAttributes: false });
function feedItems(xml: string): Record<string, any>[] {
  expect(XMLValidator.validate(xml)).toBe(true);
  const item = parser.parse(xml).rss.channel.item;
  return item === undefined ? [] : Array.isArray(item) ? item : [item];
}

describe("the public press page", () => {
  it("publishing records the published revision and when, and the list shows the bulletin first, without signing in", async () => {
    const row = await publish(readyContent({ title: "Abre el Seguro Social la primera clínica de lactancia en Iztapalapa" }));
    expect(row.publishedRevision).toBe(row.approvedRevision);
    expect(row.publishedAt).toBeInstanceOf(Date);

    const list = await get("/prensa");
    expect(list.status).toBe(200);
    expect(list.headers.get("content-type")).toMatch(/^text\/html/);
    expect(list.headers.get("cache-control")).toBe("public, max-age=60");
    expect(list.headers.get("set-cookie")).toBeNull();
    const organization = await loadOrganizationProfile(db);
    expect(list.text).toContain(organization.name);
    expect(list.text).toContain("Boletines de prensa");
    expect(list.text).toContain(`href="${pathOf(row)}"`);
    // Newest first: before the seeded archive (No. 493/2024 among them).
    expect(list.text.indexOf("primera clínica de lactancia")).toBeGreaterThan(-1);
    expect(list.text.indexOf("primera clínica de lactancia")).toBeLessThan(list.text.indexOf('href="/prensa/2024/493"'));
  });

  it("a bulletin's page shows it as it prints: letterhead, label, date line, number, headline, highlights, marked body, lists, closing mark, links", async () => {
    const content = readyContent({
      title: "Presenta el IMSS su programa de vacunación de invierno",
      highlights: ["Se aplicarán 12 millones de dosis.", "Habrá módulos en 1,500 unidades."],
      body: {
        type: "doc",
        content: [
          { type: "paragraph", content: [{ type: "text", text: "El director " }, { type: "text", text: "anunció", marks: [{ type: "bold" }] }, { type: "text", text: " la campaña ", marks: [{ type: "italic" }] }, { type: "text", text: "en línea", marks: [{ type: "link", attrs: { href: "https://imss.gob.mx/vacunas" } }] }, { type: "text", text: "." }] },
          { type: "bulletList", content: [{ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "Influenza estacional" }] }] }] },
        ],
      },
      photoLinks: ["https://imss.gob.mx/fotos/vacunas"],
      videoLinks: ["https://imss.gob.mx/video/vacunas"],
    });
    const row = await publish(content);
    const page = await get(pathOf(row));
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("public, max-age=60");
    const organization = row.approvedProfile!;
    for (const line of [organization.name, organization.unit, organization.label, organization.closingMark, organization.photoLinksLabel, organization.videoLinksLabel]) {
      expect(page.text, line).toContain(line);
    }
    expect(page.text).toContain(`No. ${row.numberSeq}/${row.numberYear}.`);
    expect(page.text).toMatch(/<p class="date-line">Ciudad de México, (lunes|martes|miércoles|jueves|viernes|sábado|domingo) \d{1,2} de [a-z]+ de \d{4}\.<\/p>/);
    expect(page.text).toContain('<h1 class="headline">Presenta el IMSS su programa de vacunación de invierno</h1>');
    expect(page.text).toContain("<li><strong>Se aplicarán 12 millones de dosis.</strong></li>");
    expect(page.text).toContain("<strong>anunció</strong>");
    expect(page.text).toContain("<em> la campaña </em>");
    expect(page.text).toContain('<a href="https://imss.gob.mx/vacunas" rel="noopener">en línea</a>');
    expect(page.text).toContain("<ul><li><p>Influenza estacional</p></li></ul>");
    expect(page.text).toContain('<a href="https://imss.gob.mx/fotos/vacunas" rel="noopener">https://imss.gob.mx/fotos/vacunas</a>');
    expect(page.text).toContain('<a href="https://imss.gob.mx/video/vacunas" rel="noopener">');
    // No script runs on the page: the CSP of the app holds (scripts from the site only) and the page has none.
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(page.text).not.toMatch(/<script(?! type="application\/ld\+json")/);
  });

  it("Open Graph tags and the NewsArticle JSON-LD describe the bulletin", async () => {
    const row = await publish(readyContent({ title: "Inaugura el IMSS un hospital en Tapachula", highlights: ["Tendrá 144 camas y «quirófanos» nuevos."] }));
    const page = await get(pathOf(row));
    const url = `${server.url}${pathOf(row)}`;
    expect(metaContent(page.text, "og:title")).toBe("Inaugura el IMSS un hospital en Tapachula");
    expect(metaContent(page.text, "og:description")).toBe("Tendrá 144 camas y «quirófanos» nuevos.");
    expect(metaContent(page.text, "og:type")).toBe("article");
    expect(metaContent(page.text, "og:url")).toBe(url);
    const article = jsonLd(page.text);
    const organization = await loadOrganizationProfile(db);
    expect(article).toMatchObject({
      "@context": "https://schema.org",
      "@type": "NewsArticle",
      headline: "Inaugura el IMSS un hospital en Tapachula",
      identifier: `No. ${row.numberSeq}/${row.numberYear}.`,
      datePublished: row.publishedAt!.toISOString(),
      dateModified: row.publishedAt!.toISOString(),
      publisher: { "@type": "Organization", name: organization.name },
      url,
    });
  });

  it("hostile text in the headline and highlights stays text, in the HTML, the tags, the JSON-LD and the feed", async () => {
    const title = `Alerta </script><script>alert("x")</script> & <b>negrita</b>`;
    const row = await publish(readyContent({ title, highlights: [`"><img src=x onerror=alert(1)> y 'comillas'`] }));
    const page = await get(pathOf(row));
    expect(page.status).toBe(200);
    expect(page.text).not.toContain("<script>alert");
    expect(page.text).not.toContain("<img src=x");
    expect(page.text).not.toContain("<b>negrita");
    expect(page.text).toContain("Alerta &lt;/script&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;negrita&lt;/b&gt;");
    expect(metaContent(page.text, "og:title")).toBe(title);
    expect(metaContent(page.text, "og:description")).toBe(`"><img src=x onerror=alert(1)> y 'comillas'`);
    expect(jsonLd(page.text).headline).toBe(title);
    // The only <script> elements are the JSON-LD one: nothing in the text closed it.
    expect(page.text.match(/<script/g)).toHaveLength(1);

    const list = await get("/prensa");
    expect(list.text).not.toContain("<script>alert");
    expect(list.text).toContain("&lt;script&gt;alert(&quot;x&quot;)");

    const feed = await get("/prensa/feed.xml");
    const item = feedItems(feed.text).find((entry) => String(entry.link).endsWith(pathOf(row)));
    expect(item?.title).toBe(`No. ${row.numberSeq}/${row.numberYear}. ${title}`);
  });

  it("search finds what the archive search finds (accents folded, stemmed), only among public bulletins", async () => {
    const draftOnly = await makeApproved(db, author, reviewer, readyContent({ title: "Aprueba el consejo un presupuesto de cardiología aún no publicado" }));
    const found = await get(`/prensa?q=${encodeURIComponent("Zoe Robledo")}`);
    expect(found.status).toBe(200);
    expect(found.text).toContain('href="/prensa/2024/493"');
    expect(found.text).toMatch(/boletines? encontrados? para «Zoe Robledo»/);
    expect(found.text).toContain("<mark>");
    expect(found.text).toContain('value="Zoe Robledo"');

    const approvedOnly = await get(`/prensa?q=${encodeURIComponent("cardiología presupuesto")}`);
    expect(approvedOnly.text).not.toContain(pathOf(draftOnly));
    expect(approvedOnly.text).toContain("Ningún boletín publicado dice eso");

    const tooLong = await get(`/prensa?q=${"a".repeat(201)}`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.text).toContain("La búsqueda es demasiado larga");
    expect(tooLong.headers.get("cache-control")).toBe("no-store");
    const nul = await get("/prensa?q=a%00b");
    expect(nul.status).toBe(400);
    expect(nul.text).toContain("La búsqueda lleva un carácter que no se puede buscar.");
    const twice = await get("/prensa?q=a&q=b");
    expect(twice.status).toBe(400);
    expect(twice.text).toContain("Escribe la búsqueda una sola vez, como texto.");
    // Parameters a shared link picks up on the way are ignored.
    expect((await get("/prensa?utm_source=twitter")).status).toBe(200);
  });

  it("what is not public answers a Spanish 404 that no one caches", async () => {
    const approved = await makeApproved(db, author, reviewer);
    for (const path of [pathOf(approved), "/prensa/2024/99999", "/prensa/abcd/1", "/prensa/2024/0", "/prensa/2024/493/otro.docx", "/prensa/nada", `${pathOf(approved)}/boletin-${approved.numberSeq}-${approved.numberYear}.docx`]) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get("cache-control"), path).toBe("no-store");
      expect(response.text, path).toContain("No encontramos ese boletín");
    }
    expect((await get("/prensa")).text).not.toContain(`href="${pathOf(approved)}"`);
    expect((await get("/prensa/feed.xml")).text).not.toContain(pathOf(approved));
  });

  it("the DOCX download is the approved revision's final export; the PDF is offered once the exports know it", async () => {
    const row = await publish(readyContent({ title: "Firma el IMSS un convenio con universidades públicas" }));
    const page = await get(pathOf(row));
    const docxPath = `${pathOf(row)}/boletin-${row.numberSeq}-${row.numberYear}.docx`;
    expect(page.text).toContain(`href="${docxPath}"`);
    const pdfPath = `${pathOf(row)}/boletin-${row.numberSeq}-${row.numberYear}.pdf`;
    expect(page.text.includes(`href="${pdfPath}"`)).toBe(publicFormats().includes("pdf"));

    const docx = await get(docxPath);
    expect(docx.status).toBe(200);
    expect(docx.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(docx.headers.get("content-disposition")).toContain(`boletin-${row.numberSeq}-${row.numberYear}.docx`);
    expect(docx.headers.get("cache-control")).toBe("public, max-age=60");
    const read = await readDocx(docx.bytes as Buffer);
    expect(read.paragraphs.map((paragraph) => paragraph.text)).toContain("Firma el IMSS un convenio con universidades públicas");
    expect(read.properties).toMatchObject({ Revision: String(row.approvedRevision), ApprovalHash: row.approvedHash });
    expect(read.headerText).not.toContain("BORRADOR");

    const pdf = await get(pdfPath);
    expect(pdf.status).toBe(publicFormats().includes("pdf") ? 200 : 404);
  });

  it("an embargoed bulletin is nowhere (list, page, download, feed) until its embargo lifts, then everywhere", async () => {
    const row = await publish(readyContent({ title: "Anuncia el IMSS resultados del censo de enfermería" }));
    await db.update(bulletins).set({ embargoUntil: sql`now() + interval '2 seconds'` }).where(eq(bulletins.id, row.id));
    const docxPath = `${pathOf(row)}/boletin-${row.numberSeq}-${row.numberYear}.docx`;
    const everywhere = async () => ({
      list: (await get("/prensa")).text.includes(`href="${pathOf(row)}"`),
      search: (await get(`/prensa?q=${encodeURIComponent("censo de enfermería")}`)).text.includes(`href="${pathOf(row)}"`),
      page: (await get(pathOf(row))).status,
      download: (await get(docxPath)).status,
      feed: (await get("/prensa/feed.xml")).text.includes(pathOf(row)),
    });
    expect(await everywhere()).toEqual({ list: false, search: false, page: 404, download: 404, feed: false });
    const [{ until }] = await db.select({ until: bulletins.embargoUntil }).from(bulletins).where(eq(bulletins.id, row.id)) as [{ until: Date }];
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, until.getTime() - Date.now()) + 300));
    expect(await everywhere()).toEqual({ list: true, search: true, page: 200, download: 200, feed: true });
  });

  it("a withdrawn bulletin keeps its number: its page says so with the note, without text or downloads; list and feed mark it", async () => {
    const row = await publish(readyContent({ title: "Informa el IMSS de un dato que resultó equivocado", highlights: ["Cifra preliminar de afiliación."] }));
    await db.update(bulletins).set({ withdrawnAt: new Date("2026-03-04T18:00:00Z"), withdrawnBy: admin.id, withdrawalNote: "Se retiró por un error en las cifras <b>de afiliación</b>." }).where(eq(bulletins.id, row.id));
    const page = await get(pathOf(row));
    expect(page.status).toBe(200);
    expect(page.text).toContain("Boletín retirado el 4 de marzo de 2026");
    expect(page.text).toContain("Se retiró por un error en las cifras &lt;b&gt;de afiliación&lt;/b&gt;.");
    expect(page.text).toContain(`No. ${row.numberSeq}/${row.numberYear}.`);
    expect(page.text).not.toContain("dato que resultó equivocado");
    expect(page.text).not.toContain("Cifra preliminar");
    expect(page.text).not.toContain(".docx");
    expect((await get(`${pathOf(row)}/boletin-${row.numberSeq}-${row.numberYear}.docx`)).status).toBe(404);

    const list = await get("/prensa");
    const entry = list.text.slice(list.text.indexOf(`href="${pathOf(row)}"`) - 200, list.text.indexOf(`href="${pathOf(row)}"`) + 200);
    expect(entry).toContain("Retirado");
    expect(list.text).not.toContain("dato que resultó equivocado");
    // Searching its old words does not find it (that would tell what it said); its number does.
    const byWords = await get(`/prensa?q=${encodeURIComponent("Cifra preliminar de afiliación")}`);
    expect(byWords.text).not.toContain(`href="${pathOf(row)}"`);
    expect(byWords.text).toContain("Ningún boletín publicado dice eso");
    const byNumber = await get(`/prensa?q=${encodeURIComponent(`${row.numberSeq}/${row.numberYear}`)}`);
    expect(byNumber.text).toContain(`href="${pathOf(row)}"`);

    const feed = await get("/prensa/feed.xml");
    const item = feedItems(feed.text).find((candidate) => String(candidate.link).endsWith(pathOf(row)));
    expect(item?.title).toBe(`No. ${row.numberSeq}/${row.numberYear}. Boletín retirado`);
    expect(item?.description).toContain("Boletín retirado el 4 de marzo de 2026");
    expect(item?.["content:encoded"]).toBeUndefined();
    expect(feed.text).not.toContain("dato que resultó equivocado");
  });

  it("the page shows exactly the published revision, with each correction as a dated note under it", async () => {
    const row = await publish(readyContent({ title: "Entrega el IMSS 300 ambulancias nuevas" }));
    // A correction under way: the current text moved on, the published revision did not.
    const draftText = readyContent({ title: "Entrega el IMSS 310 ambulancias nuevas (en corrección)" });
    await db.insert(revisions).values({ bulletinId: row.id, version: row.version + 1, content: draftText, hash: hashContent(draftText), authorId: author.id, status: "published" });
    // `Corregir` takes it back into the workflow as a draft; the public keeps the published revision meanwhile.
    await db.update(bulletins).set({ status: "draft", content: draftText, version: row.version + 1, correctionNote: "Son 310.", ...searchColumns(draftText) }).where(eq(bulletins.id, row.id));
    await db.insert(bulletinCorrections).values([
      { bulletinId: row.id, revision: row.approvedRevision!, previousRevision: row.approvedRevision!, note: "Se corrigió el nombre del director.", correctedBy: admin.id, correctedAt: new Date("2026-05-10T17:00:00Z") },
      { bulletinId: row.id, revision: row.approvedRevision!, previousRevision: row.approvedRevision!, note: "Se añadió el enlace de fotos.", correctedBy: admin.id, correctedAt: new Date("2026-05-12T17:00:00Z") },
    ]);
    const page = await get(pathOf(row));
    expect(page.text).toContain("Entrega el IMSS 300 ambulancias nuevas");
    expect(page.text).not.toContain("310 ambulancias");
    const first = page.text.indexOf("Corrección del 10 de mayo de 2026: Se corrigió el nombre del director.");
    const second = page.text.indexOf("Corrección del 12 de mayo de 2026: Se añadió el enlace de fotos.");
    expect(first).toBeGreaterThan(page.text.indexOf("Entrega el IMSS 300 ambulancias"));
    expect(second).toBeGreaterThan(first);
    expect(jsonLd(page.text).dateModified).toBe("2026-05-12T17:00:00.000Z");
    // The list and the feed have the published text too, and a search snippet never quotes the draft.
    expect((await get("/prensa")).text).not.toContain("310 ambulancias");
    expect((await get("/prensa/feed.xml")).text).not.toContain("310 ambulancias");
    expect((await get(`/prensa?q=${encodeURIComponent("310 ambulancias")}`)).text).not.toContain("310 ambulancias</mark>");
    // Its download is still the published (approved) revision's.
    const docx = await get(`${pathOf(row)}/boletin-${row.numberSeq}-${row.numberYear}.docx`);
    expect(docx.status).toBe(200);
    expect((await readDocx(docx.bytes as Buffer)).paragraphs.map((paragraph) => paragraph.text)).toContain("Entrega el IMSS 300 ambulancias nuevas");
  });

  it("with PUBLIC_URL configured, og:url, the JSON-LD and the feed's links use it, whatever Host the request names", async () => {
    const row = await publish(readyContent({ title: "Presenta el IMSS su informe anual" }));
    const app = createApp({ db, handle: server.handle, glossary: loadGlossary() }, { sessionSecret: "secreto-de-prueba", publicUrl: "https://prensa.example.mx/" });
    const behindProxy = http.createServer(app);
    await new Promise<void>((resolve) => behindProxy.listen(0, "127.0.0.1", resolve));
    try {
      const base = `http://127.0.0.1:${(behindProxy.address() as AddressInfo).port}`;
      const page = await (await fetch(`${base}${pathOf(row)}`, { headers: { Host: "otro.example" } })).text();
      expect(metaContent(page, "og:url")).toBe(`https://prensa.example.mx${pathOf(row)}`);
      expect(jsonLd(page).url).toBe(`https://prensa.example.mx${pathOf(row)}`);
      const feed = await (await fetch(`${base}/prensa/feed.xml`)).text();
      expect(feedItems(feed)[0]!.link).toBe(`https://prensa.example.mx${pathOf(row)}`);
    } finally {
      await new Promise((resolve) => behindProxy.close(resolve));
    }
  });

  it("a bulletin published before published_revision existed shows its approved revision", async () => {
    const row = await publish(readyContent({ title: "Celebra el IMSS 80 años de servicio" }));
    await db.update(bulletins).set({ publishedRevision: null, publishedAt: null }).where(eq(bulletins.id, row.id));
    const page = await get(pathOf(row));
    expect(page.status).toBe(200);
    expect(page.text).toContain("Celebra el IMSS 80 años de servicio");
  });

  it("the feed is RSS 2.0 of the newest 50 public bulletins, each linking to its page", async () => {
    const row = await publish(readyContent({ title: "Lanza el IMSS una aplicación para citas", highlights: ["Disponible para Android y iOS."] }));
    const feed = await get("/prensa/feed.xml");
    expect(feed.status).toBe(200);
    expect(feed.headers.get("content-type")).toMatch(/^application\/rss\+xml/);
    expect(feed.headers.get("cache-control")).toBe("public, max-age=60");
    const items = feedItems(feed.text);
    expect(items.length).toBeGreaterThan(5);
    expect(items.length).toBeLessThanOrEqual(50);
    expect(items[0]!.link).toBe(`${server.url}${pathOf(row)}`);
    expect(items[0]!.title).toBe(`No. ${row.numberSeq}/${row.numberYear}. Lanza el IMSS una aplicación para citas`);
    expect(items[0]!.description).toBe("Disponible para Android y iOS.");
    expect(items[0]!["content:encoded"]).toContain("Lanza el IMSS una aplicación para citas");
    expect(items.some((item) => String(item.link).endsWith("/prensa/2024/493"))).toBe(true);
  });

  it("the list pages through the bulletins, 20 a page, keeping the search", async () => {
    // 25 more published bulletins, written directly: through the commands this would take many seconds.
    const content = readyContent({ title: "Boletín de relleno para paginar", body: bodyFromParagraphs(["Texto de relleno sobre paginación."]) });
    const rows = await db.insert(bulletins).values(Array.from({ length: 25 }, (_, index) => ({
      status: "published" as const, authorId: author.id, content, version: 1, approvedRevision: 1, publishedRevision: 1,
      numberYear: 2031, numberSeq: index + 1, publishedAt: new Date(Date.UTC(2031, 0, 1 + index)), ...searchColumns(content),
    }))).returning({ id: bulletins.id });
    await db.insert(revisions).values(rows.map(({ id }) => ({ bulletinId: id, version: 1, content, hash: hashContent(content), authorId: author.id, status: "published" as const })));
    const first = await get("/prensa");
    expect(first.text.match(/<li class="item/g)).toHaveLength(20);
    expect(first.text).toContain('href="/prensa?pagina=2"');
    expect(first.text).toMatch(/Página 1 de \d+/);
    // The newest publication first: 25/2031 was published last.
    expect(first.text.indexOf('href="/prensa/2031/25"')).toBeLessThan(first.text.indexOf('href="/prensa/2031/24"'));
    const second = await get("/prensa?pagina=2");
    expect(second.status).toBe(200);
    expect(second.text).toContain('rel="prev" href="/prensa"');
    expect((await get("/prensa?pagina=999")).status).toBe(404);
    expect((await get("/prensa?pagina=cero")).status).toBe(400);
    // The search has its own pages, and the links keep it.
    const searched = await get(`/prensa?q=${encodeURIComponent("relleno paginación")}`);
    expect(searched.text).toContain("25 boletines encontrados");
    expect(searched.text).toContain('href="/prensa?q=relleno+paginaci%C3%B3n&amp;pagina=2"');
  });
});
