import mammoth from "mammoth";
import organizationJson from "../../templates/organization.json" with { type: "json" };
import { parseDateLine } from "../../shared/bulletin/date-line";
import { emptyBody } from "../../shared/bulletin/body-schema";
import { isNumberPlaceholder, parseNumber } from "../../shared/bulletin/number";
import { organizationSchema, type Organization } from "../../shared/organization";
import { createLineClassifier, type LineClassifier } from "./bulletin-lines";
import { IMAGE_FILE, readDocxPackage, type DocxImage, type DocxPackage } from "./docx-package";
import { blocksToMarkdown, blockText, CELL_SEPARATOR, MAX_BLOCKS, readMammothHtml, type DocumentBlock, type HtmlReading } from "./html-to-markdown";
import { readDateline } from "./read-dateline";
import { parseBulletin, type ParsedBulletin } from "./parse-bulletin";
import { quote, readHeader } from "./read-header";

const DEFAULT_ORGANIZATION: Organization = organizationSchema.parse(organizationJson);

const MAX_LISTED_IMAGES = 10;

export interface DocxMarkdown {
  /** The body as the Markdown lines parseBulletin reads. */
  markdown: string;
  /** What the body left out (page headers and footers, text boxes, images, notes, comments) or changed (tables, tracked changes), in Spanish. */
  warnings: string[];
}

// A page header or footer line that every bulletin of the office carries: letterhead, page number (`Página  de`
// when the fields have no cached result), draft mark.
function isPageFurniture(text: string, classifier: LineClassifier): boolean {
  return (
    classifier.isLetterhead(text) ||
    classifier.isConfiguredFooter(text) ||
    classifier.isPageNumber(text) ||
    classifier.isDraftMark(text) ||
    /^(?:p[aá]g(?:ina)?\.?)?\s*\d{0,4}\s*(?:(?:de|\/)\s*\d{0,4})?$/i.test(text.trim())
  );
}

const MAX_HEADER_BLOCKS = 12;

/**
 * How many blocks the header spans: up to the dateline's paragraph, or the
 * headline alone when there is none. There a Word line break (a headline on two
 * lines, sumario lines, the dateline over the first words) is a new line, as
 * in a text bulletin; in the body it stays a line break.
 */
function headerLength(blocks: DocumentBlock[]): number {
  const limit = Math.min(blocks.length, MAX_HEADER_BLOCKS);
  for (let index = 0; index < limit; index++) {
    // A dateline is a line's head; a 100 KB paragraph is not searched whole.
    const firstLine = (blockText(blocks[index]!).slice(0, 400).split(/\s*\n\s*/)[0] ?? "").trim();
    if ((firstLine.length <= 300 && parseDateLine(firstLine)) || readDateline(firstLine)) return index + 1;
  }
  return 1;
}

const allBold = (block: DocumentBlock) =>
  block.kind === "paragraph" && block.content.every((node) => node.type !== "text" || !node.text.trim() || node.marks?.some((mark) => mark.type === "bold"));

/**
 * A headline typed over two Word paragraphs (Enter where a line should end), the second going
 * on in lowercase, both bold: one paragraph with a line break, as a text bulletin's two lines
 * are one headline. Only among the header's blocks, before any that is not bold.
 */
function joinHeadlineLines(blocks: DocumentBlock[], header: number): DocumentBlock[] {
  const joined: DocumentBlock[] = [];
  for (const [index, block] of blocks.entries()) {
    const previous = joined[joined.length - 1];
    const first = block.kind === "paragraph" ? blockText(block) : "";
    if (index < header && previous && allBold(previous) && allBold(block) && /^\p{Ll}/u.test(first) && previous.kind === "paragraph" && block.kind === "paragraph") {
      joined[joined.length - 1] = { kind: "paragraph", content: [...previous.content, { type: "hardBreak" }, ...block.content] };
      continue;
    }
    joined.push(block);
  }
  return joined;
}

// Other offices' labels, issuers, bylines, `Boletín 386`, a dateline alone: the header reader's own test, on the line by itself.
function isHeaderMeta(text: string, classifier: LineClassifier): boolean {
  if (text.length > 120) return false;
  const header = readHeader([text], classifier, []);
  return header.next === 1 && header.title === "";
}

function omittedText(paragraphs: string[]): string {
  return quote(paragraphs.join(" / "));
}

function imageName(image: DocxImage): string {
  if (image.alt && image.file && image.alt !== image.file && !IMAGE_FILE.test(image.alt)) return `${quote(image.alt)} (${image.file})`;
  return image.alt || image.file || "sin nombre";
}

