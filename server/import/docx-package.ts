import JSZip from "jszip";

/**
 * What a DOCX holds besides the body text mammoth reads: page headers and
 * footers, text boxes, images, tracked changes and comments, so the importer
 * can say what it left out.
 * Mammoth ignores headers and footers but reads text boxes into the body, so
 * the package handed to it has its text boxes emptied.
 *
 * The XML parts are read with patterns on WordprocessingML's element names
 * (w:p, w:t, w:txbxContent…): Word and LibreOffice always write these
 * prefixes, and only the text and a few attributes are needed, never the tree.
 */

export interface DocxImage {
  /** The alt text (Word's descr, or title), "" when none. */
  alt: string;
  /** The file name of the picture inside the package (`image1.png`), "" when unknown. */
  file: string;
}

export interface DocxPackage {
  /** The DOCX to give mammoth: the original bytes, or a copy without text boxes. */
  body: Buffer;
  /** The text boxes hold more text than the rest of the body (a bulletin laid out in boxes): `body` keeps them. */
  textInBoxes: boolean;
  /** The paragraphs of each page header part with text. */
  headers: string[][];
  /** The paragraphs of each page footer part with text. */
  footers: string[][];
  /** The paragraphs of each text box of the body with text. */
  textBoxes: string[][];
  /** The pictures of the body, in document order. */
  images: DocxImage[];
  /** Insertions or deletions recorded with Word's track changes, not yet accepted. */
  trackedChanges: boolean;
  /** Reviewers' comments (word/comments.xml), which mammoth leaves out. */
  comments: number;
}

