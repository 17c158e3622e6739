import { escapeMarkdownLine } from "../../shared/bulletin/markdown-escape";
import type { Organization } from "../../shared/organization";

/**
 * Recognises the lines of a bulletin that are not body text: letterhead, label,
 * draft mark, closing mark, link-section headers, footers, page numbers. All
 * comparisons fold case, accents and spacing, so `Unidad de Comunicacion
 * Social` matches the profile's `UNIDAD DE COMUNICACIÓN SOCIAL`.
 */

export type LinkSection = "photos" | "video";

export interface LinkHeader {
  section: LinkSection;
  /** What follows the header on the same line (URLs, possibly none). */
  rest: string;
}

// The line classifier folds the same short line several times (label, draft mark, footer, letterhead…).
const foldedLines = new Map<string, string>();
const FOLD_CACHE_LINE = 300;
const FOLD_CACHE_SIZE = 2_000;

/** Lowercase, no accents, single spaces, trimmed; `ﬁ` and the like stay as written. */
export function foldText(text: string): string {
  const cached = foldedLines.get(text);
  if (cached !== undefined) return cached;
  // Most lines are plain ASCII; normalising them would cost most of the import's time.
  const decomposed = /^[\x00-\x7f]*$/.test(text) ? text : text.normalize("NFD").replace(/\p{Diacritic}/gu, "");
  const folded = decomposed.toLowerCase().replace(/\s+/g, " ").trim();
  if (text.length <= FOLD_CACHE_LINE) {
    if (foldedLines.size >= FOLD_CACHE_SIZE) foldedLines.clear();
    foldedLines.set(text, folded);
  }
  return folded;
}

// Lines longer than this are body text, never a structural line.
const MAX_STRUCTURAL_LINE = 300;

const CLOSING_MARK = /^(?:[-–—_=]+\s*(?:o0o|0o0|ooo)\s*[-–—_=]+|o0o|0o0)$/i;
const TRADITIONAL_CLOSING = /^-\s*30\s*-$/;
const LABEL = /^(?:bolet[ií]n|comunicado)(?: de prensa)?(?: informativo)?$/;
const PAGE_NUMBER = /^(?:p[aá]g(?:ina)?\.?)\s*\d{1,4}(?:\s*(?:de|\/)\s*\d{1,4})?$/i;
const DRAFT = /^(?:\*{0,2}\s*borrador\s*\*{0,2}|[-–—]{2,}\s*borrador\s*[-–—]{2,})\.?$/;
const URL_TOKEN = /^<?(?:https?:\/\/|www\.)[^\s<>]+>?$/i;

const PHOTO_WORDS = "fotos?|fotografias?|imagenes|galeria";
const VIDEO_WORDS = "videos?";
const LINK_WORDS = "links?|ligas?|enlaces?|vinculos?|url";
const HEADER_WITH_LINK_WORD = new RegExp(
  `^(?:${LINK_WORDS}) (?:(?:de|del|a|para) )?(?:(?:las|los|la|el) )?(${PHOTO_WORDS}|${VIDEO_WORDS})$`,
);
const HEADER_ALONE = new RegExp(`^(${PHOTO_WORDS}|${VIDEO_WORDS})$`);

/** True for a line holding nothing but URLs (bare, `<…>` or `[…](…)`), separated by spaces or commas. */
export function isUrlList(text: string): boolean {
  const tokens = splitUrlTokens(text);
  return tokens.length > 0 && tokens.every((token) => URL_TOKEN.test(token) || /^\[[^\]]*\]\(<?[^)\s]+>?\)$/.test(token));
}

function splitUrlTokens(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((token) => token.trim())
    .filter(Boolean);
}

/** The links on a line: `<https://a>, https://b` → [`https://a`, `https://b`]; `[x](https://c)` → the target. */
export function readLinkTokens(text: string): string[] {
  const links: string[] = [];
  for (const match of text.matchAll(/\[[^\]]*\]\(<?([^)\s>]+)>?\)|<([^<>\s]+)>|(\S+)/g)) {
    const link = (match[1] ?? match[2] ?? match[3] ?? "").replace(/^[,;]+|[,;]+$/g, "");
    if (link) links.push(link);
  }
  return links;
}

export interface LineClassifier {
  /** Institution name, unit or motto of the letterhead, alone or together on one line. */
  isLetterhead(line: string): boolean;
  /** A footer line of the profile (`EL REVOLUCIONARIO DEL PUEBLO.`). */
  isConfiguredFooter(line: string): boolean;
  /** `Página 2 de 5`, a PDF page-number artifact. */
  isPageNumber(line: string): boolean;
  /** The profile's label or `BOLETÍN DE PRENSA` / `COMUNICADO DE PRENSA`. */
  isLabel(line: string): boolean;
  /** The profile's own label (`BOLETÍN DE PRENSA`), which every bulletin of the office carries. */
  isProfileLabel(line: string): boolean;
  /** A `BORRADOR` line of a draft's export. */
  isDraftMark(line: string): boolean;
  /** `---o0o---` and its variants. */
  isClosingMark(line: string): boolean;
  /** `LINK FOTOS`, `LINKS FOTOS <url>`, `Fotos:`, `Video: https://…`; `allowBare` also takes `FOTOS` alone. */
  linkHeader(line: string, allowBare: boolean): LinkHeader | null;
}

