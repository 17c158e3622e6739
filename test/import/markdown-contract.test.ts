import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Parser } from "commonmark";
import type { InlineNode, Mark } from "../../shared/bulletin/body-schema";
import { escapeMarkdownInline, escapeMarkdownLine, escapeMarkdownLineStart, unescapeMarkdown } from "../../shared/bulletin/markdown-escape";
import { parseMarkdownBlocks } from "../../server/import/block-markdown";
import { inlineToMarkdown } from "../../server/import/html-to-markdown";
import { parseInlineMarkdown } from "../../server/import/inline-markdown";

// The contract between the Markdown exporter and the importer: what one writes, the other reads back.

const bold: Mark = { type: "bold" };
const italic: Mark = { type: "italic" };
const link = (href: string): Mark => ({ type: "link", attrs: { href } });
const text = (value: string, ...marks: Mark[]): InlineNode => (marks.length ? { type: "text", text: value, marks } : { type: "text", text: value });

describe("escaping", () => {
  it("escapes the characters that would start markup, and unescape gives the text back", () => {
    const written = "2 * 3 = [6] _ok_ \\ `x` <b>";
    expect(escapeMarkdownInline(written)).toBe("2 \\* 3 = \\[6\\] \\_ok\\_ \\\\ \\`x\\` \\<b>");
    expect(unescapeMarkdown(escapeMarkdownInline(written))).toBe(written);
  });

  it("escapes a line start that would read as a list, quote, heading or comment", () => {
    expect(escapeMarkdownLineStart("- no es lista")).toBe("\\- no es lista");
    expect(escapeMarkdownLineStart("> no es cita")).toBe("\\> no es cita");
    expect(escapeMarkdownLineStart("# no es título")).toBe("\\# no es título");
    expect(escapeMarkdownLineStart("· no es viñeta")).toBe("\\· no es viñeta");
    expect(escapeMarkdownLineStart("2024. Año")).toBe("2024\\. Año");
    expect(escapeMarkdownLineStart("Texto normal")).toBe("Texto normal");
  });

  it("escapes a line start only where CommonMark or the importer reads a marker, so `---o0o---` stays as written", () => {
    const cases: [string, string][] = [
      ["---o0o---", "---o0o---"],
      ["-30-", "-30-"],
      ["-texto", "-texto"],
      ["#hashtag", "#hashtag"],
      ["1.5 millones", "1.5 millones"],
      ["= 5", "= 5"],
      ["~~", "~~"],
      ["+1", "+1"],
      ["–Dijo el director", "–Dijo el director"],
      ["---", "\\---"],
      ["- - -", "\\- - -"],
      ["-- -", "\\-- -"],
      ["--", "\\--"],
      ["-", "\\-"],
      ["==", "\\=="],
      ["#", "\\#"],
      ["###### seis", "\\###### seis"],
      ["~~~", "\\~~~"],
      ["+ uno", "\\+ uno"],
      ["-\tuno", "\\-\tuno"],
      ["1)", "1\\)"],
      ["·", "\\·"],
      ["> cita", "\\> cita"],
    ];
    expect(cases.map(([line]) => [line, escapeMarkdownLineStart(line)])).toEqual(cases);
  });

  it("a line escaped whole reads back as that text, alone or under a paragraph line, in CommonMark and in the importer", () => {
    const line = fc.string({ unit: fc.constantFrom("-", "+", "*", "_", "=", "~", "#", ">", "<", "`", "[", "]", "1", ".", ")", "·", "–", " ", "\t", "o", "a"), minLength: 1, maxLength: 8 });
    const expectText = (markdown: string, literal: string) => {
      const document = new Parser().parse(markdown);
      let found = "";
      const walker = document.walker();
      for (let event = walker.next(); event; event = walker.next()) {
        if (!event.entering) continue;
        const node = event.node;
        if (node.type === "text") found += node.literal;
        else if (node.type === "softbreak") found += "\n";
        else expect(["document", "paragraph"], `${node.type} in ${JSON.stringify(markdown)}`).toContain(node.type);
      }
      expect(found, JSON.stringify(markdown)).toBe(literal);
    };
    fc.assert(
      fc.property(line, (value) => {
        const plain = value.replace(/^[ \t]+|[ \t]+$/g, "");
        fc.pre(plain.length > 0);
        const escaped = escapeMarkdownLine(plain);
        // A bullet only the importer reads (`· `) keeps its backslash in CommonMark, which escapes ASCII punctuation only.
        const shown = /^\\[·•●▪–]/.test(escaped) ? `\\${plain}` : plain;
        expectText(escaped, shown);
        expectText(`Texto\n${escaped}`, `Texto\n${shown}`);
        expect(parseMarkdownBlocks([escaped]), JSON.stringify(escaped)).toEqual([{ type: "paragraph", content: [text(plain)] }]);
      }),
      { numRuns: Number(process.env.ESCAPE_RUNS ?? 1000) },
    );
  });

  it("keeps a backslash that escapes nothing", () => {
    expect(unescapeMarkdown("C:\\Documentos")).toBe("C:\\Documentos");
  });

  it("reads escaped text back as literal text, never as marks", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", " ", "*", "_", "[", "]", "(", ")", "\\", "`", "<", "-", "é") }), (value) => {
        const trimmed = value.trim();
        fc.pre(trimmed.length > 0);
        expect(parseInlineMarkdown(escapeMarkdownInline(trimmed))).toEqual([text(trimmed)]);
      }),
      { numRuns: 500 },
    );
  });
});

describe("inline marks as the exporter nests them (link outside bold outside italic)", () => {
  it.each<[string, InlineNode[]]>([
    ["**a*b***", [text("a", bold), text("b", bold, italic)]],
    ["*a****b***", [text("a", italic), text("b", bold, italic)]],
    // The exporter (mdast-util-to-markdown) writes bold-italic then italic this way; `***a****b*` is not it in CommonMark.
    ["**_a_**_b_", [text("a", bold, italic), text("b", italic)]],
    ["**a***b*", [text("a", bold), text("b", italic)]],
    ["*a***b**", [text("a", italic), text("b", bold)]],
    ["***a*b**", [text("a", bold, italic), text("b", bold)]],
    ["*a*__*b*__*c*", [text("a", italic), text("b", bold, italic), text("c", italic)]],
    ["[**a**](https://a.mx)[b](<https://b.mx/x(1)>)", [text("a", link("https://a.mx"), bold), text("b", link("https://b.mx/x(1)"))]],
    ["[a\\\nb](https://a.mx)", [text("a", link("https://a.mx")), { type: "hardBreak", marks: [link("https://a.mx")] }, text("b", link("https://a.mx"))]],
    ["a \\\\\\\nb", [text("a \\"), { type: "hardBreak" }, text("b")]],
  ])("reads %j", (markdown, nodes) => {
    expect(parseInlineMarkdown(markdown)).toEqual(nodes);
  });

  it("keeps a link with another scheme as text", () => {
    expect(parseInlineMarkdown("[clic](javascript:alert(1))")).toEqual([text("[clic](javascript:alert(1))")]);
  });

  it("keeps as text a link to a Windows share, without a scheme or with a user name", () => {
    for (const href of ["\\\\host\\share\\x.jpg", "//host/x", "<https:\\\\host/x>", "https://user:pass@host.mx"]) {
      const markdown = `[clic](${href})`;
      expect(parseInlineMarkdown(markdown).some((node) => node.marks?.some((mark) => mark.type === "link")), markdown).toBe(false);
    }
  });

  it("reads back what the DOCX importer writes, one node at a time", () => {
    const markSets = fc.record({ bold: fc.boolean(), italic: fc.boolean(), href: fc.constantFrom(null, "https://a.mx", "https://b.mx/a(b)") });
    const nodes = fc.array(fc.tuple(fc.stringMatching(/^[a-zé*_[\]\\]{1,5}$/), markSets), { minLength: 1, maxLength: 6 }).map((parts) => {
      const merged: InlineNode[] = [];
      for (const [value, set] of parts) {
        const marks: Mark[] = [...(set.href ? [link(set.href)] : []), ...(set.bold ? [bold] : []), ...(set.italic ? [italic] : [])];
        const last = merged[merged.length - 1];
        if (last?.type === "text" && JSON.stringify(last.marks ?? []) === JSON.stringify(marks)) last.text += value;
        else merged.push(text(value, ...marks));
      }
      return merged;
    });
    fc.assert(
      fc.property(nodes, (content) => {
        expect(parseInlineMarkdown(inlineToMarkdown(content))).toEqual(content);
      }),
      { numRuns: 500 },
    );
  });
});

describe("blocks in the exporter's layout", () => {
  it("reads nested lists, an item of two paragraphs, an ordered start and a quote of two paragraphs", () => {
    const blocks = parseMarkdownBlocks([
      "- uno",
      "  - uno punto uno",
      "",
      "  segundo párrafo de uno",
      "- dos",
      "",
      "3. tercero",
      "4. cuarto",
      "",
      "> cita",
      ">",
      "> sigue la cita",
    ]);
    expect(blocks).toEqual([
      {
        type: "bulletList",
        content: [
          {
            type: "listItem",
            content: [
              { type: "paragraph", content: [text("uno")] },
              { type: "bulletList", content: [{ type: "listItem", content: [{ type: "paragraph", content: [text("uno punto uno")] }] }] },
              { type: "paragraph", content: [text("segundo párrafo de uno")] },
            ],
          },
          { type: "listItem", content: [{ type: "paragraph", content: [text("dos")] }] },
        ],
      },
      {
        type: "orderedList",
        attrs: { start: 3 },
        content: [
          { type: "listItem", content: [{ type: "paragraph", content: [text("tercero")] }] },
          { type: "listItem", content: [{ type: "paragraph", content: [text("cuarto")] }] },
        ],
      },
      { type: "blockquote", content: [{ type: "paragraph", content: [text("cita")] }, { type: "paragraph", content: [text("sigue la cita")] }] },
    ]);
  });

  it("keeps two lists separated by a blank line apart, and a hard break inside a paragraph", () => {
    const blocks = parseMarkdownBlocks(["- a", "", "- b", "", "línea\\", "- no es lista"]);
    expect(blocks.map((block) => block.type)).toEqual(["bulletList", "bulletList", "paragraph"]);
    expect(blocks[2]).toEqual({ type: "paragraph", content: [text("línea"), { type: "hardBreak" }, text("- no es lista")] });
  });

  it("lets only a list starting at 1 interrupt a paragraph", () => {
    expect(parseMarkdownBlocks(["del periodo 2019 a", "2024. Además", "1. uno"]).map((block) => block.type)).toEqual(["paragraph", "orderedList"]);
  });
});
