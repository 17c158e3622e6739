import { isHttpUrl, type BlockNode } from "../bulletin/body-schema";
import { blocking, warning, type CheckContext, type CheckResult } from "./types";

function linkResults(links: string[], field: "photoLinks" | "videoLinks"): CheckResult[] {
  const kind = field === "photoLinks" ? "fotos" : "video";
  return links.flatMap((link, index) => {
    const href = link.trim();
    const where = `${field}.${index}`;
    if (!isHttpUrl(href)) {
      return [
        blocking(
          "link_malformed",
          where,
          `El enlace de ${kind} ${index + 1} no es una dirección web válida (debe empezar con https://): «${href}».`,
        ),
      ];
    }
    if (new URL(href).protocol === "http:") {
      return [warning("link_not_https", where, `El enlace de ${kind} ${index + 1} no es seguro; usa https://.`)];
    }
    return [];
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
 * Photo and video links that are not web addresses block, plain http warns; a link
 * in the body that is not http(s) blocks (the body schema refuses them on save, but
 * archived or imported bodies may predate it).
 */
export function checkLinks({ bulletin }: CheckContext): CheckResult[] {
  const unsafeBodyLinks = [...new Set(bodyHrefs(bulletin.body.content, []))].filter((href) => !isHttpUrl(href));
  return [
    ...linkResults(bulletin.photoLinks, "photoLinks"),
    ...linkResults(bulletin.videoLinks, "videoLinks"),
    ...unsafeBodyLinks.map((href) =>
      blocking("body_link_unsafe", "body", `El enlace «${href}» del cuerpo debe empezar con http:// o https://.`),
    ),
  ];
}