/** A short line in capitals after the body: a footer the PDF left behind. */
export function isStrayCapitalsLine(line: string): boolean {
  const text = line.trim();
  if (text.length > 100 || URL_TOKEN.test(text)) return false;
  const letters = text.match(/\p{L}/gu) ?? [];
  return letters.length >= 3 && !/\p{Ll}/u.test(text) && text.split(/\s+/).length <= 10;
}

/** Builds the line recogniser for one organisation profile. */
export function createLineClassifier(organization: Organization): LineClassifier {
  const letterheadPhrases = [organization.name, organization.unit, organization.motto]
    .map(foldText)
    .filter((phrase) => phrase.length > 0)
    .sort((left, right) => right.length - left.length);
  const footers = new Set(organization.footerLines.map((line) => foldText(line).replace(/[.\s]+$/, "")).filter(Boolean));
  // A profile line as written and as the Markdown export escapes it (`# FOTOS` → `\# FOTOS`).
  const forms = (line: string, fold: (text: string) => string = foldText) => new Set([fold(line), fold(escapeMarkdownLine(line))]);
  const foldHeader = (text: string) => foldText(text).replace(/[\s:.\-–—]+$/, "");
  const labels = forms(organization.label);
  const closingMarks = forms(organization.closingMark);
  const longestClosingMark = Math.max(...[...closingMarks].map((form) => form.length));
  const photoLabels = forms(organization.photoLinksLabel, foldHeader);
  const videoLabels = forms(organization.videoLinksLabel, foldHeader);

  const sectionOf = (word: string): LinkSection => (new RegExp(`^(?:${VIDEO_WORDS})$`).test(word) ? "video" : "photos");

  const shortestPhrase = Math.min(...letterheadPhrases.map((phrase) => phrase.length));
  const footerLengths = [...footers].map((footer) => footer.length);
  const shortestFooter = Math.min(...footerLengths);
  const longestFooter = Math.max(0, ...footerLengths);
  return {
    isLetterhead(line) {
      const length = line.trim().length;
      if (letterheadPhrases.length === 0 || length < shortestPhrase || length > MAX_STRUCTURAL_LINE) return false;
      let folded = foldText(line);
      let matched = false;
      for (const phrase of letterheadPhrases) {
        if (folded.includes(phrase)) {
          folded = folded.split(phrase).join(" ");
          matched = true;
        }
      }
      return matched && /^[\s|/·•\-–—.,]*$/.test(folded);
    },
    isConfiguredFooter(line) {
      const length = line.trim().length;
      if (length > longestFooter + 10 || length < shortestFooter) return false;
      return footers.has(foldText(line).replace(/[.\s]+$/, ""));
    },
    isPageNumber(line) {
      return line.length <= 40 && /\d/.test(line) && PAGE_NUMBER.test(line.trim());
    },
    isLabel(line) {
      if (line.length > MAX_STRUCTURAL_LINE) return false;
      const folded = foldText(line).replace(/[.:]+$/, "");
      return labels.has(folded) || LABEL.test(folded);
    },
    isProfileLabel(line) {
      return line.length <= MAX_STRUCTURAL_LINE && labels.has(foldText(line).replace(/[.:]+$/, ""));
    },
    isDraftMark(line) {
      return line.length <= MAX_STRUCTURAL_LINE && DRAFT.test(foldText(line));
    },
    isClosingMark(line) {
      const text = line.trim();
      if (text.length > MAX_STRUCTURAL_LINE) return false;
      if (CLOSING_MARK.test(text) || TRADITIONAL_CLOSING.test(text)) return true;
      return !closingMarks.has("") && text.length <= longestClosingMark + 4 && closingMarks.has(foldText(text));
    },
    linkHeader(line, allowBare) {
      const text = line.trim();
      if (text.length > 4000) return null;
      const urlStart = text.search(/<|\[|https?:\/\/|www\./i);
      const head = urlStart >= 0 ? text.slice(0, urlStart) : text;
      // The shortest header is `foto:`; the longest a few words.
      if (head.length > 60 || head.trim().length < 4) return null;
      const rest = urlStart >= 0 ? text.slice(urlStart).trim() : "";
      if (rest && !isUrlList(rest)) return null;
      const hasColon = /:\s*$/.test(head);
      const words = foldText(head).replace(/[\s:.\-–—]+$/, "");
      if (!words) return null;
      if (photoLabels.has(words)) return { section: "photos", rest };
      if (videoLabels.has(words)) return { section: "video", rest };
      const withLinkWord = HEADER_WITH_LINK_WORD.exec(words);
      if (withLinkWord) return { section: sectionOf(withLinkWord[1]!), rest };
      const alone = HEADER_ALONE.exec(words);
      return alone && (hasColon || rest !== "" || allowBare) ? { section: sectionOf(alone[1]!), rest } : null;
    },
  };
}
