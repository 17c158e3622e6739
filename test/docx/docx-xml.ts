import JSZip from "jszip";
import { XMLParser } from "fast-xml-parser";

/*
 * The package and XML layer under docx-read.ts: parts, relationships, namespaces,
 * styles and numbering, read the way Word resolves them.
 */

/** An XML element with namespace prefixes normalised to w: and r:. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAMESPACES: Record<string, string> = {
  "http://schemas.openxmlformats.org/wordprocessingml/2006/main": "w",
  "http://purl.oclc.org/ooxml/wordprocessingml/main": "w",
  "http://schemas.openxmlformats.org/officeDocument/2006/relationships": "r",
  "http://purl.oclc.org/ooxml/officeDocument/relationships": "r",
};
/** Relationship types by the ending of their URI (transitional and strict share it). */
export const RELATIONSHIP = {
  officeDocument: /\/officeDocument$/,
  core: /\/core-properties$/,
  custom: /\/custom-properties$/,
  styles: /\/styles$/,
  numbering: /\/numbering$/,
  settings: /\/settings$/,
  header: /\/header$/,
  footer: /\/footer$/,
  hyperlink: /\/hyperlink$/,
};

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  preserveOrder: true,
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: false,
  cdataPropName: "#cdata",
});

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, entity: string) => {
    if (entity[0] === "#") {
      const code = entity[1] === "x" || entity[1] === "X" ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return String.fromCodePoint(code);
    }
    return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[entity.toLowerCase()] ?? "";
  });
}

// Prefixes are the author's choice; Word goes by namespace URI, so names are rewritten to w:/r: by URI.
function qualify(name: string, scope: Record<string, string>): string {
  const colon = name.indexOf(":");
  const prefix = colon < 0 ? "" : name.slice(0, colon);
  const uri = scope[prefix];
  const canonical = uri ? NAMESPACES[uri] : undefined;
  return canonical ? `${canonical}:${name.slice(colon + 1)}` : name;
}

type OrderedNode = Record<string, unknown>;

function toElements(nodes: OrderedNode[], scope: Record<string, string>): XmlElement[] {
  const elements: XmlElement[] = [];
  for (const node of nodes) {
    if ("#text" in node) {
      elements.push({ name: "#text", attributes: {}, children: [], text: decodeEntities(String(node["#text"])) });
      continue;
    }
    if ("#cdata" in node) {
      const parts = (node["#cdata"] as OrderedNode[]).map((part) => String(part["#text"] ?? ""));
      elements.push({ name: "#text", attributes: {}, children: [], text: parts.join("") });
      continue;
    }
    const rawAttributes = (node[":@"] ?? {}) as Record<string, string>;
    const innerScope = { ...scope };
    for (const [key, value] of Object.entries(rawAttributes)) {
      if (key === "xmlns") innerScope[""] = value;
      else if (key.startsWith("xmlns:")) innerScope[key.slice(6)] = value;
    }
    const name = Object.keys(node).find((key) => key !== ":@")!;
    const attributes: Record<string, string> = {};
    for (const [key, value] of Object.entries(rawAttributes)) {
      attributes[key.includes(":") ? qualify(key, innerScope) : key] = decodeEntities(value);
    }
    const children = toElements((node[name] ?? []) as OrderedNode[], innerScope);
    elements.push({ name: qualify(name, innerScope), attributes, children, text: "" });
  }
  return elements;
}

/** Parses one XML part; the root element, or undefined for an empty part. */
export function parseXml(xml: string): XmlElement | undefined {
  return toElements(parser.parse(xml) as OrderedNode[], {}).find((element) => element.name !== "#text");
}

/** The first child element with that (normalised) name. */
export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((candidate) => candidate.name === name);
}

/** All child elements with that name, in order. */
export function childrenNamed(element: XmlElement | undefined, name: string): XmlElement[] {
  return element?.children.filter((candidate) => candidate.name === name) ?? [];
}

/** All descendant elements with that name, in document order. */
export function descendants(element: XmlElement, name: string, found: XmlElement[] = []): XmlElement[] {
  for (const candidate of element.children) {
    if (candidate.name === name) found.push(candidate);
    descendants(candidate, name, found);
  }
  return found;
}

/** The concatenated character data under an element. */
export function textOf(element: XmlElement): string {
  return element.children.map((node) => (node.name === "#text" ? node.text : textOf(node))).join("");
}

/** An OOXML on/off value: present without `w:val`, or with 1/true/on, means on. */
export function isOn(element: XmlElement | undefined): boolean | undefined {
  if (!element) return undefined;
  const value = element.attributes["w:val"];
  return value === undefined || !["0", "false", "off", "none"].includes(value);
}

/** One relationship of a part. */
export interface Relationship {
  type: string;
  /** Package path for an internal target, as written for an external one. */
  target: string;
  rawTarget: string;
  external: boolean;
}

/** A package part and the relationships it holds. */
export class DocxPackage {
  private constructor(private readonly zip: JSZip) {}

  static async open(bytes: Uint8Array | ArrayBuffer | Buffer): Promise<DocxPackage> {
    return new DocxPackage(await JSZip.loadAsync(bytes));
  }

  async xml(path: string | undefined): Promise<XmlElement | undefined> {
    const file = path ? this.zip.file(path) : null;
    return file ? parseXml(await file.async("string")) : undefined;
  }

