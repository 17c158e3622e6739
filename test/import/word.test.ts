import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import type { BlockNode, InlineNode } from "../../shared/bulletin/body-schema";
import { bulletinSchema, type Bulletin } from "../../shared/bulletin/schema";
import { renderDocx } from "../../server/export/docx";
import { decodeBulletinBytes, parseBulletin } from "../../server/import/parse-bulletin";
import { parseDocxBulletin } from "../../server/import/parse-docx";
import { readImportFile } from "../../server/import/parse-file";
import { organization } from "../export/seed-001";

/**
 * Word files as other offices write them, not Redacta's exports: LibreOffice's
 * Word export of test/fixtures/word/sources (regenerate with make.sh) and
 * word2016.docx, written by hand the way Word 2016 writes its XML.
 */

const fixtures = join(import.meta.dirname, "../fixtures/word");
const fixture = (name: string) => new Uint8Array(readFileSync(join(fixtures, name)));

function inlineText(content: InlineNode[] | undefined): string {
  return (content ?? []).map((node) => (node.type === "text" ? node.text : "\n")).join("");
}

/** Each block as a reader sees it: a paragraph's text, a list's items (nested lists indented). */
function blockLines(blocks: BlockNode[], indent = ""): string[] {
  return blocks.flatMap((block): string[] => {
    if (block.type === "paragraph") return [indent + inlineText(block.content)];
    if (block.type === "blockquote") return blockLines(block.content, `${indent}> `);
    const marker = block.type === "orderedList" ? "1. " : "- ";
    return block.content.flatMap((item) => {
      const [first, ...rest] = blockLines(item.content, `${indent}   `);
      return [`${indent}${marker}${first!.trimStart()}`, ...rest];
    });
  });
}

function marksOf(blocks: BlockNode[], text: string): string[] | undefined {
  const nodes = blocks.flatMap((block) => (block.type === "paragraph" ? (block.content ?? []) : []));
  return nodes.find((node) => node.type === "text" && node.text === text)?.marks?.map((mark) => (mark.type === "link" ? `link:${mark.attrs.href}` : mark.type));
}

const allText = (bulletin: Bulletin) => JSON.stringify(bulletin);

interface Layout {
  file: string;
  title: string;
  place: string | null;
  date: string | null;
  number: { seq: number; year: number } | null;
  highlights: string[];
  first: string;
  warns?: string[];
}

// The layouts of test/import/other-layouts.test.ts, typed in a word processor instead of a text file.
const layouts: Layout[] = [
  {
    file: "comunicado-045.docx",
    title: "El IMSS amplía el horario de sus guarderías",
    place: "Ciudad de México",
    date: "2024-03-03",
    number: { seq: 45, year: 2024 },
    highlights: [],
    first: "El Instituto Mexicano del Seguro Social informó que las guarderías abrirán hasta las 20:00 horas.",
  },
  {
    file: "issuer-label.docx",
    title: "Refuerzan operativo de vigilancia en playas",
    place: "Ensenada, Baja California",
    date: "2021-04-02",
    number: null,
    highlights: [],
    first: "La Comisión desplegó 300 elementos en las playas durante la Semana Santa.",
    warns: ["«Comunicado de prensa»"],
  },
  {
    file: "nota-informativa.docx",
    title: "Abre la SEP el registro para el ciclo escolar",
    place: "Ciudad de México",
    date: "2024-02-05",
    number: null,
    highlights: [],
    first: "La Secretaría de Educación Pública abrió el registro de aspirantes.",
    warns: ["«Nota informativa»"],
  },
  {
    file: "sumario-italic.docx",
    title: "Llega el programa de salud a comunidades rurales",
    place: "Chihuahua, Chihuahua",
    date: "2021-05-11",
    number: null,
    highlights: ["Se atenderán 40 comunidades de la sierra durante el año"],
    first: "La Secretaría de Salud inició la jornada en la sierra.",
  },
  {
    file: "two-line-headline.docx",
    title: "Presenta el Ayuntamiento de Puebla su programa de obra pública 2019",
    place: "Puebla, Puebla",
    date: "2019-01-08",
    number: null,
    highlights: ["Se invertirán 800 millones de pesos", "Habrá obras en las 17 juntas auxiliares"],
    first: "El Ayuntamiento presentó su programa de obra pública.",
  },
  {
    file: "boletin-informativo.docx",
    title: "Concluye la temporada de lluvias sin daños mayores",
    place: "Culiacán, Sinaloa",
    date: "2023-10-30",
    number: { seq: 12, year: 2023 },
    highlights: [],
    first: "Protección Civil dio por concluida la temporada de lluvias.",
    warns: ["«Boletín informativo»", "se tomó el año 2023 de la fecha"],
  },
  {
    file: "dateline-own-line.docx",
    title: "Entrega Gobierno del Estado becas a estudiantes de Mérida",
    place: "Mérida, Yucatán",
    date: "2020-04-14",
    number: null,
    highlights: [],
    first: "El Gobierno del Estado entregó 2 mil becas a estudiantes de secundaria.",
  },
  {
    file: "layout-table.docx",
    title: "Inauguran el hospital general de Saltillo",
    place: "Saltillo, Coahuila",
    date: "2017-09-06",
    number: null,
    highlights: ["Atenderá a 300 mil derechohabientes", "Tiene 120 camas"],
    first: "El hospital abrió sus puertas con todas sus especialidades.",
  },
];

