import mammoth from "mammoth";
import organizationJson from "../../templates/organization.json" with { type: "json" };
import { parseDateLine } from "../../shared/bulletin/date-line";
import { emptyBody } from "../../shared/bulletin/body-schema";
import { isNumberPlaceholder, parseNumber } from "../../shared/bulletin/number";
import { organizationSchema, type Organization } from "../../shared/organization";
import { createLineClassifier } from "./bulletin-lines";
import { blocksToMarkdown, htmlBlocks, parseHtml } from "./html-to-markdown";
import { parseBulletin, type ParsedBulletin } from "./parse-bulletin";

const DEFAULT_ORGANIZATION: Organization = organizationSchema.parse(organizationJson);

/**
 * The Markdown lines of a DOCX bulletin, as parseBulletin reads them: bold,
 * italic, links and lists kept; date, number, label and other structural
 * lines written as plain text so that bold or escaping cannot hide them.
 * Headers and footers of the document (the letterhead) are not part of it.
 */
export async function docxToMarkdown(bytes: Uint8Array, organization: Organization = DEFAULT_ORGANIZATION): Promise<string> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { value: html } = await mammoth.convertToHtml(
    { buffer },
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
      isNumberPlaceholder(text));
  return blocksToMarkdown(htmlBlocks(parseHtml(html)), isStructural).join("\n");
}

/**
 * Reads a DOCX bulletin (as the office's Word files are) into bulletin JSON with
 * the same rules as parseBulletin. Never rejects: a file that is not a DOCX
 * gives an empty bulletin and a warning.
 */
export async function parseDocxBulletin(bytes: Uint8Array, organization: Organization = DEFAULT_ORGANIZATION): Promise<ParsedBulletin> {
  let markdown: string;
  try {
    markdown = await docxToMarkdown(bytes, organization);
  } catch {
    return {
      bulletin: { number: null, place: null, date: null, title: "", highlights: [], body: emptyBody(), photoLinks: [], videoLinks: [] },
      warnings: ["El archivo no es un documento DOCX válido."],
    };
  }
  return parseBulletin(markdown, organization);
}