  /** Relationships of a part by id; internal targets resolved to package paths. */
  async relationships(partPath: string): Promise<Map<string, Relationship>> {
    const directory = partPath.includes("/") ? partPath.slice(0, partPath.lastIndexOf("/") + 1) : "";
    const fileName = partPath.slice(directory.length);
    const root = await this.xml(`${directory}_rels/${fileName}.rels`);
    const relationships = new Map<string, Relationship>();
    for (const relationship of childrenNamed(root, "Relationship")) {
      const external = relationship.attributes.TargetMode === "External";
      const target = relationship.attributes.Target ?? "";
      relationships.set(relationship.attributes.Id ?? "", {
        type: relationship.attributes.Type ?? "",
        target: external ? target : resolvePath(directory, target),
        rawTarget: target,
        external,
      });
    }
    return relationships;
  }
}

function resolvePath(directory: string, target: string): string {
  const segments = (target.startsWith("/") ? target.slice(1) : directory + target).split("/");
  const resolved: string[] = [];
  for (const segment of segments) {
    if (segment === "..") resolved.pop();
    else if (segment !== "." && segment !== "") resolved.push(segment);
  }
  return resolved.join("/");
}

/** The target of the first relationship of that type. */
export function findTarget(relationships: Map<string, Relationship>, type: RegExp): string | undefined {
  for (const relationship of relationships.values()) if (type.test(relationship.type)) return relationship.target;
  return undefined;
}

/** Run formatting a reader sees; undefined means not set at that layer. */
export interface Formatting {
  bold?: boolean;
  italic?: boolean;
  hidden?: boolean;
}

/** Styles and numbering needed to know what a paragraph really looks like. */
export class DocxStyleSheet {
  private readonly styles = new Map<string, XmlElement>();
  private readonly abstractNumbers = new Map<string, XmlElement>();
  private readonly numbers = new Map<string, XmlElement>();
  private readonly defaults: Formatting;
  private readonly defaultParagraphStyle?: string;

  constructor(styles: XmlElement | undefined, numbering: XmlElement | undefined) {
    for (const style of childrenNamed(styles, "w:style")) {
      this.styles.set(style.attributes["w:styleId"] ?? "", style);
      const isDefault = ["1", "true", "on"].includes(style.attributes["w:default"] ?? "");
      if (style.attributes["w:type"] === "paragraph" && isDefault) {
        this.defaultParagraphStyle = style.attributes["w:styleId"];
      }
    }
    this.defaults = runFormatting(child(child(child(styles, "w:docDefaults"), "w:rPrDefault"), "w:rPr"));
    for (const abstract of childrenNamed(numbering, "w:abstractNum")) this.abstractNumbers.set(abstract.attributes["w:abstractNumId"] ?? "", abstract);
    for (const number of childrenNamed(numbering, "w:num")) this.numbers.set(number.attributes["w:numId"] ?? "", number);
  }

  /** The style and the styles it is based on, nearest first. */
  private chain(styleId: string | undefined): XmlElement[] {
    const chain: XmlElement[] = [];
    let current = styleId ? this.styles.get(styleId) : undefined;
    while (current && !chain.includes(current)) {
      chain.push(current);
      const basedOn = child(current, "w:basedOn")?.attributes["w:val"];
      current = basedOn ? this.styles.get(basedOn) : undefined;
    }
    return chain;
  }

  paragraphStyleOf(paragraphProperties: XmlElement | undefined): string | undefined {
    return child(paragraphProperties, "w:pStyle")?.attributes["w:val"] ?? this.defaultParagraphStyle;
  }

  /** The first value of a paragraph property found on the paragraph, then up its style chain. */
  paragraphProperty(paragraphProperties: XmlElement | undefined, name: string): XmlElement | undefined {
    const direct = child(paragraphProperties, name);
    if (direct) return direct;
    for (const style of this.chain(this.paragraphStyleOf(paragraphProperties))) {
      const found = child(child(style, "w:pPr"), name);
      if (found) return found;
    }
    return undefined;
  }

  /** Run formatting: document defaults, then paragraph style, character style, direct, each overriding. */
  runFormatting(paragraphStyle: string | undefined, runProperties: XmlElement | undefined): Formatting {
    const layers = [
      ...this.chain(paragraphStyle).reverse().map((style) => runFormatting(child(style, "w:rPr"))),
      ...this.chain(child(runProperties, "w:rStyle")?.attributes["w:val"]).reverse().map((style) => runFormatting(child(style, "w:rPr"))),
      runFormatting(runProperties),
    ];
    return layers.reduce<Formatting>((result, layer) => ({ ...result, ...definedOnly(layer) }), { ...this.defaults });
  }

  /** The list format of a paragraph's numbering, or undefined when Word shows no number. */
  listFormat(numberingProperties: XmlElement | undefined): string | undefined {
    const numberId = child(numberingProperties, "w:numId")?.attributes["w:val"];
    if (!numberId || numberId === "0") return undefined;
    const number = this.numbers.get(numberId);
    if (!number) return undefined;
    const level = child(numberingProperties, "w:ilvl")?.attributes["w:val"] ?? "0";
    const override = childrenNamed(number, "w:lvlOverride").find((candidate) => candidate.attributes["w:ilvl"] === level);
    const abstract = this.abstractNumbers.get(child(number, "w:abstractNumId")?.attributes["w:val"] ?? "");
    const levelElement =
      child(override, "w:lvl") ?? childrenNamed(abstract, "w:lvl").find((candidate) => candidate.attributes["w:ilvl"] === level);
    return child(levelElement, "w:numFmt")?.attributes["w:val"] ?? "decimal";
  }
}

function runFormatting(runProperties: XmlElement | undefined): Formatting {
  return { bold: isOn(child(runProperties, "w:b")), italic: isOn(child(runProperties, "w:i")), hidden: isOn(child(runProperties, "w:vanish")) };
}

function definedOnly(formatting: Formatting): Formatting {
  return Object.fromEntries(Object.entries(formatting).filter(([, value]) => value !== undefined));
}

