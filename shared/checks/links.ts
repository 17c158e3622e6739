import type { BlockNode } from "../bulletin/body-schema";
import { isInternationalDomain, linkHostname, webLinkProblem } from "../bulletin/web-link";
import { blocking, warning, type CheckContext, type CheckResult } from "./types";

// A domain with non-ASCII letters can pass for another (`іmss.gob.mx` with a Cyrillic і): the reviewer sees its ASCII form.
function idnWarning(href: string, where: string, what: string): CheckResult {
  return warning(
    "link_idn",
    where,
    `${what} usa un dominio con letras no latinas o acentos (${linkHostname(href)}); confirma que es el sitio correcto.`,
  );
}

function linkResults(links: string[], field: "photoLinks" | "videoLinks"): CheckResult[] {
  const kind = field === "photoLinks" ? "fotos" : "video";
  return links.flatMap((link, index) => {
    const href = link.trim();
    const where = `${field}.${index}`;
    const what = `El enlace de ${kind} ${index + 1}`;
    const problem = webLinkProblem(href);
    if (problem) {
      return [blocking("link_malformed", where, `${what} no es una dirección web válida: «${href}». ${problem}`)];
    }
    const results: CheckResult[] = [];
    if (new URL(href).protocol === "http:") results.push(warning("link_not_https", where, `${what} no es seguro; usa https://.`));
    if (isInternationalDomain(href)) results.push(idnWarning(href, where, what));
    return results;
  });
}

function bodyHrefs(blocks: BlockNode[], hrefs: string[]): string[] {
  for (const block of blocks) {
    if (block.type === "paragraph") {
      for (const node of block.content ?? []) {
        for (const mark of node.marks ?? []) if (mark.type === "link") hrefs.push(mark.attrs.href);
      }
    } else {
      for (const child of block.content) bodyHrefs(child.type === "listItem" ? child.content : [child], hrefs);
    }
  }
  return hrefs;
}

/**
 * Photo and video links that are not plain http(s) web addresses block (the schema
 * refuses them on save, but archived or imported bulletins may predate it), plain
 * http warns, an internationalised domain warns; the same for links in the body.
 */
export function checkLinks({ bulletin }: CheckContext): CheckResult[] {
  const bodyLinks = [...new Set(bodyHrefs(bulletin.body.content, []))];
  return [
    ...linkResults(bulletin.photoLinks, "photoLinks"),
    ...linkResults(bulletin.videoLinks, "videoLinks"),
    ...bodyLinks.flatMap((href) => {
      const problem = webLinkProblem(href);
      if (problem) return [blocking("body_link_unsafe", "body", `El enlace «${href}» del cuerpo no es válido. ${problem}`)];
      return isInternationalDomain(href) ? [idnWarning(href, "body", `El enlace «${href}» del cuerpo`)] : [];
    }),
  ];
}
