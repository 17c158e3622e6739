import {
  DocxPackage,
  DocxStyleSheet,
  RELATIONSHIP,
  child,
  childrenNamed,
  descendants,
  findTarget,
  isOn,
  textOf,
  type Formatting,
  type Relationship,
  type XmlElement,
} from "./docx-xml";

export interface DocxParagraph {
  text: string;
  /** The paragraph style id (`w:pStyle`), when the paragraph names one. */
  style?: string;
  /** Every run with visible text is bold (direct formatting, character and paragraph styles). */
  bold: boolean;
  /** Every run with visible text is italic. */
  italic: boolean;
  /** The paragraph is in a Word list (numbering that exists in numbering.xml). */
  numbered: boolean;
  /** The list level's format (`bullet`, `decimal`, …) when numbered. */
  listFormat?: string;
  /** `w:jc` as written (`both` is justified), resolved through the style. */
  alignment?: string;
  /** The visible text in runs of the same formatting and link, in order. */
  runs: DocxRun[];
}

/** A stretch of a paragraph's text with one formatting. */
export interface DocxRun {
  text: string;
  bold: boolean;
  italic: boolean;
  /** The hyperlink target when the text is inside a hyperlink. */
  link?: string;
}

export interface DocxContent {
  paragraphs: DocxParagraph[];
  /** Hyperlinks of the body in order: relationship targets and HYPERLINK fields. */
  hyperlinks: { text: string; url: string }[];
  /** Text of the headers the sections show, paragraphs joined by newlines. */
  headerText: string;
  /** Text of the footers; a field without a cached result reads as `{PAGE}`, `{NUMPAGES}`. */
  footerText: string;
  /** Core properties by local name (`title`, `subject`, …) and custom properties by name. */
  properties: Record<string, string>;
  /** Page size and margins of the last section, in twips. */
  page?: { width: number; height: number; margin: { top: number; right: number; bottom: number; left: number } };
}

interface OpenField {
  instruction: string;
  inResult: boolean;
  resultStart: number;
}

/** What one paragraph walk collects. */
interface ParagraphState {
  style?: string;
  segments: DocxRun[];
  text: string;
  /** Targets of the hyperlinks the walk is inside, innermost last. */
  links: string[];
  fields: OpenField[];
}

interface ReadContext {
  sheet: DocxStyleSheet;
  relationships: Map<string, Relationship>;
  hyperlinks: { text: string; url: string }[];
}

// Between a field's begin and separate is its instruction, which Word does not show.
function visible(state: ParagraphState): boolean {
  return state.fields.every((field) => field.inResult);
}

function append(state: ParagraphState, text: string, formatting: Formatting): void {
  if (!text || !visible(state)) return;
  state.text += text;
  const segment: DocxRun = { text, bold: formatting.bold === true, italic: formatting.italic === true };
  const link = state.links[state.links.length - 1];
  if (link !== undefined) segment.link = link;
  const last = state.segments[state.segments.length - 1];
  if (last && last.bold === segment.bold && last.italic === segment.italic && last.link === segment.link) last.text += text;
  else state.segments.push(segment);
}

function hyperlinkTarget(instruction: string): string | null {
  const match = /^\s*HYPERLINK\s+(?:"([^"]*)"|(\S+))/i.exec(instruction);
  return match ? (match[1] ?? match[2] ?? "") : null;
}

function closeField(field: OpenField, state: ParagraphState, formatting: Formatting, context: ReadContext): void {
  const hasResult = field.inResult && state.text.length > field.resultStart;
  // Page fields have no cached result until Word lays the page out; a placeholder keeps them visible.
  if (!hasResult) append(state, `{${field.instruction.trim().split(/\s+/)[0]?.toUpperCase() ?? ""}}`, formatting);
  const url = hyperlinkTarget(field.instruction);
  if (url !== null && hasResult) context.hyperlinks.push({ text: state.text.slice(field.resultStart), url });
}

function readRun(run: XmlElement, state: ParagraphState, context: ReadContext): void {
  const formatting = context.sheet.runFormatting(state.style, child(run, "w:rPr"));
  const shown = formatting.hidden === true ? (): void => undefined : (text: string) => append(state, text, formatting);
  for (const element of run.children) {
    switch (element.name) {
      case "w:t":
        shown(textOf(element));
        break;
      case "w:tab":
        shown("\t");
        break;
      case "w:br":
      case "w:cr":
        shown("\n");
        break;
      case "w:noBreakHyphen":
        shown("-");
        break;
      case "w:sym":
        shown(String.fromCodePoint(parseInt(element.attributes["w:char"] ?? "20", 16)));
        break;
      case "w:instrText": {
        const field = state.fields[state.fields.length - 1];
        if (field && !field.inResult) field.instruction += textOf(element);
        break;
      }
      case "w:fldChar":
        readFieldCharacter(element.attributes["w:fldCharType"], state, formatting, context);
        break;
    }
  }
}

