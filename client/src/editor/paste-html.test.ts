// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { DOMParser as ProseMirrorParser } from "@tiptap/pm/model";
import { bulletinProseMirrorSchema } from "../../../shared/editor/extensions";
import { transformPastedHtml } from "./paste-html";

const schema = bulletinProseMirrorSchema();

/** What the editor would hold after the paste: the transformed HTML parsed against the bulletin schema. */
function pasted(html: string) {
  const { html: transformed, imagesRemoved } = transformPastedHtml(html);
  const element = document.createElement("div");
  element.innerHTML = transformed;
  return { doc: ProseMirrorParser.fromSchema(schema).parse(element).toJSON(), imagesRemoved, transformed };
}

const blockTypes = (doc: { content: { type: string }[] }) => doc.content.map((block) => block.type);

// As Word 365 (Windows) puts a bulleted list on the clipboard.
const WORD_BULLETS = `<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">
<body lang=ES-MX style='tab-interval:35.4pt'><!--StartFragment-->
<p class=MsoNormal>El Instituto informó:<o:p></o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='font-family:Symbol;mso-fareast-font-family:Symbol;mso-bidi-font-family:Symbol'><span
style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;
</span></span></span><![endif]><b>Se continuará</b> la formalización<o:p></o:p></p>
<p class=MsoListParagraphCxSpMiddle style='margin-left:72.0pt;mso-add-space:auto;text-indent:-18.0pt;mso-list:l0 level2 lfo1'><![if !supportLists]><span
style='font-family:"Courier New"'><span style='mso-list:Ignore'>o<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span></span><![endif]>Un subpunto<o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><!--[if !supportLists]--><span
style='font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;
</span></span></span><!--[endif]-->Encabezó la reunión<o:p></o:p></p>
<p class=MsoNormal>Fin.<o:p></o:p></p>
<!--EndFragment--></body></html>`;

describe("transformPastedHtml", () => {
  it("turns Word's mso-list paragraphs into a real bullet list, nested levels inside their item, markers gone", () => {
    const { doc } = pasted(WORD_BULLETS);
    expect(blockTypes(doc)).toEqual(["paragraph", "bulletList", "paragraph"]);
    const list = doc.content[1];
    expect(list.content).toHaveLength(2);
    const [first, second] = list.content;
    expect(first.content[0].content[0]).toEqual({ type: "text", text: "Se continuará", marks: [{ type: "bold" }] });
    expect(first.content[0].content[1].text.trim()).toBe("la formalización");
    expect(first.content[1].type).toBe("bulletList");
    expect(first.content[1].content[0].content[0].content[0].text).toBe("Un subpunto");
    expect(second.content[0].content[0].text).toBe("Encabezó la reunión");
    expect(JSON.stringify(doc)).not.toMatch(/·|Symbol/);
  });

  it("turns Word's numbered paragraphs into an ordered list that keeps its first number", () => {
    const html = `<p class=MsoListParagraphCxSpFirst style='mso-list:l1 level1 lfo2'><span style='mso-list:Ignore'>3.<span>&nbsp;&nbsp;</span></span>Tercero</p>
<p class=MsoListParagraphCxSpLast style='mso-list:l1 level1 lfo2'><span style='mso-list:Ignore'>4.<span>&nbsp;&nbsp;</span></span>Cuarto</p>`;
    const { doc } = pasted(html);
    expect(blockTypes(doc)).toEqual(["orderedList"]);
    expect(doc.content[0].attrs.start).toBe(3);
    expect(doc.content[0].content.map((item: { content: { content: { text: string }[] }[] }) => item.content[0]!.content[0]!.text)).toEqual([
      "Tercero",
      "Cuarto",
    ]);
  });

  it("turns a bullet typed by hand in a MsoListParagraph into a list item", () => {
    const { doc } = pasted(`<p class=MsoListParagraph>·&nbsp;&nbsp;&nbsp;Primer destacado</p><p class=MsoListParagraph>·&nbsp;&nbsp;Segundo</p>`);
    expect(blockTypes(doc)).toEqual(["bulletList"]);
    expect(doc.content[0].content).toHaveLength(2);
    expect(doc.content[0].content[0].content[0].content[0].text).toBe("Primer destacado");
  });

  it("keeps a web page's lists as lists", () => {
    const { doc } = pasted(`<ul><li>Uno</li><li><p>Dos</p></li></ul><ol start="2"><li>Dos</li></ol>`);
    expect(blockTypes(doc)).toEqual(["bulletList", "orderedList"]);
    expect(doc.content[1].attrs.start).toBe(2);
  });

  it("makes each table row a paragraph with its cells separated by ' · '", () => {
    const html = `<table class=MsoTableGrid border=1><tr><td><p class=MsoNormal><b>Estado</b></p></td><td><p>Hospitales</p></td></tr>
<tr><td><p>Jalisco</p></td><td><p>12</p><p>(dos nuevos)</p></td></tr><tr><td>&nbsp;</td><td></td></tr></table><p>Después</p>`;
    const { doc } = pasted(html);
    expect(doc.content.map((block: { content?: { text: string }[] }) => block.content?.map((node) => node.text).join(""))).toEqual([
      "Estado · Hospitales",
      "Jalisco · 12 (dos nuevos)",
      "Después",
    ]);
  });

  it("takes images out and counts them, Word's VML picture once, keeping the text around them", () => {
    const html = `<p>Antes <img src="https://example.org/foto.jpg" alt="foto"> después</p>
<p><!--[if gte vml 1]><v:shape id="Imagen_1"><v:imagedata src="file:///C:/x.png"/></v:shape><![endif]--><![if !vml]><img width=200 src="file:///C:/x.png" v:shapes="Imagen_1"><![endif]></p>`;
    const { doc, imagesRemoved, transformed } = pasted(html);
    expect(imagesRemoved).toBe(2);
    expect(transformed).not.toMatch(/<img/i);
    expect(doc.content[0].content[0].text).toBe("Antes después");
  });

  it("reports no image when there is none", () => {
    expect(transformPastedHtml("<p>Texto</p>").imagesRemoved).toBe(0);
  });
});