/** A picture's file name: `foto1.jpg`, `IMG_2031.JPEG`. */
export const IMAGE_FILE = /\.(?:jpe?g|png|gif|bmp|tiff?|webp|emf|wmf|svg|heic)$/i;

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (whole, name: string) => {
    if (name[0] !== "#") return ENTITIES[name.toLowerCase()] ?? whole;
    const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function attribute(tag: string, name: string): string {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
  return match ? decodeXml(match[1] ?? match[2] ?? "") : "";
}

/** [start, end) of every outermost `<tag …>…</tag>` (or `<tag/>`), nesting counted. */
function elementRanges(xml: string, tag: string): [number, number][] {
  const ranges: [number, number][] = [];
  const pattern = new RegExp(`<(/?)${tag}(?=[\\s/>])[^>]*?(/?)>`, "g");
  let depth = 0;
  let start = 0;
  for (const match of xml.matchAll(pattern)) {
    const [whole, closing, selfClosing] = match;
    if (closing) {
      if (depth === 0) continue;
      depth--;
      if (depth === 0) ranges.push([start, match.index + whole.length]);
    } else if (selfClosing) {
      if (depth === 0) ranges.push([match.index, match.index + whole.length]);
    } else {
      if (depth === 0) start = match.index;
      depth++;
    }
  }
  return ranges;
}

function replaceRanges(xml: string, ranges: [number, number][], replacement: (element: string) => string): string {
  let result = "";
  let last = 0;
  for (const [start, end] of ranges) {
    result += xml.slice(last, start) + replacement(xml.slice(start, end));
    last = end;
  }
  return result + xml.slice(last);
}

// mc:AlternateContent holds the same drawing twice (wps in mc:Choice, VML in mc:Fallback): read one.
function withoutFallbacks(xml: string): string {
  return replaceRanges(xml, elementRanges(xml, "mc:Fallback"), () => "");
}

/** The text of each paragraph with text; a text box's paragraphs come as their own. */
export function paragraphTexts(xml: string): string[] {
  const paragraphs: string[] = [];
  const open: string[] = [];
  const pattern = /<(\/?)(w:p|w:t|w:tab|w:br|w:cr|w:noBreakHyphen)(?=[\s/>])[^>]*?(\/?)>([^<]*)/g;
  for (const [, closing, tag, selfClosing, following] of xml.matchAll(pattern)) {
    if (tag === "w:p") {
      if (closing) {
        const text = (open.pop() ?? "").replace(/\s+/g, " ").trim();
        if (text) paragraphs.push(text);
      } else if (!selfClosing) {
        open.push("");
      }
    } else if (open.length > 0 && !closing) {
      const text = tag === "w:t" ? (selfClosing ? "" : decodeXml(following ?? "")) : tag === "w:noBreakHyphen" ? "-" : " ";
      open[open.length - 1] += text;
    }
  }
  return paragraphs;
}

function relationships(xml: string | undefined): Map<string, { type: string; target: string }> {
  const map = new Map<string, { type: string; target: string }>();
  for (const [tag] of (xml ?? "").matchAll(/<Relationship\s[^>]*>/g)) {
    map.set(attribute(tag, "Id"), { type: attribute(tag, "Type"), target: attribute(tag, "Target") });
  }
  return map;
}

function imagesOf(xml: string, rels: Map<string, { type: string; target: string }>): DocxImage[] {
  const images: DocxImage[] = [];
  const fileOf = (id: string) => rels.get(id)?.target.split("/").pop() ?? "";
  for (const [start, end] of elementRanges(xml, "w:drawing")) {
    const drawing = xml.slice(start, end);
    const blip = /<a:blip\s[^>]*>/.exec(drawing);
    if (!blip) continue; // a shape, a chart or a text box, not a picture
    const properties = /<wp:docPr\s[^>]*>/.exec(drawing)?.[0] ?? "";
    // Word names a picture "Imagen 1"; LibreOffice and some Word versions keep the file's name there.
    const name = attribute(properties, "name").trim();
    const file = IMAGE_FILE.test(name) ? name : fileOf(attribute(blip[0], "r:embed"));
    images.push({ alt: (attribute(properties, "descr") || attribute(properties, "title")).trim(), file });
  }
  // Pictures of documents from Word 2003 and earlier, saved again as DOCX.
  for (const [tag] of xml.matchAll(/<v:imagedata\s[^>]*>/g)) {
    images.push({ alt: attribute(tag, "o:title").trim(), file: fileOf(attribute(tag, "r:id")) });
  }
  return images;
}

/** Opens a DOCX; rejects when the bytes are not a zip holding word/document.xml. */
export async function readDocxPackage(bytes: Uint8Array): Promise<DocxPackage> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const zip = await JSZip.loadAsync(buffer);
  const documentFile = zip.file("word/document.xml");
  if (!documentFile) throw new Error("word/document.xml missing");
  const documentXml = await documentFile.async("string");
  const rels = relationships(await zip.file("word/_rels/document.xml.rels")?.async("string"));

  const partsOf = async (kind: "header" | "footer") => {
    const parts: string[][] = [];
    const targets = [...rels.values()].filter((rel) => rel.type.endsWith(`/${kind}`)).map((rel) => rel.target.replace(/^\/?(word\/)?/, ""));
    for (const target of [...new Set(targets)].sort()) {
      const xml = await zip.file(`word/${target}`)?.async("string");
      const paragraphs = xml ? paragraphTexts(withoutFallbacks(xml)) : [];
      if (paragraphs.length > 0) parts.push(paragraphs);
    }
    return parts;
  };

  const single = withoutFallbacks(documentXml);
  const textBoxes = elementRanges(single, "w:txbxContent")
    .map(([start, end]) => paragraphTexts(single.slice(start, end)))
    .filter((paragraphs) => paragraphs.length > 0);
  const withoutBoxes = replaceRanges(single, elementRanges(single, "w:txbxContent"), () => "");
  const length = (paragraphs: string[]) => paragraphs.reduce((sum, paragraph) => sum + paragraph.length, 0);
  const textInBoxes = length(textBoxes.flat()) > length(paragraphTexts(withoutBoxes));
  const boxes = elementRanges(documentXml, "w:txbxContent");
  let body = buffer;
  if (boxes.length > 0 && !textInBoxes) {
    zip.file("word/document.xml", replaceRanges(documentXml, boxes, () => "<w:txbxContent/>"));
    body = await zip.generateAsync({ type: "nodebuffer", compression: "STORE" });
  }
  const commentsXml = (await zip.file("word/comments.xml")?.async("string")) ?? "";
  return {
    body,
    textInBoxes,
    headers: await partsOf("header"),
    footers: await partsOf("footer"),
    textBoxes,
    images: imagesOf(withoutBoxes, rels),
    trackedChanges: /<w:(?:ins|del|moveFrom|moveTo)\s/.test(documentXml),
    comments: [...commentsXml.matchAll(/<w:comment\s/g)].length,
  };
}