describe("Word bulletins in other offices' layouts", () => {
  it.each(layouts)("$file: headline, place, date, number, highlights and the body's first words", async (layout) => {
    const { bulletin, warnings } = await parseDocxBulletin(fixture(layout.file));
    expect(bulletinSchema.parse(bulletin)).toBeTruthy();
    expect({ title: bulletin.title, place: bulletin.place, date: bulletin.date, number: bulletin.number, highlights: bulletin.highlights }).toEqual({
      title: layout.title,
      place: layout.place,
      date: layout.date,
      number: layout.number,
      highlights: layout.highlights,
    });
    expect(blockLines(bulletin.body.content)[0]).toBe(layout.first);
    for (const warning of layout.warns ?? []) expect(warnings.join("\n")).toContain(warning);
    // None of these held a page header, a text box, an image or a table of data.
    expect(warnings.filter((warning) => /encabezado|pie de página|cuadro de texto|Imagen|tabla/.test(warning))).toEqual([]);
  });

  it("bullets typed as characters (•, ·) are highlights under the headline and a list in the body; a dash of dialogue stays text", async () => {
    const { bulletin } = await parseDocxBulletin(fixture("typed-bullets.docx"));
    expect(bulletin.highlights).toEqual(["Se aplicarán 400 mil dosis contra la influenza", "Habrá 200 módulos en los 58 municipios"]);
    expect(bulletin.date).toBe("2023-11-03");
    expect(bulletin.body.content.map((block) => block.type)).toEqual(["paragraph", "paragraph", "bulletList", "paragraph"]);
    expect(blockLines(bulletin.body.content)).toEqual([
      "La Secretaría de Salud inició la campaña de vacunación.",
      "Pueden vacunarse:",
      "- Niñas y niños de 6 meses a 5 años",
      "- Personas de 60 años y más",
      "– Es gratuita –dijo el secretario.",
    ]);
  });

  it("a bulletin laid out inside a one-cell table reads as its paragraphs, with its closing mark", async () => {
    const { bulletin, warnings } = await parseDocxBulletin(fixture("layout-table.docx"));
    expect(blockLines(bulletin.body.content)).toEqual(["El hospital abrió sus puertas con todas sus especialidades."]);
    expect(marksOf(bulletin.body.content, "todas")).toEqual(["italic"]);
    expect(warnings.join("\n")).not.toContain("marca de cierre");
  });

  it("an IMSS bulletin typed in a word processor: Word bullets are the highlights, numbered lists nest, links stay links", async () => {
    const { bulletin, warnings } = await parseDocxBulletin(fixture("imss-lists.docx"));
    expect(bulletin.number).toEqual({ seq: 493, year: 2024 });
    expect(bulletin.date).toBe("2024-09-25");
    expect(bulletin.highlights).toEqual(["Se continuará la formalización de la base de asegurados", "Encabezó la Segunda Reunión Nacional de Delegados"]);
    expect(blockLines(bulletin.body.content)).toEqual([
      "El director general señaló tres prioridades:",
      "1. Abasto de medicamentos",
      "1. Obras de infraestructura",
      "   1. Hospitales nuevos",
      "   1. Unidades de medicina familiar",
      "1. Atención oportuna",
      "Consulte el portal de prensa.",
    ]);
    expect(bulletin.body.content.map((block) => block.type)).toEqual(["paragraph", "orderedList", "paragraph"]);
    expect(marksOf(bulletin.body.content, "tres")).toEqual(["bold"]);
    expect(marksOf(bulletin.body.content, "portal de prensa")).toEqual(["link:https://www.imss.gob.mx/prensa"]);
    expect(bulletin.photoLinks).toEqual(["https://drive.google.com/drive/folders/14lCxET7fioYY8M9Rn5Muedg"]);
    expect(warnings).toEqual([]);
  });
});

