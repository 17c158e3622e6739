import { formatDateLine } from "../../shared/bulletin/date-line";
import { formatNumber } from "../../shared/bulletin/number";
import type { Organization } from "../../shared/organization";
import type { PublicBulletin, PublicListItem } from "../db/queries/press";
import { escapeHtml, renderBulletinHtml } from "../export/html";

/** Where a public bulletin lives: `/prensa/2024/493`. */
export function bulletinPath(number: { seq: number; year: number }): string {
  return `/prensa/${number.year}/${number.seq}`;
}

/** The file name of a download, as the API's export names a final one: `boletin-493-2024.docx`. */
export function downloadName(number: { seq: number; year: number }, format: string): string {
  return `boletin-${number.seq}-${number.year}.${format}`;
}

const LONG_DATE = new Intl.DateTimeFormat("es-MX", { dateStyle: "long", timeZone: "America/Mexico_City" });

/** `1 de diciembre de 2026`, in Mexico City. */
export function spanishDate(instant: Date): string {
  return LONG_DATE.format(instant);
}

/** JSON inside `<script type="application/ld+json">`: `<` escaped, so no text can close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

interface PageFrame {
  organization: Organization;
  title: string;
  /** Extra `<head>` content, already HTML (meta tags, JSON-LD). */
  head?: string;
  main: string;
}

function page({ organization, title, head = "", main }: PageFrame): string {
  const site = `Sala de prensa · ${organization.name}`;
  return `<!doctype html>
<html lang="es-MX">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/prensa/estilo.css">
<link rel="alternate" type="application/rss+xml" title="${escapeHtml(site)}" href="/prensa/feed.xml">
${head}
</head>
<body>
<header class="site">
<p class="site-name"><a href="/prensa">${escapeHtml(organization.name)}</a></p>
<p class="site-unit">${escapeHtml(organization.unit)}</p>
${organization.motto.trim() ? `<p class="site-motto">${escapeHtml(organization.motto)}</p>` : ""}
</header>
<main>
${main}
</main>
<footer class="site">
<p>${escapeHtml(organization.unit)} · <a href="/prensa">Boletines de prensa</a> · <a href="/prensa/feed.xml">Suscribirse (RSS)</a></p>
</footer>
</body>
</html>
`;
}

function numberAndDate(bulletin: PublicBulletin, organization: Organization): string {
  const parts = [formatNumber(bulletin.number)];
  if (bulletin.content.date) parts.push(formatDateLine(bulletin.content.place ?? organization.defaultPlace, bulletin.content.date));
  return parts.map(escapeHtml).join(" · ");
}

function withdrawnLine(bulletin: PublicBulletin): string {
  return `Boletín retirado el ${spanishDate(bulletin.withdrawnAt!)}`;
}

function listItem(item: PublicListItem, organization: Organization): string {
  const href = escapeHtml(bulletinPath(item.number));
  if (item.withdrawnAt) {
    // A withdrawn bulletin keeps its number on the list, and none of its text.
    return `<li class="item withdrawn">
<p class="meta">${escapeHtml(formatNumber(item.number))} <span class="badge">Retirado</span></p>
<h2><a href="${href}">${escapeHtml(withdrawnLine(item))}</a></h2>
</li>`;
  }
  const summary = item.snippet ?? escapeHtml(item.content.highlights.find((text) => text.trim()) ?? "");
  return `<li class="item">
<p class="meta">${numberAndDate(item, organization)}</p>
<h2><a href="${href}">${escapeHtml(item.content.title)}</a></h2>
${summary ? `<p class="summary">${summary}</p>` : ""}
</li>`;
}

function listHref(q: string, pageNumber: number): string {
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  if (pageNumber > 1) params.set("pagina", String(pageNumber));
  const query = params.toString();
  return escapeHtml(`/prensa${query ? `?${query}` : ""}`);
}

/** The public list: search form, the page of bulletins, links to the pages before and after. */
export function listPage(params: {
  organization: Organization;
  q: string;
  page: number;
  pageSize: number;
  total: number;
  /** More than `total` match (the search counts exactly up to 1,000). */
  capped?: boolean;
  items: PublicListItem[];
}): string {
  const { organization, q, page: pageNumber, pageSize, total, items, capped = false } = params;
  const pages = capped ? null : Math.max(1, Math.ceil(total / pageSize));
  const amount = capped ? `Más de ${total.toLocaleString("es-MX")}` : total.toLocaleString("es-MX");
  const count = q
    ? `${total === 1 && !capped ? "1 boletín encontrado" : `${amount} boletines encontrados`} para «${escapeHtml(q)}»`
    : `${total === 1 && !capped ? "1 boletín publicado" : `${amount} boletines publicados`}`;
  const more = pages === null ? items.length === pageSize : pageNumber < pages;
  const list = items.length
    ? `<ol class="list">${items.map((item) => listItem(item, organization)).join("\n")}</ol>`
    : `<p class="empty">${q ? "Ningún boletín publicado dice eso. Prueba con otras palabras." : "Todavía no hay boletines publicados."}</p>`;
  const pager = pageNumber > 1 || more
    ? `<nav class="pager" aria-label="Páginas">
${pageNumber > 1 ? `<a rel="prev" href="${listHref(q, pageNumber - 1)}">← Más recientes</a>` : "<span></span>"}
<span>${pages === null ? `Página ${pageNumber}` : `Página ${pageNumber} de ${pages}`}</span>
${more ? `<a rel="next" href="${listHref(q, pageNumber + 1)}">Anteriores →</a>` : "<span></span>"}
</nav>`
    : "";
  return page({
    organization,
    title: q ? `Buscar «${q}» · Boletines de prensa · ${organization.name}` : `Boletines de prensa · ${organization.name}`,
    head: `<meta name="description" content="${escapeHtml(`Boletines de prensa de ${organization.unit}, ${organization.name}.`)}">`,
    main: `<h1>Boletines de prensa</h1>
<form class="search" method="get" action="/prensa" role="search">
<label for="q">Buscar en los boletines</label>
<div class="search-row"><input id="q" name="q" type="search" value="${escapeHtml(q)}" maxlength="200" placeholder="Palabras, nombres o número (493/2024)"><button type="submit">Buscar</button></div>
</form>
<p class="count">${count}${q ? ` · <a href="/prensa">Ver todos</a>` : ""}</p>
${list}
${pager}`,
  });
}

