import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Bulletin } from "../../shared/bulletin/schema";
import type { BlockNode, BodyDoc, InlineNode, ListItemNode, Mark } from "../../shared/bulletin/body-schema";
import { bodyPlainText } from "../../shared/bulletin/plain-text";
import { parseBulletin } from "../../server/import/parse-bulletin";
import { renderMarkdown } from "../../server/export/markdown";
import { renderText } from "../../server/export/text";
import { renderDocx, DOCX_STYLE } from "../../server/export/docx";
import { readDocx } from "../docx/docx-read";
import { organizationSchema } from "../../shared/organization";
import { organization } from "./seed-001";

const options = { organization, draft: false };
// ROUNDTRIP_RUNS=5000 searches deeper locally; the default keeps the suite at a few seconds.
const runs = Number(process.env.ROUNDTRIP_RUNS ?? 100);

// ---------- canonical forms: what "the same bulletin" means across formats ----------

const MARK_ORDER = ["link", "bold", "italic"];

function canonicalMarks(marks: Mark[] | undefined): Mark[] | undefined {
  if (!marks || marks.length === 0) return undefined;
  return [...marks].sort((left, right) => MARK_ORDER.indexOf(left.type) - MARK_ORDER.indexOf(right.type));
}

/** Adjacent texts with the same marks merged, marks in one order: how two equal bodies can differ. */
function canonicalInline(nodes: InlineNode[], stripMarks: boolean): InlineNode[] {
  const result: InlineNode[] = [];
  for (const node of nodes) {
    // Plain text has no way to tell a hard break from a wrapped line: the importer reads it as a space.
    const current: InlineNode = stripMarks && node.type === "hardBreak" ? { type: "text", text: " " } : node;
    const marks = stripMarks ? undefined : canonicalMarks(current.marks);
    const last = result[result.length - 1];
    if (current.type === "text" && last?.type === "text" && JSON.stringify(last.marks) === JSON.stringify(marks)) {
      last.text += current.text;
    } else if (current.type === "text") {
      result.push(marks ? { type: "text", text: current.text, marks } : { type: "text", text: current.text });
    } else {
      result.push(marks ? { type: "hardBreak", marks } : { type: "hardBreak" });
    }
  }
  return result;
}

function canonicalBlock(block: BlockNode, stripMarks: boolean): BlockNode {
  switch (block.type) {
    case "paragraph":
      return { type: "paragraph", content: canonicalInline(block.content ?? [], stripMarks) };
    case "blockquote":
      return { type: "blockquote", content: block.content.map((inner) => canonicalBlock(inner, stripMarks)) };
    case "bulletList":
    case "orderedList": {
      const items: ListItemNode[] = block.content.map((item) => ({
        type: "listItem",
        content: item.content.map((inner) => canonicalBlock(inner, stripMarks)),
      }));
      return block.type === "bulletList"
        ? { type: "bulletList", content: items }
        : { type: "orderedList", ...(block.attrs?.start && block.attrs.start !== 1 ? { attrs: { start: block.attrs.start } } : {}), content: items };
    }
  }
}

function canonical(bulletin: Bulletin, stripMarks = false): Bulletin {
  const body: BodyDoc = { type: "doc", content: bulletin.body.content.map((block) => canonicalBlock(block, stripMarks)) };
  return { ...bulletin, body };
}

/** Link targets of a body in reading order; consecutive nodes under one target are one hyperlink. */
function bodyLinks(blocks: BlockNode[], links: string[] = []): string[] {
  for (const block of blocks) {
    if (block.type === "paragraph") {
      let previous: string | null = null;
      for (const node of block.content ?? []) {
        const link = node.marks?.find((mark) => mark.type === "link");
        const href = link?.type === "link" ? link.attrs.href : null;
        if (href && href !== previous) links.push(href);
        previous = href;
      }
    } else if (block.type === "blockquote") bodyLinks(block.content, links);
    else for (const item of block.content) bodyLinks(item.content, links);
  }
  return links;
}

// ---------- generators ----------

const LETTERS = [..."abcdefghijklmnñopqrstuvwxyzáéíóúüABCDEFGHIJKLMNÑOPQRSTUVWXYZÁÉÍÓÚ"];
/** Characters the plain-text export writes as they are: no markup meaning to the importer. */
const SAFE_PUNCTUATION = [..."-.,;:()“”¿?¡!0123456789>/"];
/** Characters that are markup in Markdown and must survive through escaping. */
const MARKUP = [..."*_[]\\-><#`+·"];

const word = (units: string[]) => fc.string({ unit: fc.constantFrom(...units), minLength: 1, maxLength: 7 });
const lettersWord = word(LETTERS);