describe("a municipal bulletin with header, footer, text box, photo and table (LibreOffice)", () => {
  it("reads the fields, keeps marks and lists, and writes the table one row per paragraph", async () => {
    const { bulletin } = await parseDocxBulletin(fixture("municipal-tijuana.docx"));
    expect(bulletin.title).toBe("Rehabilitan la unidad deportiva de la colonia Libertad");
    expect(bulletin.place).toBe("Tijuana, Baja California");
    expect(bulletin.date).toBe("2020-10-27");
    expect(bulletin.number).toEqual({ seq: 325, year: 2020 });
    expect(bulletin.highlights).toEqual(["La obra costó 3 millones de pesos", "Beneficia a 12 mil vecinos de la zona este"]);
    expect(blockLines(bulletin.body.content)).toEqual([
      "El sábado, el Ayuntamiento entregó la unidad deportiva rehabilitada a los vecinos de la colonia Libertad.",
      "Los trabajos incluyeron:",
      "1. Cancha de futbol rápido",
      "1. Alumbrado público",
      "   - Lámparas LED en todo el perímetro",
      "La inversión se distribuyó así:",
      "Concepto — Monto — Avance",
      "Cancha — 1.5 millones de pesos — 100 %",
      "Alumbrado — 1.5 millones de pesos — 100 %",
      "El alcalde agradeció la participación de los vecinos.",
    ]);
    expect(marksOf(bulletin.body.content, "rehabilitada")).toEqual(["bold"]);
    expect(marksOf(bulletin.body.content, "colonia Libertad")).toEqual(["italic"]);
  });

  it("names what it left out: the page header and footer, the text box and the photo, not the page number", async () => {
    const { bulletin, warnings } = await parseDocxBulletin(fixture("municipal-tijuana.docx"));
    expect(warnings).toEqual(
      expect.arrayContaining([
        "Se omitió el encabezado de página: «Gobierno de Tijuana / XXIV Ayuntamiento · Comunicación Social».",
        "Se omitió el pie de página: «Av. Independencia 1350, Zona Urbana Río Tijuana».",
        "Se omitió un cuadro de texto: «Pie de foto: la cancha de futbol rápido renovada».",
        "Imagen omitida: foto1.jpg.",
        "Una tabla de 3 filas y 3 columnas se leyó como texto: un párrafo por fila, las celdas separadas por «—».",
      ]),
    );
    expect(warnings.join("\n")).not.toContain("Página");
    expect(allText(bulletin)).not.toContain("Pie de foto");
    expect(allText(bulletin)).not.toContain("Gobierno de Tijuana");
  });
});