export interface BulletinPageParams {
  organization: Organization;
  bulletin: PublicBulletin & { corrections: { correctedAt: Date; note: string }[] };
  /** Absolute URL of this page (og:url, JSON-LD). */
  url: string;
  /** The download formats offered (`docx`, and `pdf` once the exports know it). */
  formats: string[];
}

function correctionNotes(corrections: { correctedAt: Date; note: string }[]): string {
  if (corrections.length === 0) return "";
  const notes = corrections.map((correction) => `<li>Corrección del ${escapeHtml(spanishDate(correction.correctedAt))}: ${escapeHtml(correction.note)}</li>`);
  return `<section class="corrections" aria-label="Correcciones"><ul>${notes.join("")}</ul></section>`;
}

function meta(property: string, content: string): string {
  return `<meta property="${property}" content="${escapeHtml(content)}">`;
}

/** One public bulletin as it prints, its downloads and corrections; or, withdrawn, only that it was. */
export function bulletinPage({ organization, bulletin, url, formats }: BulletinPageParams): string {
  const number = formatNumber(bulletin.number);
  const back = `<p class="back"><a href="/prensa">← Todos los boletines</a></p>`;
  if (bulletin.withdrawnAt) {
    const title = `Boletín ${number} retirado`;
    return page({
      organization,
      title: `${title} · ${organization.name}`,
      head: [meta("og:title", title), meta("og:type", "article"), meta("og:url", url), meta("og:site_name", organization.name), meta("og:locale", "es_MX"), `<meta name="robots" content="noarchive">`].join("\n"),
      main: `${back}
<section class="withdrawal">
<p class="number">${escapeHtml(number)}</p>
<h1>${escapeHtml(withdrawnLine(bulletin))}</h1>
${bulletin.withdrawalNote?.trim() ? `<p class="note">${escapeHtml(bulletin.withdrawalNote)}</p>` : ""}
</section>
${correctionNotes(bulletin.corrections)}`,
    });
  }
  const { content } = bulletin;
  const description = content.highlights.find((text) => text.trim()) ?? content.title;
  const published = bulletin.publishedAt?.toISOString() ?? content.date ?? undefined;
  const lastCorrection = bulletin.corrections.at(-1)?.correctedAt;
  const modified = (lastCorrection ?? bulletin.publishedAt)?.toISOString() ?? published;
  const jsonLd = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: content.title,
    description,
    ...(published ? { datePublished: published } : {}),
    ...(modified ? { dateModified: modified } : {}),
    identifier: number,
    inLanguage: "es-MX",
    url,
    mainEntityOfPage: url,
    publisher: { "@type": "Organization", name: organization.name, department: { "@type": "Organization", name: organization.unit } },
  };
  const downloads = formats.map(
    (format) => `<li><a href="${escapeHtml(`${bulletinPath(bulletin.number)}/${downloadName(bulletin.number, format)}`)}" download>Descargar ${format.toUpperCase()}</a></li>`,
  );
  return page({
    organization,
    title: `${content.title} · ${number} · ${organization.name}`,
    head: [
      `<meta name="description" content="${escapeHtml(description)}">`,
      `<link rel="canonical" href="${escapeHtml(url)}">`,
      meta("og:title", content.title),
      meta("og:description", description),
      meta("og:type", "article"),
      meta("og:url", url),
      meta("og:site_name", organization.name),
      meta("og:locale", "es_MX"),
      ...(published ? [meta("article:published_time", published)] : []),
      ...(modified ? [meta("article:modified_time", modified)] : []),
      `<script type="application/ld+json">${scriptJson(jsonLd)}</script>`,
    ].join("\n"),
    main: `${back}
${renderBulletinHtml(content, bulletin.approvedProfile ?? organization)}
${correctionNotes(bulletin.corrections)}
${downloads.length ? `<nav class="downloads" aria-label="Descargas"><ul>${downloads.join("")}</ul></nav>` : ""}`,
  });
}

/** The page for what is not public (never was, not yet, or not at this address). */
export function notFoundPage(organization: Organization): string {
  return page({
    organization,
    title: `No encontrado · ${organization.name}`,
    main: `<h1>No encontramos ese boletín</h1>
<p>El boletín no existe o todavía no es público.</p>
<p><a href="/prensa">Ver los boletines publicados</a></p>`,
  });
}

/** A request the page cannot answer (a search too long, an unknown page number) or a failure on our side. */
export function problemPage(organization: Organization, message: string): string {
  return page({
    organization,
    title: `Boletines de prensa · ${organization.name}`,
    main: `<h1>No se pudo mostrar la página</h1>
<p>${escapeHtml(message)}</p>
<p><a href="/prensa">Ver los boletines publicados</a></p>`,
  });
}