/** A trimmed single line: first word of letters, so the line never starts a block by accident. */
function lineOf(units: string[], hostileStart = false): fc.Arbitrary<string> {
  const first = hostileStart ? fc.oneof(lettersWord, word(units)) : lettersWord;
  return fc.tuple(first, fc.array(word(units), { maxLength: 5 })).map(([head, rest]) => [head, ...rest].join(" "));
}

const url = fc
  .tuple(
    fc.constantFrom("https://www.imss.gob.mx", "http://drive.google.com", "https://we.tl"),
    fc.array(fc.string({ unit: fc.constantFrom(..."abcXYZ019_-.~()*!"), minLength: 1, maxLength: 6 }), { maxLength: 3 }),
    fc.option(fc.constantFrom("?usp=drive_link", "?a=1&b=2", "#parte"), { nil: "" }),
  )
  .map(([origin, segments, query]) => `${origin}/${segments.join("/")}${query}`);

interface Segment {
  text: string;
  bold: boolean;
  italic: boolean;
  href: string | null;
}

function inlineOf(line: fc.Arbitrary<string>, withMarks: boolean): fc.Arbitrary<InlineNode[]> {
  const segment: fc.Arbitrary<Segment> = fc.record({
    text: line,
    bold: withMarks ? fc.boolean() : fc.constant(false),
    italic: withMarks ? fc.boolean() : fc.constant(false),
    href: withMarks ? fc.option(url, { nil: null, freq: 3 }) : fc.constant(null),
  });
  const separator = fc.constantFrom("space", "space", "none", "break");
  return fc.array(fc.tuple(segment, separator), { minLength: 1, maxLength: 4 }).map((pairs) => {
    const nodes: InlineNode[] = [];
    pairs.forEach(([{ text, bold, italic, href }, joiner], index) => {
      if (index > 0 && joiner === "space") nodes.push({ type: "text", text: " " });
      if (index > 0 && joiner === "break") nodes.push({ type: "hardBreak" });
      const marks: Mark[] = [
        ...(italic ? [{ type: "italic" as const }] : []),
        ...(href ? [{ type: "link" as const, attrs: { href } }] : []),
        ...(bold ? [{ type: "bold" as const }] : []),
      ];
      nodes.push(marks.length > 0 ? { type: "text", text, marks } : { type: "text", text });
    });
    return canonicalInline(nodes, false);
  });
}

function bodyOf(line: fc.Arbitrary<string>, withMarks: boolean): fc.Arbitrary<BodyDoc> {
  const paragraph = inlineOf(line, withMarks).map((content): BlockNode => ({ type: "paragraph", content }));
  const item = (nested: fc.Arbitrary<BlockNode[]>) =>
    fc.tuple(paragraph, nested).map(([first, rest]): ListItemNode => ({ type: "listItem", content: [first, ...rest] }));
  const noBlocks = fc.constant<BlockNode[]>([]);
  const innerList = fc.array(item(noBlocks), { minLength: 1, maxLength: 2 }).map((content): BlockNode => ({ type: "bulletList", content }));
  const nested = fc.oneof({ weight: 4, arbitrary: noBlocks }, { weight: 1, arbitrary: innerList.map((list): BlockNode[] => [list]) });
  const items = fc.array(item(nested), { minLength: 1, maxLength: 3 });
  const bulletList = items.map((content): BlockNode => ({ type: "bulletList", content }));
  const orderedList = fc.tuple(items, fc.constantFrom(1, 1, 3, 12)).map(
    ([content, start]): BlockNode => ({ type: "orderedList", ...(start !== 1 ? { attrs: { start } } : {}), content }),
  );
  const blockquote = fc.array(paragraph, { minLength: 1, maxLength: 2 }).map((content): BlockNode => ({ type: "blockquote", content }));
  const block = fc.oneof({ weight: 4, arbitrary: paragraph }, bulletList, orderedList, blockquote);
  return fc.tuple(block, fc.array(block, { maxLength: 4 })).map(([first, rest]) => ({ type: "doc", content: [first, ...rest] }));
}

const isoDate = fc
  .date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2030-12-31T00:00:00Z"), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

function bulletinOf(line: fc.Arbitrary<string>, body: fc.Arbitrary<BodyDoc>): fc.Arbitrary<Bulletin> {
  return fc
    .record({
      number: fc.option(fc.record({ seq: fc.integer({ min: 1, max: 9999 }), year: fc.integer({ min: 2000, max: 2030 }) }), { nil: null }),
      date: fc.option(isoDate, { nil: null }),
      place: fc.constantFrom("Ciudad de México", "Puebla, Pue.", "Xalapa, Ver."),
      title: line,
      highlights: fc.array(line, { maxLength: 3 }),
      body,
      photoLinks: fc.array(url, { maxLength: 2 }),
      videoLinks: fc.array(url, { maxLength: 2 }),
    })
    .map(({ place, date, ...rest }) => ({ ...rest, date, place: date ? place : null }));
}

