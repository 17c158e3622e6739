import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Parser, type Node } from "commonmark";
import { bulletinSchema, type Bulletin } from "../../shared/bulletin/schema";
import { organizationSchema } from "../../shared/organization";
import type { BlockNode, InlineNode, Mark } from "../../shared/bulletin/body-schema";
import { renderDocx } from "../../server/export/docx";
import { readDocx } from "../docx/docx-read";
import { renderMarkdown } from "../../server/export/markdown";
import { renderText } from "../../server/export/text";
import { organization, seed001 } from "./seed-001";
import { codePointName } from "../../shared/bulletin/storable-text";
import { expectWellFormedDocx, hostileLink, hostileString, XML_FORBIDDEN } from "./hostile-text";

// HOSTILE_RUNS=2000 searches deeper locally; the default keeps the file at a few seconds.
const runs = Number(process.env.HOSTILE_RUNS ?? 120);
const ONE_LINE_BREAKS = /[\n\r\u000B\u000C\u0085\u2028\u2029]/;

// ---------- generators: bulletins as a careless paste or an attacker would send them ----------

const marks: fc.Arbitrary<Mark[]> = fc
  .record({ bold: fc.boolean(), italic: fc.boolean(), href: fc.option(hostileLink, { nil: null, freq: 3 }) })
  .map(({ bold, italic, href }) => [
    ...(href !== null ? [{ type: "link" as const, attrs: { href } }] : []),
    ...(bold ? [{ type: "bold" as const }] : []),
    ...(italic ? [{ type: "italic" as const }] : []),
  ]);

const inline: fc.Arbitrary<InlineNode> = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(hostileString.map((text) => text || "x"), marks).map(([text, list]): InlineNode => (list.length ? { type: "text", text, marks: list } : { type: "text", text })) },
  { weight: 1, arbitrary: fc.constant<InlineNode>({ type: "hardBreak" }) },
);

const paragraph = fc
  .array(inline, { maxLength: 4 })
  .map((content): BlockNode => (content.length ? { type: "paragraph", content } : { type: "paragraph" }));

const block: fc.Arbitrary<BlockNode> = fc.oneof(
  { weight: 4, arbitrary: paragraph },
  { weight: 1, arbitrary: fc.array(paragraph, { minLength: 1, maxLength: 2 }).map((content): BlockNode => ({ type: "blockquote", content })) },
  {
    weight: 1,
    arbitrary: fc
      .array(paragraph, { minLength: 1, maxLength: 2 })
      .map((items): BlockNode => ({ type: "bulletList", content: items.map((item) => ({ type: "listItem", content: [item] })) })),
  },
);

/** Any JSON a client could send as a bulletin, with hostile text in every field. */
const rawBulletin = fc.record({
  number: fc.option(fc.record({ seq: fc.integer({ min: 1, max: 9999 }), year: fc.constant(2026) }), { nil: null }),
  place: fc.option(hostileString, { nil: null }),
  date: fc.option(fc.constantFrom("2026-03-04", "2024-09-25"), { nil: null }),
  title: hostileString,
  highlights: fc.array(hostileString, { maxLength: 3 }),
  body: fc.array(block, { maxLength: 4 }).map((content) => ({ type: "doc" as const, content })),
  photoLinks: fc.array(hostileLink, { maxLength: 2 }),
  videoLinks: fc.array(hostileLink, { maxLength: 2 }),
});

// ---------- what every export of an accepted bulletin must be ----------

function strings(value: unknown, found: string[] = []): string[] {
  if (typeof value === "string") found.push(value);
  else if (Array.isArray(value)) for (const item of value) strings(item, found);
  else if (value && typeof value === "object") for (const item of Object.values(value)) strings(item, found);
  return found;
}

function hrefs(blocks: BlockNode[], found: string[] = []): string[] {
  for (const node of blocks) {
    if (node.type === "paragraph") {
      for (const child of node.content ?? []) for (const mark of child.marks ?? []) if (mark.type === "link") found.push(mark.attrs.href);
    } else if (node.type === "blockquote") hrefs(node.content, found);
    else for (const item of node.content) hrefs(item.content, found);
  }
  return found;
}

/** The block kinds CommonMark reads at the top of a Markdown export. */
function topLevelKinds(markdown: string): string[] {
  const kinds: string[] = [];
  for (let node: Node | null = new Parser().parse(markdown).firstChild; node; node = node.next) kinds.push(node.type);
  return kinds;
}

/** Every block kind anywhere in a Markdown export. */
function allKinds(markdown: string): Set<string> {
  const kinds = new Set<string>();
  const walker = new Parser().parse(markdown).walker();
  for (let event = walker.next(); event; event = walker.next()) if (event.entering && event.node.isContainer) kinds.add(event.node.type);
  return kinds;
}