function packageWarnings(docx: DocxPackage, { droppedFrom, tables, notes }: Omit<HtmlReading, "blocks">, classifier: LineClassifier): string[] {
  const warnings: string[] = [];
  if (droppedFrom !== null) warnings.push(`El documento tiene ${droppedFrom} párrafos, listas y tablas; solo se leyeron los primeros ${MAX_BLOCKS}.`);
  const seen = new Set<string>();
  const omitted = (what: string, parts: string[][], keep: (text: string) => boolean) => {
    for (const part of parts) {
      const lines = part.filter(keep);
      const text = omittedText(lines);
      if (lines.length === 0 || seen.has(what + text)) continue;
      seen.add(what + text);
      warnings.push(`Se omitió ${what}: ${text}.`);
    }
  };
  omitted("el encabezado de página", docx.headers, (text) => !isPageFurniture(text, classifier));
  omitted("el pie de página", docx.footers, (text) => !isPageFurniture(text, classifier));
  if (docx.textInBoxes) warnings.push("El texto del documento está sobre todo en cuadros de texto; se leyó de ellos, en el orden en que están anclados.");
  else omitted("un cuadro de texto", docx.textBoxes, () => true);
  for (const table of tables) {
    warnings.push(
      `Una tabla de ${table.rows} ${table.rows === 1 ? "fila" : "filas"} y ${table.columns} columnas se leyó como texto: un párrafo por fila, las celdas separadas por «${CELL_SEPARATOR.trim()}».`,
    );
  }
  for (const note of notes) warnings.push(`Se omitió una nota al pie: ${quote(note)}.`);
  for (const image of docx.images.slice(0, MAX_LISTED_IMAGES)) warnings.push(`Imagen omitida: ${imageName(image)}.`);
  if (docx.images.length > MAX_LISTED_IMAGES) warnings.push(`Se omitieron ${docx.images.length - MAX_LISTED_IMAGES} imágenes más.`);
  if (docx.trackedChanges) warnings.push("El documento tiene cambios sin aceptar (control de cambios); se leyó como si se hubieran aceptado todos.");
  if (docx.comments > 0) {
    warnings.push(docx.comments === 1 ? "Se omitió un comentario de revisión del documento." : `Se omitieron ${docx.comments} comentarios de revisión del documento.`);
  }
  return warnings;
}

/**
 * The Markdown lines of a DOCX bulletin, as parseBulletin reads them: bold,
 * italic, links and lists kept, tables one paragraph per row; date, number,
 * label and other structural lines written as plain text so that bold or
 * escaping cannot hide them. Page headers and footers (the letterhead), text
 * boxes (unless they hold most of the text) and images are not part of it; the
 * warnings name those that held something besides the office's letterhead and
 * page numbers. Rejects when the bytes are not a DOCX.
 */
export async function docxToMarkdown(bytes: Uint8Array, organization: Organization = DEFAULT_ORGANIZATION): Promise<DocxMarkdown> {
  const docx = await readDocxPackage(bytes);
  const { value: html } = await mammoth.convertToHtml(
    { buffer: docx.body },
    // Images would come back as data: URIs of megabytes; the bulletin has no images.
    { convertImage: mammoth.images.imgElement(async () => ({ src: "" })) },
  );
  const classifier = createLineClassifier(organization);
  const isStructural = (text: string) =>
    text.length <= 300 &&
    (classifier.isLabel(text) ||
      classifier.isLetterhead(text) ||
      classifier.isDraftMark(text) ||
      classifier.isClosingMark(text) ||
      classifier.isConfiguredFooter(text) ||
      classifier.linkHeader(text, true) !== null ||
      parseDateLine(text) !== null ||
      parseNumber(text) !== null ||
      isNumberPlaceholder(text) ||
      isHeaderMeta(text, classifier));
  const { blocks: read, ...leftOut } = readMammothHtml(html);
  const blocks = joinHeadlineLines(read, headerLength(read));
  const markdown = blocksToMarkdown(blocks, { asPlainLine: isStructural, headerBlocks: headerLength(blocks) }).join("\n");
  return { markdown, warnings: packageWarnings(docx, leftOut, classifier) };
}

/**
 * Reads a DOCX bulletin (the office's Word files and other offices') into
 * bulletin JSON with the same rules as parseBulletin; the warnings start with
 * what the document held outside the body (docxToMarkdown). Never rejects: a
 * file that is not a DOCX gives an empty bulletin and a warning.
 */
export async function parseDocxBulletin(bytes: Uint8Array, organization: Organization = DEFAULT_ORGANIZATION): Promise<ParsedBulletin> {
  let read: DocxMarkdown;
  try {
    read = await docxToMarkdown(bytes, organization);
  } catch {
    return {
      bulletin: { number: null, place: null, date: null, title: "", highlights: [], body: emptyBody(), photoLinks: [], videoLinks: [] },
      warnings: ["El archivo no es un documento DOCX válido."],
    };
  }
  const parsed = parseBulletin(read.markdown, organization);
  return { bulletin: parsed.bulletin, warnings: [...read.warnings, ...parsed.warnings] };
}
