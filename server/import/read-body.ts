import type { BlockNode } from "../../shared/bulletin/body-schema";
import { mediaLinkSchema } from "../../shared/bulletin/schema";
import { isBlank, parseMarkdownBlocks, startsBlock } from "./block-markdown";
import { isStrayCapitalsLine, isUrlList, readLinkTokens, type LineClassifier, type LinkSection } from "./bulletin-lines";
import { footerWarning, quote } from "./read-header";

/**
 * The body and what follows it: letterhead and footers left by page breaks are
 * dropped, a paragraph split by a page break is joined back, the body ends at
 * the closing mark or the first link section, and the link sections are read.
 */

const MAX_LINKS = 50;
// Stands for a dropped line while page breaks are measured.
const DROPPED = Symbol("dropped");
type BodyLine = string | typeof DROPPED;

/** Where the body ends: the closing mark or the first link header, whichever comes first. */
export function findBodyEnd(lines: string[], start: number, classifier: LineClassifier): { end: number; closingFound: boolean } {
  for (let index = start; index < lines.length; index++) {
    const text = lines[index]!.trim();
    if (!text || text.length > 4000) continue;
    if (classifier.isClosingMark(text)) return { end: index, closingFound: true };
    if (classifier.linkHeader(text, false)) return { end: index, closingFound: false };
  }
  return { end: lines.length, closingFound: false };
}

// A page break cut this sentence: the next page goes on in lower case.
function continuesSentence(previous: string, next: string): boolean {
  return /^\s*\p{Ll}/u.test(next) && !startsBlock(next) && !/^\s*>/.test(previous);
}

/** Drops letterhead and footers, joins page-break splits, collapses blank runs. */
export function cleanBodyLines(lines: string[], classifier: LineClassifier, closingFound: boolean, warnings: string[]): string[] {
  const marked: BodyLine[] = lines.map((line) => {
    if (line === "") return line;
    if (classifier.isLetterhead(line) || classifier.isPageNumber(line)) return DROPPED;
    if (classifier.isConfiguredFooter(line)) {
      warnings.push(footerWarning(line));
      return DROPPED;
    }
    return line;
  });
  // Without a closing mark, lines in capitals after the last paragraph are the PDF's footer.
  if (!closingFound) {
    for (let index = marked.length - 1; index >= 0; index--) {
      const line = marked[index]!;
      if (line === DROPPED || isBlank(line)) continue;
      if (!isStrayCapitalsLine(line)) break;
      warnings.push(footerWarning(line));
      marked[index] = DROPPED;
    }
  }
  const cleaned: string[] = [];
  let index = 0;
  while (index < marked.length) {
    const line = marked[index]!;
    if (line !== DROPPED && !isBlank(line)) {
      cleaned.push(line);
      index++;
      continue;
    }
    let blankLines = 0;
    let dropped = false;
    for (; index < marked.length && (marked[index] === DROPPED || isBlank(marked[index] as string)); index++) {
      if (marked[index] === DROPPED) dropped = true;
      else blankLines++;
    }
    const previous = cleaned[cleaned.length - 1];
    const next = marked[index];
    const pageBreak = dropped || blankLines >= 2;
    if (pageBreak && previous !== undefined && typeof next === "string" && continuesSentence(previous, next)) continue;
    cleaned.push("");
  }
  return cleaned;
}

/** The body blocks of the cleaned lines. */
export function readBodyBlocks(lines: string[], classifier: LineClassifier, closingFound: boolean, warnings: string[]): BlockNode[] {
  return parseMarkdownBlocks(cleanBodyLines(lines, classifier, closingFound, warnings), warnings);
}

export interface Links {
  photoLinks: string[];
  videoLinks: string[];
}

// A line of a link section: URLs, or one token such as `drive.google.com/x` or `ftp:…` (refused later).
function isLinkLine(text: string): boolean {
  return isUrlList(text) || (!/\s/.test(text) && /[./]|^[a-z][a-z0-9+.-]*:/i.test(text));
}

/** Reads closing mark and link sections; anything else after the body is dropped with a warning. */
export function readTail(lines: string[], start: number, classifier: LineClassifier, warnings: string[]): Links {
  const links: Links = { photoLinks: [], videoLinks: [] };
  let section: LinkSection | null = null;
  const add = (text: string) => {
    const target = section === "video" ? links.videoLinks : links.photoLinks;
    for (const token of readLinkTokens(text)) {
      // `www.imss.gob.mx/fotos` is plainly a web address; only an http(s) URL is stored.
      const link = /^www\./i.test(token) ? `https://${token}` : token;
      if (!section) {
        warnings.push(`Se descartó el enlace ${quote(token)} porque no está en una sección de fotos ni de video.`);
      } else if (!mediaLinkSchema.safeParse(link).success) {
        warnings.push(`Se descartó el enlace no válido ${quote(link)}.`);
      } else if (target.length >= MAX_LINKS) {
        warnings.push(`Se descartó el enlace ${quote(link)}: hay más de ${MAX_LINKS} en la sección.`);
      } else {
        if (link !== token) warnings.push(`Se añadió https:// al enlace ${quote(token)}, que no lo llevaba; confirma que abre.`);
        target.push(link);
      }
    }
  };
  for (let index = start; index < lines.length; index++) {
    const text = lines[index]!.trim();
    if (!text || classifier.isClosingMark(text) || classifier.isLetterhead(text) || classifier.isPageNumber(text)) continue;
    const header = text.length <= 4000 ? classifier.linkHeader(text, true) : null;
    if (header) {
      section = header.section;
      if (header.rest) add(header.rest);
    } else if (isLinkLine(text)) {
      add(text);
    } else if (classifier.isConfiguredFooter(text) || isStrayCapitalsLine(text)) {
      warnings.push(footerWarning(text));
    } else {
      warnings.push(`Se descartó el texto ${quote(text)}, posterior al cierre del boletín.`);
    }
  }
  return links;
}
