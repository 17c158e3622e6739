import { describe, expect, it } from "vitest";
import type { BlockNode, InlineNode } from "../../shared/bulletin/body-schema";
import { blockSchema } from "../../shared/bulletin/body-schema";
import { parseMarkdownBlocks } from "../../server/import/block-markdown";
import { parseInlineMarkdown } from "../../server/import/inline-markdown";

// What the office's bulletins hold that CommonMark alone would read otherwise.

const text = (value: string): InlineNode => ({ type: "text", text: value });
const paragraph = (value: string): BlockNode => ({ type: "paragraph", content: [text(value)] });
const item = (value: string) => ({ type: "listItem" as const, content: [paragraph(value)] });

describe("the office's Markdown", () => {
  it("reads · • ● ▪ – and * bullets as one list with - items", () => {
    expect(parseMarkdownBlocks(["- a", "· b", "* c", "• d", "● e", "▪ f", "– g", "+ h"])).toEqual([
      { type: "bulletList", content: ["a", "b", "c", "d", "e", "f", "g", "h"].map(item) },
    ]);
  });

  it("keeps a dialogue dash without a space as text, and 1) items in one list with 1. items", () => {
    expect(parseMarkdownBlocks(["–Dijo el director."])).toEqual([paragraph("–Dijo el director.")]);
    expect(parseMarkdownBlocks(["1) uno", "2. dos"])).toEqual([{ type: "orderedList", content: [item("uno"), item("dos")] }]);
  });

  it("reads a PDF's indented lines, `===` under a line and trailing spaces as plain paragraph text", () => {
    expect(parseMarkdownBlocks(["    El Instituto informó  ", "    que la campaña sigue.", "==="])).toEqual([
      paragraph("El Instituto informó que la campaña sigue. ==="),
    ]);
  });

  it("keeps HTML, code spans and a `[1]: …` line as the text they are", () => {
    expect(parseMarkdownBlocks(["<b>Nota</b> con `código`", "[1]: https://www.imss.gob.mx"])).toEqual([
      paragraph("<b>Nota</b> con `código` [1]: https://www.imss.gob.mx"),
    ]);
  });

  it("continues a quoted paragraph after a hard break, even on a line that looks like a list item", () => {
    expect(parseMarkdownBlocks(["> cita\\", "> - sigue"])).toEqual([
      { type: "blockquote", content: [{ type: "paragraph", content: [text("cita"), { type: "hardBreak" }, text("- sigue")] }] },
    ]);
  });

  it("keeps a wrapped line's `2)` and an unquoted `>` after a hard break as written", () => {
    expect(parseMarkdownBlocks(["del periodo", "2) siguiente"])).toEqual([paragraph("del periodo 2) siguiente")]);
    expect(parseMarkdownBlocks(["línea\\", "> no es cita"])).toEqual([
      { type: "paragraph", content: [text("línea"), { type: "hardBreak" }, text("> no es cita")] },
    ]);
  });

  it("reads the exporter's escaped bullet after a hard break as the bullet character too", () => {
    expect(parseMarkdownBlocks(["a\\", "\\· a"])).toEqual([{ type: "paragraph", content: [text("a"), { type: "hardBreak" }, text("· a")] }]);
  });

  it("reads the exporter's escaped bullet at a line start as the bullet character", () => {
    expect(parseMarkdownBlocks(["\\· no es viñeta"])).toEqual([paragraph("· no es viñeta")]);
  });

  it("keeps a link to ftp or mail as its text, and reads a web autolink as a link", () => {
    expect(parseInlineMarkdown("[fotos](ftp://imss.mx/x) o <https://www.imss.gob.mx>")).toEqual([
      text("[fotos](ftp://imss.mx/x) o "),
      { type: "text", text: "https://www.imss.gob.mx", marks: [{ type: "link", attrs: { href: "https://www.imss.gob.mx" } }] },
    ]);
  });

  it("reads quotes nested 400 deep as at most 16 levels, every block one the editor accepts", () => {
    const blocks = parseMarkdownBlocks(["> ".repeat(400) + "hondo"]);
    let depth = 0;
    for (let block: BlockNode | undefined = blocks[0]; block?.type === "blockquote"; block = block.content[0]) depth++;
    expect(depth).toBe(16);
    expect(blocks.every((block) => blockSchema.safeParse(block).success)).toBe(true);
  });

  it("reads 5,000 lines of bullets within the budget, keeping every line's text", () => {
    const lines = Array.from({ length: 5000 }, (_, index) => `- punto ${index}`);
    const blocks = parseMarkdownBlocks(lines);
    // The best of a few runs in CPU time, as the importer's 100 KB bounds are measured.
    const times = Array.from({ length: 3 }, () => {
      const started = process.cpuUsage();
      parseMarkdownBlocks(lines);
      const used = process.cpuUsage(started);
      return (used.user + used.system) / 1000;
    });
    expect(Math.min(...times)).toBeLessThan(50);
    const all = JSON.stringify(blocks);
    expect(all).toContain("punto 0");
    expect(all).toContain("punto 4999");
  });

  it("says so when a long, heavily marked body is read past the budget as plain text, and not for a normal bulletin", () => {
    const warnings: string[] = [];
    const heavy = Array.from({ length: 3000 }, (_, index) => `Párrafo **${index}** con *cursiva* y [enlace](https://imss.gob.mx/${index}).\n`).join("\n").split("\n");
    parseMarkdownBlocks(heavy, warnings);
    expect(warnings.join(" ")).toMatch(/se leyó como texto simple/);
    const normal: string[] = [];
    const blocks = parseMarkdownBlocks(["El **IMSS** informó.", "", "- uno", "- dos", "", "Otro párrafo con *cursiva*."], normal);
    expect(normal).toEqual([]);
    expect(JSON.stringify(blocks)).toContain('"bold"');
  });
});