function readFieldCharacter(type: string | undefined, state: ParagraphState, formatting: Formatting, context: ReadContext): void {
  if (type === "begin") state.fields.push({ instruction: "", inResult: false, resultStart: state.text.length });
  const field = state.fields[state.fields.length - 1];
  if (!field) return;
  if (type === "separate") {
    field.inResult = true;
    field.resultStart = state.text.length;
    const url = hyperlinkTarget(field.instruction);
    if (url !== null) state.links.push(url);
  } else if (type === "end") {
    state.fields.pop();
    if (field.inResult && hyperlinkTarget(field.instruction) !== null) state.links.pop();
    closeField(field, state, formatting, context);
  }
}

function readInline(element: XmlElement, state: ParagraphState, context: ReadContext): void {
  switch (element.name) {
    case "w:r":
      return readRun(element, state, context);
    case "w:hyperlink": {
      const relationship = context.relationships.get(element.attributes["r:id"] ?? "");
      const anchor = element.attributes["w:anchor"];
      const url = (relationship?.rawTarget ?? "") + (anchor ? `#${anchor}` : "");
      const start = state.text.length;
      if (url) state.links.push(url);
      element.children.forEach((inner) => readInline(inner, state, context));
      if (url) state.links.pop();
      if (url) context.hyperlinks.push({ text: state.text.slice(start), url });
      return;
    }
    case "w:fldSimple": {
      const field: OpenField = { instruction: element.attributes["w:instr"] ?? "", inResult: true, resultStart: state.text.length };
      const url = hyperlinkTarget(field.instruction);
      if (url !== null) state.links.push(url);
      element.children.forEach((inner) => readInline(inner, state, context));
      if (url !== null) state.links.pop();
      return closeField(field, state, {}, context);
    }
    case "w:sdt":
      return child(element, "w:sdtContent")?.children.forEach((inner) => readInline(inner, state, context));
    case "w:ins":
    case "w:moveTo":
    case "w:smartTag":
    case "w:customXml":
    case "w:bdo":
    case "w:dir":
      return element.children.forEach((inner) => readInline(inner, state, context));
    // Deleted and moved-away text (w:del, w:moveFrom) is not part of what the document says.
  }
}

function readParagraph(paragraph: XmlElement, context: ReadContext): DocxParagraph {
  const properties = child(paragraph, "w:pPr");
  const state: ParagraphState = { style: context.sheet.paragraphStyleOf(properties), segments: [], text: "", fields: [], links: [] };
  paragraph.children.forEach((element) => readInline(element, state, context));
  const textual = state.segments.filter((segment) => /\S/.test(segment.text));
  const listFormat = context.sheet.listFormat(context.sheet.paragraphProperty(properties, "w:numPr"));
  const alignment = context.sheet.paragraphProperty(properties, "w:jc")?.attributes["w:val"];
  return {
    text: state.text,
    ...(child(properties, "w:pStyle") ? { style: child(properties, "w:pStyle")!.attributes["w:val"] } : {}),
    bold: textual.length > 0 && textual.every((segment) => segment.bold),
    italic: textual.length > 0 && textual.every((segment) => segment.italic),
    numbered: listFormat !== undefined,
    ...(listFormat !== undefined ? { listFormat } : {}),
    ...(alignment !== undefined ? { alignment } : {}),
    runs: state.segments,
  };
}

/** Paragraphs of a body, header or footer in reading order, table cells included. */
function readBlocks(container: XmlElement | undefined, context: ReadContext, paragraphs: DocxParagraph[] = []): DocxParagraph[] {
  for (const element of container?.children ?? []) {
    if (element.name === "w:p") paragraphs.push(readParagraph(element, context));
    else if (element.name === "w:tbl") {
      for (const row of childrenNamed(element, "w:tr")) for (const cell of childrenNamed(row, "w:tc")) readBlocks(cell, context, paragraphs);
    } else if (element.name === "w:sdt") readBlocks(child(element, "w:sdtContent"), context, paragraphs);
    else if (element.name === "w:customXml" || element.name === "w:ins" || element.name === "w:moveTo") readBlocks(element, context, paragraphs);
  }
  return paragraphs;
}