describe("a DOCX written the way Word 2016 writes it", () => {
  it("reads number, headline split by spell-check runs, Word bullets as highlights, and the dateline in bold", async () => {
    const { bulletin } = await parseDocxBulletin(fixture("word2016.docx"));
    expect(bulletin.number).toEqual({ seq: 386, year: 2020 });
    expect(bulletin.title).toBe("Entrega Gobierno del Estado 2 mil becas a estudiantes de secundaria");
    expect(bulletin.highlights).toEqual(["Las becas se pagarán cada bimestre", "El programa llega a los 106 municipios"]);
    expect(bulletin.place).toBe("Mérida, Yucatán");
    expect(bulletin.date).toBe("2020-04-14");
  });

  it("keeps italic, a hyperlink and a line break; numbered lists with their second level; the table's text", async () => {
    const { bulletin } = await parseDocxBulletin(fixture("word2016.docx"));
    expect(blockLines(bulletin.body.content)).toEqual([
      "El Gobierno del Estado entregó 2 mil becas a estudiantes de secundaria de todo el estado.",
      "Los requisitos son:",
      "1. Estar inscrito en una secundaria pública",
      "1. Entregar los documentos:",
      "   1. Boleta del ciclo anterior",
      "   1. Constancia de estudios",
      "1. Vivir en Yucatán",
      "Las becas por municipio son:",
      "Municipio — Becas",
      "Mérida — 1,200",
      "Valladolid — 450",
      "Tizimín — 350",
      "El gobernador pidió a los padres\nconsultar el padrón en becas.yucatan.gob.mx.",
    ]);
    expect(marksOf(bulletin.body.content, "2 mil becas")).toEqual(["italic"]);
    expect(marksOf(bulletin.body.content, "Municipio")).toEqual(["bold"]);
    expect(marksOf(bulletin.body.content, "becas.yucatan.gob.mx")).toEqual(["link:https://becas.yucatan.gob.mx/"]);
  });

  it("drops the header, the text box (once, and not into the body) and the picture, each with its own warning", async () => {
    const { bulletin, warnings } = await parseDocxBulletin(fixture("word2016.docx"));
    const omitted = warnings.filter((warning) => /omiti|tabla/.test(warning));
    expect(omitted).toEqual([
      "Se omitió el encabezado de página: «Gobierno del Estado de Yucatán / Coordinación General de Comunicación Social».",
      "Se omitió un cuadro de texto: «Programa Impulso Escolar 2020».",
      "Una tabla de 4 filas y 2 columnas se leyó como texto: un párrafo por fila, las celdas separadas por «—».",
      "Imagen omitida: «El gobernador entrega becas en Mérida» (image1.png).",
    ]);
    expect(allText(bulletin)).not.toContain("Impulso Escolar");
    // The footer held only «Página 1 de 1»: nothing to report.
    expect(warnings.join("\n")).not.toContain("pie de página");
  });

  it("gives the same warnings through the archive's file reader, and its source text leaves the text box out", async () => {
    const read = await readImportFile("boletin-386.docx", fixture("word2016.docx"));
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.format).toBe("docx");
    expect(read.parsed.bulletin.number).toEqual({ seq: 386, year: 2020 });
    expect(read.parsed.warnings).toContain("Se omitió un cuadro de texto: «Programa Impulso Escolar 2020».");
    expect(read.parsed.warnings).toContain("Imagen omitida: «El gobernador entrega becas en Mérida» (image1.png).");
    expect(read.sourceText).not.toContain("Impulso Escolar");
    expect(read.sourceText).toContain("Mérida — 1,200");
  });

  it("refuses a zip that holds no Word document", async () => {
    const zip = new JSZip();
    zip.file("hoja.txt", "no soy un documento");
    const bytes = new Uint8Array(await zip.generateAsync({ type: "uint8array" }));
    expect((await parseDocxBulletin(bytes)).warnings).toEqual(["El archivo no es un documento DOCX válido."]);
    const read = await readImportFile("boletin.docx", bytes);
    expect(read.ok ? "" : read.reason).toContain("no es un documento DOCX válido");
  });
});

describe("a bulletin still under review in the word processor (LibreOffice)", () => {
  it("reads the text as if the tracked changes were accepted, and says so; names the footnote and the comment it left out", async () => {
    const { bulletin, warnings } = await parseDocxBulletin(fixture("review-marks.docx"));
    expect(bulletin.title).toBe("Entregan apoyos a productores del campo");
    expect(bulletin.place).toBe("Hermosillo, Sonora");
    expect(blockLines(bulletin.body.content)).toEqual([
      "La secretaría entregó 1,200 apoyos a productores de trigo.",
      "El monto total fue de 18 millones de pesos.",
    ]);
    expect(warnings).toEqual(
      expect.arrayContaining([
        "Se omitió una nota al pie: «Cifras del padrón de junio de 2022.».",
        "El documento tiene cambios sin aceptar (control de cambios); se leyó como si se hubieran aceptado todos.",
        "Se omitió un comentario de revisión del documento.",
      ]),
    );
    expect(allText(bulletin)).not.toContain("Finanzas");
    expect(allText(bulletin)).not.toContain("padrón");
  });
});

/** word2016.docx with its body replaced by `body` (WordprocessingML inside w:body). */
async function word2016With(body: string): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(fixture("word2016.docx"));
  const document = await zip.file("word/document.xml")!.async("string");
  zip.file("word/document.xml", document.replace(/<w:body>[\s\S]*<\/w:body>/, `<w:body>${body}</w:body>`));
  return new Uint8Array(await zip.generateAsync({ type: "uint8array" }));
}