const markdownBulletin = bulletinOf(lineOf([...LETTERS, ...MARKUP, ...SAFE_PUNCTUATION], true), bodyOf(lineOf([...LETTERS, ...MARKUP, ...SAFE_PUNCTUATION], true), true));
// Plain text has no escapes: its lines hold no markup characters and start with a letter, and a body
// opening with a bullet list right under the headline would read as highlights, so it has highlights then.
const textBulletin = bulletinOf(lineOf([...LETTERS, ...SAFE_PUNCTUATION]), bodyOf(lineOf([...LETTERS, ...SAFE_PUNCTUATION]), true)).filter(
  (bulletin) => bulletin.highlights.length > 0 || bulletin.body.content[0]?.type !== "bulletList",
);

// ---------- properties ----------

const seedsDirectory = join(import.meta.dirname, "../../seeds");
const seeds = readdirSync(seedsDirectory)
  .filter((name) => name.endsWith(".txt"))
  .sort()
  .map((name) => ({ name, bulletin: parseBulletin(readFileSync(join(seedsDirectory, name), "utf8")).bulletin }));

async function expectDocxCarries(bulletin: Bulletin): Promise<void> {
  const content = await readDocx(await renderDocx(bulletin, options));
  const styled = (style: string) => content.paragraphs.filter((paragraph) => paragraph.style === style).map((paragraph) => paragraph.text);
  expect(styled(DOCX_STYLE.headline)).toEqual(bulletin.title.trim() ? [bulletin.title] : []);
  expect(styled(DOCX_STYLE.highlight)).toEqual(bulletin.highlights.filter((text) => text.trim()));
  const bodyTexts = content.paragraphs
    .filter((paragraph) => paragraph.style === DOCX_STYLE.body || paragraph.style === DOCX_STYLE.quote)
    .map((paragraph) => paragraph.text);
  expect(bodyTexts).toEqual(bodyPlainText(bulletin.body));
  expect(content.hyperlinks.map((link) => link.url)).toEqual([...bodyLinks(bulletin.body.content), ...bulletin.photoLinks, ...bulletin.videoLinks]);
}

describe("round trips", () => {
  it("parseBulletin(renderMarkdown(bulletin)) gives the bulletin back", () => {
    fc.assert(
      fc.property(markdownBulletin, (bulletin) => {
        const markdown = renderMarkdown(bulletin, options);
        expect(canonical(parseBulletin(markdown).bulletin)).toEqual(canonical(bulletin));
      }),
      { numRuns: runs },
    );
  });

  it("a profile whose label, closing mark and link titles look like Markdown still reads back from Markdown", () => {
    const profile = organizationSchema.parse({
      ...organization,
      label: "# <b>BOLETÍN</b>",
      closingMark: "[a](javascript:x)",
      photoLinksLabel: "# FOTOS",
      videoLinksLabel: "- VIDEO",
    });
    fc.assert(
      fc.property(markdownBulletin, (bulletin) => {
        const markdown = renderMarkdown(bulletin, { organization: profile, draft: false });
        const read = parseBulletin(markdown, profile);
        expect(canonical(read.bulletin), markdown).toEqual(canonical(bulletin));
        expect(read.warnings.join(" ")).not.toMatch(/marca de cierre|Se descartó/);
      }),
      { numRuns: runs },
    );
  });

  it("parseBulletin(renderText(bulletin)) gives the bulletin back without marks", () => {
    fc.assert(
      fc.property(textBulletin, (bulletin) => {
        const text = renderText(bulletin, options);
        expect(canonical(parseBulletin(text).bulletin, true)).toEqual(canonical(bulletin, true));
      }),
      { numRuns: runs },
    );
  });

  it("a DOCX read back carries the headline, highlights, paragraph texts and link URLs", async () => {
    await fc.assert(
      fc.asyncProperty(markdownBulletin, (bulletin) => expectDocxCarries(bulletin)),
      { numRuns: Math.ceil(runs / 3) },
    );
  });

  describe.each(seeds)("seed $name", ({ bulletin }) => {
    it("comes back from Markdown unchanged", () => {
      expect(canonical(parseBulletin(renderMarkdown(bulletin, options)).bulletin)).toEqual(canonical(bulletin));
    });

    it("comes back from text with the same fields and text", () => {
      expect(canonical(parseBulletin(renderText(bulletin, options)).bulletin, true)).toEqual(canonical(bulletin, true));
    });

    it("comes back from DOCX with the same headline, highlights, paragraphs and links", async () => {
      await expectDocxCarries(bulletin);
    });
  });
});
