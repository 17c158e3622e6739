import { describe, expect, it } from "vitest";
import { bodyFromParagraphs } from "../../shared/bulletin/body-schema";
import { escapeSnippet, searchDocument } from "./search-text";

describe("searchDocument", () => {
  it("indexes number, place, title, highlights and body text, one part per line", () => {
    const body = bodyFromParagraphs(["El director general, Zoé Robledo, instruyó.", "", "Señaló la importancia."]);
    body.content.push({
      type: "bulletList",
      content: [{ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "Vacunación." }] }] }],
    });
    const document = searchDocument({
      number: { seq: 493, year: 2024 },
      place: "Ciudad de México",
      title: "Instruye Zoé Robledo a las autoridades del IMSS",
      highlights: ["Se continuará la formalización.", "Encabezó la Segunda Reunión Nacional."],
      body,
    });
    expect(document.split("\n")).toEqual([
      "493/2024",
      "Ciudad de México",
      "Instruye Zoé Robledo a las autoridades del IMSS",
      "Se continuará la formalización.",
      "Encabezó la Segunda Reunión Nacional.",
      "El director general, Zoé Robledo, instruyó.",
      "Señaló la importancia.",
      "Vacunación.",
    ]);
  });

  it("leaves out what a draft does not have yet, and control characters that would fake a match", () => {
    const document = searchDocument({
      number: null,
      place: null,
      title: "Titular\u0001falso\u0002",
      highlights: [],
      body: bodyFromParagraphs([]),
    });
    expect(document).toBe("Titular falso");
  });
});

describe("escapeSnippet", () => {
  it("wraps matches in <mark> and escapes everything else", () => {
    expect(escapeSnippet("el \u0001IMSS\u0002 <b>& \"Zoé\" \u0001Robledo\u0002's")).toBe(
      "el <mark>IMSS</mark> &lt;b&gt;&amp; &quot;Zoé&quot; <mark>Robledo</mark>&#39;s",
    );
  });

  it("never lets text inside a match become markup", () => {
    expect(escapeSnippet("\u0001<script>alert(1)</script>\u0002")).toBe(
      "<mark>&lt;script&gt;alert(1)&lt;/script&gt;</mark>",
    );
  });

  it("keeps the marks paired when a fragment cuts a match", () => {
    expect(escapeSnippet("hospital\u0002 y \u0001clínica")).toBe("hospital y <mark>clínica</mark>");
    expect(escapeSnippet("\u0001a\u0001b\u0002\u0002c")).toBe("<mark>ab</mark>c");
  });
});
