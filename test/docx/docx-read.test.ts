import { describe, expect, it } from "vitest";
import JSZip from "jszip";
import { readDocx } from "./docx-read";

// A package written by hand the way Word writes it, with a foreign namespace prefix to keep the reader honest.
const MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

async function handMadeDocx(): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(
    "_rels/.rels",
    `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
      <Relationship Id="rId1" Type="${TYPE}/officeDocument" Target="word/main.xml"/>
      <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
    </Relationships>`,
  );
  zip.file(
    "word/_rels/main.xml.rels",
    `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
      <Relationship Id="rS" Type="${TYPE}/styles" Target="styles.xml"/>
      <Relationship Id="rN" Type="${TYPE}/numbering" Target="numbering.xml"/>
      <Relationship Id="rH" Type="${TYPE}/header" Target="header1.xml"/>
      <Relationship Id="rL" Type="${TYPE}/hyperlink" Target="https://imss.gob.mx/?a=1&amp;b=2" TargetMode="External"/>
    </Relationships>`,
  );
  zip.file(
    "word/styles.xml",
    `<x:styles xmlns:x="${MAIN}">
      <x:style x:type="paragraph" x:default="1" x:styleId="Normal"><x:pPr><x:jc x:val="both"/></x:pPr></x:style>
      <x:style x:type="paragraph" x:styleId="Strong"><x:basedOn x:val="Normal"/><x:rPr><x:b/></x:rPr></x:style>
      <x:style x:type="paragraph" x:styleId="StrongCentred"><x:basedOn x:val="Strong"/><x:pPr><x:jc x:val="center"/></x:pPr></x:style>
    </x:styles>`,
  );
  zip.file(
    "word/numbering.xml",
    `<x:numbering xmlns:x="${MAIN}">
      <x:abstractNum x:abstractNumId="0"><x:lvl x:ilvl="0"><x:numFmt x:val="bullet"/></x:lvl></x:abstractNum>
      <x:num x:numId="1"><x:abstractNumId x:val="0"/></x:num>
    </x:numbering>`,
  );
  zip.file("word/header1.xml", `<x:hdr xmlns:x="${MAIN}"><x:p><x:r><x:t>Membrete</x:t></x:r></x:p></x:hdr>`);
  zip.file(
    "word/main.xml",
    `<x:document xmlns:x="${MAIN}" xmlns:rel="${RELS}"><x:body>
      <x:p><x:pPr><x:pStyle x:val="StrongCentred"/></x:pPr><x:r><x:t>Titular</x:t></x:r></x:p>
      <x:p><x:pPr><x:pStyle x:val="Strong"/></x:pPr><x:r><x:rPr><x:b x:val="0"/></x:rPr><x:t>no </x:t></x:r><x:r><x:t>negrita</x:t></x:r></x:p>
      <x:p><x:pPr><x:numPr><x:ilvl x:val="0"/><x:numId x:val="1"/></x:numPr></x:pPr><x:r><x:t>viñeta</x:t></x:r></x:p>
      <x:p><x:pPr><x:numPr><x:ilvl x:val="0"/><x:numId x:val="9"/></x:numPr></x:pPr><x:r><x:t>sin lista</x:t></x:r></x:p>
      <x:p><x:pPr><x:numPr><x:ilvl x:val="0"/><x:numId x:val="0"/></x:numPr></x:pPr><x:r><x:t>lista quitada</x:t></x:r></x:p>
      <x:p><x:r><x:t xml:space="preserve">Texto </x:t></x:r><x:del><x:r><x:delText>borrado </x:delText></x:r></x:del><x:ins><x:r><x:t>nuevo</x:t></x:r></x:ins><x:r><x:rPr><x:vanish/></x:rPr><x:t>oculto</x:t></x:r></x:p>
      <x:p><x:hyperlink rel:id="rL"><x:r><x:t>enlace &amp; más</x:t></x:r></x:hyperlink><x:r><x:t xml:space="preserve"> y </x:t></x:r>
        <x:r><x:fldChar x:fldCharType="begin"/></x:r><x:r><x:instrText xml:space="preserve"> HYPERLINK "https://a.example/x" </x:instrText></x:r><x:r><x:fldChar x:fldCharType="separate"/></x:r><x:r><x:t>campo</x:t></x:r><x:r><x:fldChar x:fldCharType="end"/></x:r></x:p>
      <x:tbl><x:tr><x:tc><x:p><x:r><x:t>celda</x:t></x:r></x:p></x:tc></x:tr></x:tbl>
      <x:sectPr><x:headerReference x:type="default" rel:id="rH"/><x:pgSz x:w="11906" x:h="16838"/><x:pgMar x:top="1440" x:right="1440" x:bottom="1440" x:left="1440"/></x:sectPr>
    </x:body></x:document>`,
  );
  zip.file(
    "docProps/core.xml",
    `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Boletín &#8220;493&#8221;</dc:title></cp:coreProperties>`,
  );
  return zip.generateAsync({ type: "nodebuffer" });
}

describe("readDocx", async () => {
  const content = await readDocx(await handMadeDocx());
  const byText = (text: string) => content.paragraphs.find((paragraph) => paragraph.text === text);

  it("resolves bold and alignment through the style chain, as Word does", () => {
    expect(byText("Titular")).toMatchObject({ bold: true, alignment: "center", style: "StrongCentred" });
    expect(byText("no negrita")).toMatchObject({ bold: false, alignment: "both" });
    expect(byText("no negrita")?.runs).toEqual([
      { text: "no ", bold: false, italic: false },
      { text: "negrita", bold: true, italic: false },
    ]);
  });

  it("counts a paragraph as a list item only when its numbering exists", () => {
    expect(byText("viñeta")).toMatchObject({ numbered: true, listFormat: "bullet" });
    expect(byText("sin lista")?.numbered).toBe(false);
    expect(byText("lista quitada")?.numbered).toBe(false);
  });

  it("reads the text Word shows: no deletions, no hidden text, no field instructions", () => {
    expect(byText("Texto nuevo")).toBeDefined();
    expect(byText("enlace & más y campo")).toBeDefined();
    expect(byText("celda")).toBeDefined();
  });

  it("reads relationship and field hyperlinks with their targets", () => {
    expect(content.hyperlinks).toEqual([
      { text: "enlace & más", url: "https://imss.gob.mx/?a=1&b=2" },
      { text: "campo", url: "https://a.example/x" },
    ]);
  });

  it("follows the package relationships to the header, properties and page", () => {
    expect(content.headerText).toBe("Membrete");
    expect(content.footerText).toBe("");
    expect(content.properties.title).toBe("Boletín “493”");
    expect(content.page).toEqual({ width: 11906, height: 16838, margin: { top: 1440, right: 1440, bottom: 1440, left: 1440 } });
  });
});