/** The blocks the layout writes, in order: nothing a field holds may add, split or turn one into a heading. */
function expectedKinds(bulletin: Bulletin, draft: boolean): string[] {
  const kinds: string[] = [];
  if (draft) kinds.push("paragraph");
  kinds.push("paragraph");
  if (bulletin.date) kinds.push("paragraph");
  if (bulletin.number || draft) kinds.push("paragraph");
  if (bulletin.title.trim()) kinds.push("paragraph");
  const body = renderedBlocks(bulletin.body.content);
  if (bulletin.highlights.some((text) => text.trim())) kinds.push("list");
  else if (body[0] === "list") kinds.push("html_block");
  kinds.push(...body, "paragraph");
  for (const links of [bulletin.photoLinks, bulletin.videoLinks]) if (links.length) kinds.push("paragraph", "paragraph");
  // CommonMark makes one list of two bullet lists with only a blank line between.
  return kinds.filter((kind, index) => !(kind === "list" && kinds[index - 1] === "list"));
}

/** A hard break, text that is not blank, or marks around it (`**\uFEFF**`, `[ ](https://…)`) make a paragraph. */
function writesSomething(node: InlineNode): boolean {
  if (node.type === "hardBreak" || /\n/.test(node.text) || node.text.trim() !== "") return true;
  const marks = node.marks ?? [];
  return marks.some((mark) => mark.type === "link") || (marks.length > 0 && /[^ \t]/.test(node.text));
}

// As the layout writes a body block: a paragraph of blank text is left out; a quote or list always shows its marker.
function renderedBlocks(blocks: BlockNode[]): string[] {
  return blocks
    .filter((node) => node.type !== "paragraph" || (node.content ?? []).some(writesSomething))
    .map((node) => (node.type === "paragraph" ? "paragraph" : node.type === "blockquote" ? "block_quote" : "list"));
}

describe("every export of any accepted bulletin opens, whatever its text", () => {
  it("the schema accepts or refuses; every accepted bulletin gives well-formed DOCX, and TXT and Markdown that keep the layout", async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(rawBulletin, fc.boolean(), async (raw, draft) => {
        const parsed = bulletinSchema.safeParse(raw);
        if (!parsed.success) {
          // A refusal names where: the path of the field that holds what was refused.
          expect(parsed.error.issues.every((issue) => typeof issue.message === "string" && issue.message.length > 0)).toBe(true);
          return;
        }
        accepted += 1;
        const bulletin = parsed.data;
        for (const text of strings(bulletin)) expect(XML_FORBIDDEN.test(text), JSON.stringify(text)).toBe(false);
        for (const field of [bulletin.title, bulletin.place ?? "", ...bulletin.highlights]) expect(ONE_LINE_BREAKS.test(field), JSON.stringify(field)).toBe(false);
        for (const link of [...bulletin.photoLinks, ...bulletin.videoLinks, ...hrefs(bulletin.body.content)]) {
          expect(link).toMatch(/^https?:\/\/[^\s\\/@]+\.[^\s\\/@]+(?:[/?#][^\s\\]*)?$/i);
        }

        const options = { organization, draft };
        await expectWellFormedDocx(await renderDocx(bulletin, options), JSON.stringify(raw).slice(0, 300));

        const text = renderText(bulletin, options);
        expect(XML_FORBIDDEN.test(text)).toBe(false);
        if (bulletin.title.trim()) expect(text.split("\n")).toContain(bulletin.title);

        const markdown = renderMarkdown(bulletin, options);
        expect(XML_FORBIDDEN.test(markdown)).toBe(false);
        const kinds = allKinds(markdown);
        for (const kind of ["heading", "code_block", "thematic_break"]) expect(kinds.has(kind), `${kind} in ${JSON.stringify(markdown)}`).toBe(false);
        expect(topLevelKinds(markdown), JSON.stringify(markdown)).toEqual(expectedKinds(bulletin, draft));
      }),
      { numRuns: runs },
    );
    // The generator must reach the exporters, not only the refusals.
    expect(accepted).toBeGreaterThan(runs / 10);
  });
});

describe("one-line fields stay one line in every export", () => {
  const numbered: Bulletin = { ...seed001, number: { seq: 5, year: 2026 }, date: "2026-03-04" };

  it("a line break in the headline does not add a number line to the TXT", () => {
    const bulletin = bulletinSchema.parse({ ...numbered, title: "Titular\nNo. 999/2026." });
    expect(bulletin.title).toBe("Titular No. 999/2026.");
    const lines = renderText(bulletin, { organization, draft: false }).split("\n");
    expect(lines).toContain("Titular No. 999/2026.");
    expect(lines).not.toContain("No. 999/2026.");
  });

  it("every kind of line break in the headline, place and highlights becomes a space", () => {
    const breaks = ["\n", "\r\n", "\r", "\u2028", "\u2029", "\u0085", "\u000B", "\u000C"];
    for (const lineBreak of breaks) {
      const bulletin = bulletinSchema.parse({
        ...numbered,
        place: `Ciudad${lineBreak}de México`,
        title: `Titular${lineBreak}segunda parte`,
        highlights: [`Destacado${lineBreak}- falso`],
      });
      expect([bulletin.place, bulletin.title, bulletin.highlights[0]], JSON.stringify(lineBreak)).toEqual([
        "Ciudad de México",
        "Titular segunda parte",
        "Destacado - falso",
      ]);
    }
  });

  it("a revision stored before the rule still exports its headline and highlights as one line", () => {
    const stored: Bulletin = { ...numbered, title: "Titular\nNo. 999/2026.", highlights: ["Destacado\n# Falso"] };
    const text = renderText(stored, { organization, draft: false });
    expect(text.split("\n")).not.toContain("No. 999/2026.");
    expect(text).toContain("- Destacado # Falso\n");
    expect(allKinds(renderMarkdown(stored, { organization, draft: false })).has("heading")).toBe(false);
  });
});

describe("no field can start a Markdown block", () => {
  const options = { organization, draft: false };
  const base: Bulletin = { ...seed001, number: { seq: 5, year: 2026 }, date: "2026-03-04" };

  it.each([
    ["a headline `# Falso`", { title: "# Falso" }],
    ["a headline over `===`", { title: "Titular\n===" }],
    ["a headline over `---`", { title: "Titular\n---" }],
    ["a place `# Falso`", { place: "# Falso" }],
    ["a highlight with a heading line", { highlights: ["Destacado\n# Falso"] }],
    ["a paragraph over `===`", { body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Párrafo\n===" }] }] } }],
    ["a paragraph opening a code fence", { body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "~~~\ncódigo\n~~~" }] }] } }],
    ["a paragraph indented four spaces", { body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "    código" }] }] } }],
    ["a paragraph opening an HTML block", { body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "<div>\nhola" }] }] } }],
  ])("%s", (_name, changes) => {
    const bulletin = bulletinSchema.parse({ ...base, ...changes });
    const markdown = renderMarkdown(bulletin, options);
    const kinds = allKinds(markdown);
    for (const kind of ["heading", "code_block", "html_block", "thematic_break"]) expect(kinds.has(kind), `${kind}: ${markdown}`).toBe(false);
    expect(topLevelKinds(markdown)).toEqual(expectedKinds(bulletin, false));
  });
});