describe("unusual and hostile Word files", () => {
  const paragraph = (text: string) => `<w:p><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;

  it("a 100 KB paragraph, 3,000 paragraphs, tables nested 40 deep and a text box of 1,000 lines give a storable bulletin within seconds", async () => {
    let nested = paragraph("celda más honda");
    for (let depth = 0; depth < 40; depth++) nested = `<w:tbl><w:tr><w:tc>${nested}</w:tc><w:tc>${paragraph(`nivel ${depth}`)}</w:tc></w:tr></w:tbl><w:p/>`;
    const box = `<w:p><w:r><w:drawing><wp:anchor><wp:docPr id="1" name="Caja"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="x"><wps:wsp><wps:txbx><w:txbxContent>${paragraph("caja").repeat(1000)}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r></w:p>`;
    const body = [paragraph("Titular del boletín"), paragraph("a*b_[c]&lt;d&gt; ".repeat(10_000)), nested, box, paragraph("Párrafo corto.").repeat(3000)].join("");
    const bytes = await word2016With(body);
    // CPU time, not wall time: the machine running the suite may be busy with other work.
    const started = process.cpuUsage();
    const { bulletin, warnings } = await parseDocxBulletin(bytes);
    const used = process.cpuUsage(started);
    const cpuMs = (used.user + used.system) / 1000;
    expect(bulletinSchema.safeParse(bulletin).success).toBe(true);
    expect(bulletin.title).toBe("Titular del boletín");
    expect(allText(bulletin)).toContain("celda más honda");
    expect(allText(bulletin)).not.toContain("caja");
    expect(warnings.filter((warning) => warning.startsWith("Se omitió un cuadro de texto"))).toHaveLength(1);
    // The headline, the long paragraph, the table and 3,000 short paragraphs: past what the text parser reads, and said so.
    expect(warnings).toContain("El documento tiene 3003 párrafos, listas y tablas; solo se leyeron los primeros 2500.");
    // The nested tables are one table of text, reported once.
    expect(warnings.filter((warning) => warning.startsWith("Una tabla"))).toEqual([
      "Una tabla de 1 fila y 2 columnas se leyó como texto: un párrafo por fila, las celdas separadas por «—».",
    ]);
    // About one second of CPU when idle; a quadratic pass over the paragraphs would take far longer.
    expect(cpuMs).toBeLessThan(5_000);
  });

  it("a bulletin laid out in text boxes is read from them, once, and says so", async () => {
    const paragraphs = (texts: string[]) => texts.map((text) => paragraph(text)).join("");
    const textBox = (content: string) =>
      `<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:docPr id="1" name="Cuadro"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx><w:txbxContent>${content}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>${content}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>`;
    const bytes = await word2016With(
      textBox(paragraphs(["Inaugura el Ayuntamiento la biblioteca central de Colima", "Colima, Colima, a 2 de mayo de 2022.- El Ayuntamiento abrió la biblioteca central."])) +
        paragraph("Anexo"),
    );
    const { bulletin, warnings } = await parseDocxBulletin(bytes);
    expect(bulletin.title).toBe("Inaugura el Ayuntamiento la biblioteca central de Colima");
    expect(bulletin.date).toBe("2022-05-02");
    expect(blockLines(bulletin.body.content)).toEqual(["El Ayuntamiento abrió la biblioteca central.", "Anexo"]);
    expect(warnings).toContain("El texto del documento está sobre todo en cuadros de texto; se leyó de ellos, en el orden en que están anclados.");
    expect(warnings.join("\n")).not.toContain("Se omitió un cuadro de texto");
  });

  it("a document.xml that is not XML is refused, not thrown", async () => {
    const { bulletin, warnings } = await parseDocxBulletin(await word2016With("<w:p><w:r><w:t>sin cerrar"));
    expect(bulletin.title).toBe("");
    expect(warnings).toEqual(["El archivo no es un documento DOCX válido."]);
  });
});

describe("the office's five example bulletins, exported to Word and read back", () => {
  const seeds = join(import.meta.dirname, "../../seeds");
  const files = readdirSync(seeds).filter((name) => name.endsWith(".txt")).sort();

  it("there are five", () => {
    expect(files).toHaveLength(5);
  });

  it.each(files)("%s: every field as the text import reads it, and no warning about the letterhead", async (file) => {
    const fromText = parseBulletin(decodeBulletinBytes(readFileSync(join(seeds, file)))).bulletin;
    const docx = await renderDocx(fromText, { organization, draft: false });
    const { bulletin, warnings } = await parseDocxBulletin(new Uint8Array(docx));
    expect(bulletin).toEqual(fromText);
    expect(warnings.filter((warning) => /omiti|tabla|Imagen/.test(warning))).toEqual([]);
  });
});