/** Headers or footers the sections show: default always, first page and even pages only when switched on. */
async function readHeadersOrFooters(
  kind: "header" | "footer",
  sections: XmlElement[],
  evenAndOdd: boolean,
  documentPackage: DocxPackage,
  relationships: Map<string, Relationship>,
  sheet: DocxStyleSheet,
): Promise<string> {
  const targets: string[] = [];
  for (const section of sections) {
    for (const reference of childrenNamed(section, `w:${kind}Reference`)) {
      const type = reference.attributes["w:type"] ?? "default";
      const shown = type === "default" || (type === "first" && isOn(child(section, "w:titlePg"))) || (type === "even" && evenAndOdd);
      const target = relationships.get(reference.attributes["r:id"] ?? "")?.target;
      if (shown && target && !targets.includes(target)) targets.push(target);
    }
  }
  const texts: string[] = [];
  for (const target of targets) {
    const partRelationships = await documentPackage.relationships(target);
    const context: ReadContext = { sheet, relationships: partRelationships, hyperlinks: [] };
    texts.push(...readBlocks(await documentPackage.xml(target), context).map((paragraph) => paragraph.text));
  }
  return texts.join("\n");
}

async function readProperties(documentPackage: DocxPackage, packageRelationships: Map<string, Relationship>): Promise<Record<string, string>> {
  const properties: Record<string, string> = {};
  const custom = await documentPackage.xml(findTarget(packageRelationships, RELATIONSHIP.custom));
  for (const property of childrenNamed(custom, "property")) {
    if (property.attributes.name) properties[property.attributes.name] = textOf(property);
  }
  // Core properties win over a custom property that happens to share a name.
  const core = await documentPackage.xml(findTarget(packageRelationships, RELATIONSHIP.core));
  for (const element of core?.children ?? []) {
    if (element.name !== "#text") properties[element.name.slice(element.name.indexOf(":") + 1)] = textOf(element);
  }
  return properties;
}

function twips(element: XmlElement | undefined, name: string): number {
  return Number(element?.attributes[name] ?? 0);
}

/**
 * Reads a DOCX the way Word would show it: paragraphs of the body with their
 * text (deleted revisions and field instructions left out), style id, bold and
 * italic resolved through styles, real list numbering and alignment; body
 * hyperlinks with their targets; header and footer text; core and custom
 * properties; the page size and margins. Used by tests and the DOCX importer.
 */
export async function readDocx(bytes: Uint8Array | ArrayBuffer | Buffer): Promise<DocxContent> {
  const documentPackage = await DocxPackage.open(bytes);
  const packageRelationships = await documentPackage.relationships("");
  const documentPath = findTarget(packageRelationships, RELATIONSHIP.officeDocument) ?? "word/document.xml";
  const relationships = await documentPackage.relationships(documentPath);
  const sheet = new DocxStyleSheet(
    await documentPackage.xml(findTarget(relationships, RELATIONSHIP.styles)),
    await documentPackage.xml(findTarget(relationships, RELATIONSHIP.numbering)),
  );
  const settings = await documentPackage.xml(findTarget(relationships, RELATIONSHIP.settings));
  const evenAndOdd = isOn(child(settings, "w:evenAndOddHeaders")) === true;
  const body = child(await documentPackage.xml(documentPath), "w:body");
  const context: ReadContext = { sheet, relationships, hyperlinks: [] };
  const paragraphs = readBlocks(body, context);
  const sections = body ? descendants(body, "w:sectPr") : [];
  const lastSection = child(body, "w:sectPr");
  const size = child(lastSection, "w:pgSz");
  const margin = child(lastSection, "w:pgMar");
  return {
    paragraphs,
    hyperlinks: context.hyperlinks,
    headerText: await readHeadersOrFooters("header", sections, evenAndOdd, documentPackage, relationships, sheet),
    footerText: await readHeadersOrFooters("footer", sections, evenAndOdd, documentPackage, relationships, sheet),
    properties: await readProperties(documentPackage, packageRelationships),
    ...(size
      ? {
          page: {
            width: twips(size, "w:w"),
            height: twips(size, "w:h"),
            margin: { top: twips(margin, "w:top"), right: twips(margin, "w:right"), bottom: twips(margin, "w:bottom"), left: twips(margin, "w:left") },
          },
        }
      : {}),
  };
}