describe("no line of the organisation profile can start a Markdown block, or write HTML or a link", () => {
  const base: Bulletin = { ...seed001, number: { seq: 5, year: 2026 }, date: "2026-03-04", videoLinks: ["https://imss.gob.mx/video"] };
  const hostile = organizationSchema.parse({
    ...organization,
    label: "<img src=x onerror=alert(1)>",
    closingMark: "[a](javascript:x)",
    photoLinksLabel: "# FOTOS",
    videoLinksLabel: "- VIDEO",
  });

  /** Every node CommonMark reads that is not text in a paragraph or the links' autolinks. */
  function markup(markdown: string): string[] {
    const found: string[] = [];
    const walker = new Parser().parse(markdown).walker();
    for (let event = walker.next(); event; event = walker.next()) {
      const node = event.node;
      if (!event.entering || ["document", "paragraph", "text", "softbreak", "list", "item", "strong"].includes(node.type)) continue;
      if (node.type === "link" && /^https:\/\/(imss\.gob\.mx|imssmx\.sharepoint\.com)\//.test(node.destination ?? "")) continue;
      found.push(node.type === "link" ? `link ${node.destination}` : node.type);
    }
    return found;
  }

  it("an admin's label, closing mark and link titles stay text in every .md", () => {
    const markdown = renderMarkdown(base, { organization: hostile, draft: false });
    expect(markup(markdown), markdown).toEqual([]);
    expect(topLevelKinds(markdown)).toEqual(expectedKinds(base, false));
    const paragraphs: string[] = [];
    for (let node: Node | null = new Parser().parse(markdown).firstChild; node; node = node.next) {
      let text = "";
      for (let child = node.firstChild; child; child = child.next) text += child.literal ?? "";
      if (node.type === "paragraph") paragraphs.push(text);
    }
    expect(paragraphs).toEqual(expect.arrayContaining(["<img src=x onerror=alert(1)>", "[a](javascript:x)", "# FOTOS", "- VIDEO"]));
  });

  it("the standard label and closing mark come out exactly as written", () => {
    const lines = renderMarkdown(base, { organization, draft: false }).split("\n");
    expect(lines).toContain("BOLETÍN DE PRENSA");
    expect(lines).toContain("---o0o---");
    expect(lines).toContain("LINK FOTOS");
  });

  it("whatever one-line text a profile accepts, the layout keeps its blocks", () => {
    const profile = fc.record({ label: hostileString, closingMark: hostileString, photoLinksLabel: hostileString, videoLinksLabel: hostileString });
    let accepted = 0;
    fc.assert(
      fc.property(profile, (changes) => {
        const parsed = organizationSchema.safeParse({ ...organization, ...changes });
        if (!parsed.success) return;
        accepted += 1;
        const markdown = renderMarkdown(base, { organization: parsed.data, draft: false });
        expect(markup(markdown), JSON.stringify(markdown)).toEqual([]);
        expect(topLevelKinds(markdown), JSON.stringify(markdown)).toEqual(expectedKinds(base, false));
      }),
      { numRuns: runs },
    );
    expect(accepted).toBeGreaterThan(runs / 10);
  });
});

describe("text the schema refuses or cleans", () => {
  it("refuses U+FFFE, U+FFFF, NUL and lone surrogates, naming the code point and the field", () => {
    const cases: [Partial<Bulletin>, string, string][] = [
      [{ title: "Titular \uFFFE" }, "title", "U+FFFE"],
      [{ highlights: ["uno", "dos \uFFFF"] }, "highlights.1", "U+FFFF"],
      [{ place: "Lugar \u0000" }, "place", "U+0000"],
      [{ body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "roto \uD800" }] }] } }, "body.content.0.content.0.text", "U+D800"],
    ];
    for (const [changes, path, codePoint] of cases) {
      const result = bulletinSchema.safeParse({ ...seed001, ...changes });
      expect(result.success, path).toBe(false);
      const issue = result.error!.issues[0]!;
      expect(issue.path.join(".")).toBe(path);
      expect(issue.message).toContain(codePoint);
    }
  });

  it("drops the controls Word leaves in pasted text, so a DOCX of it opens", async () => {
    const bulletin = bulletinSchema.parse({
      ...seed001,
      title: "Titular\u0007 con \u001Fcontroles",
      body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Línea\u000Bsiguiente\u0001." }] }] },
    });
    expect(bulletin.title).toBe("Titular con controles");
    const docx = await renderDocx(bulletin, { organization, draft: false });
    await expectWellFormedDocx(docx);
    const paragraphs = (await readDocx(docx)).paragraphs.map((paragraph) => paragraph.text);
    expect(paragraphs).toContain("Titular con controles");
    expect(paragraphs).toContain("Línea\nsiguiente.");
  });

  it("drops the bidirectional controls that show text in another order than it is stored, from every field and the body", () => {
    const bidi = ["\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069", "\u200E", "\u200F", "\u061C"];
    for (const control of bidi) {
      const bulletin = bulletinSchema.parse({
        ...seed001,
        place: `${control}Puebla`,
        title: `Aprueba ${control}el IMSS${control} 10 - 20 plazas`,
        highlights: [`Destacado${control}`],
        body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: `Firma ${control}arotuA anA.` }] }] },
      });
      expect([bulletin.place, bulletin.title, bulletin.highlights[0], bulletin.body.content[0]], codePointName(control)).toEqual([
        "Puebla",
        "Aprueba el IMSS 10 - 20 plazas",
        "Destacado",
        { type: "paragraph", content: [{ type: "text", text: "Firma arotuA anA." }] },
      ]);
      const profile = organizationSchema.parse({ ...organization, label: `BOLETÍN${control} DE PRENSA`, unit: `${control}UNIDAD` });
      expect([profile.label, profile.unit], codePointName(control)).toEqual(["BOLETÍN DE PRENSA", "UNIDAD"]);
    }
  });

  it("a required profile field must show something: spaces and invisible characters alone are empty", () => {
    for (const invisible of ["\u200B", " \u200C\u200D ", "\u2060", "\uFEFF", "\u00AD", "\u2800", "\u3164", "\u202E"]) {
      const result = organizationSchema.safeParse({ ...organization, label: invisible });
      expect(result.success, codePointName(invisible.trim() || invisible)).toBe(false);
      expect(result.error!.issues[0]).toMatchObject({ path: ["label"], message: "Escribe la etiqueta del boletín." });
    }
    expect(organizationSchema.parse({ ...organization, label: "\u200B BOLETÍN DE PRENSA\uFEFF", motto: "\u2060" })).toMatchObject({ label: "BOLETÍN DE PRENSA", motto: "" });
  });

  it("a revision stored with U+FFFE before the rule still gives a DOCX that opens", async () => {
    const stored: Bulletin = { ...seed001, title: "Titular \uFFFE roto", highlights: ["Destacado \u0001"] };
    await expectWellFormedDocx(await renderDocx(stored, { organization, draft: false }));
  });
});
