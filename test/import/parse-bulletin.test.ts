import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { BlockNode, InlineNode } from "../../shared/bulletin/body-schema";
import { bulletinSchema, type Bulletin } from "../../shared/bulletin/schema";
import { decodeBulletinBytes, parseBulletin } from "../../server/import/parse-bulletin";

const seedsDirectory = join(import.meta.dirname, "../../seeds");
const seedFiles: Record<string, string> = {
  "000": "000_26229c71563c6bf9.txt",
  "001": "001_eaacc6a8e1994bb3.txt",
  "002": "002_4a4143e199fb69ac.txt",
  "003": "003_32b868f1f27af133.txt",
  "004": "004_5269122b5114297c.txt",
};

function readSeed(key: string) {
  return parseBulletin(decodeBulletinBytes(readFileSync(join(seedsDirectory, seedFiles[key]!))));
}

function inlineText(content: InlineNode[] | undefined): string {
  return (content ?? []).map((node) => (node.type === "text" ? node.text : "\n")).join("");
}

/** The text of each top-level paragraph, as a reader sees it. */
function paragraphs(bulletin: Bulletin): string[] {
  return bulletin.body.content.map((block) => (block.type === "paragraph" ? inlineText(block.content) : `[${block.type}]`));
}

function textNodes(blocks: BlockNode[]): InlineNode[] {
  return blocks.flatMap((block) =>
    block.type === "paragraph"
      ? (block.content ?? [])
      : block.type === "blockquote"
        ? textNodes(block.content)
        : block.content.flatMap((item) => textNodes(item.content)),
  );
}

function marksOf(bulletin: Bulletin, text: string): string[] | undefined {
  const node = textNodes(bulletin.body.content).find((candidate) => candidate.type === "text" && candidate.text === text);
  return node?.marks?.map((mark) => mark.type);
}

const FOOTER_WARNING = "Se descartó la línea de pie de página «EL REVOLUCIONARIO DEL PUEBLO.».";

describe("the five example bulletins, read as a person reads them", () => {
  it("000: an institutional event without label, date or number; letterhead at the page break dropped", () => {
    const { bulletin, warnings } = readSeed("000");
    expect(bulletin.number).toBeNull();
    expect(bulletin.place).toBeNull();
    expect(bulletin.date).toBeNull();
    expect(bulletin.title).toBe("Es tiempo del IMSS con A, que escucha, aprende, acude al llamado y resuelve: Zoé Robledo");
    expect(bulletin.highlights).toHaveLength(3);
    expect(bulletin.highlights[0]).toBe(
      "La presidenta de México, Claudia Sheinbaum Pardo, encabezó la 115 Asamblea General Ordinaria del IMSS, donde se entregaron los Reconocimientos a la Trayectoria Institucional a las doctoras Fryda Medina Rodríguez y Natividad Neri Muñoz.",
    );
    expect(bulletin.highlights[2]).toBe(
      "Al evento realizado en Palacio Nacional acudieron gobernadores, secretarios de estado, directores normativos, representantes del sector obrero-patronal y personal de todas las áreas que conforman el Instituto.",
    );
    const texts = paragraphs(bulletin);
    expect(texts).toHaveLength(18);
    expect(texts[0]).toMatch(/^Es tiempo del Instituto Mexicano del Seguro Social \(IMSS\) con A, ese que escucha/);
    expect(texts[17]).toMatch(/^Previo a la 115 Asamblea General Ordinaria del IMSS, sesionaron/);
    expect(texts.join("\n")).not.toMatch(/UNIDAD DE COMUNICACI[OÓ]N SOCIAL|INSTITUTO MEXICANO DEL SEGURO SOCIAL|SEGURIDAD Y SOLIDARIDAD/);
    expect(texts[7]).toMatch(/^Anunció que continuará el programa/);
    expect(texts[6]).toMatch(/^Zoé Robledo externó que también existen retos/);
    expect(marksOf(bulletin, "Apertura")).toEqual(["bold"]);
    expect(marksOf(bulletin, "Atención Primaria")).toEqual(["bold"]);
    expect(texts[2]).toContain("dijo que el Instituto es de Apertura por el registro histórico");
    expect(bulletin.photoLinks).toEqual(["https://drive.google.com/drive/folders/1taeYdZpWt1GAFfab0DPRMFXvfdHT633j?usp=drive_link"]);
    expect(bulletin.videoLinks).toEqual(["https://www.swisstransfer.com/d/7ae3718b-4090-4909-87bd-388e85c0ee1d"]);
    expect(warnings.filter((warning) => warning.includes("descartó"))).toEqual([]);
  });

  it("001: the full layout; the paragraph split by the page break is one paragraph again", () => {
    const { bulletin, warnings } = readSeed("001");
    expect(bulletin.number).toEqual({ seq: 493, year: 2024 });
    expect(bulletin.place).toBe("Ciudad de México");
    expect(bulletin.date).toBe("2024-09-25");
    expect(bulletin.title).toBe("Instruye Zoé Robledo a las autoridades del IMSS cumplir prioridades en salud del nuevo gobierno");
    expect(bulletin.highlights).toEqual([
      "Se continuará la formalización y ampliación de la base de asegurados, fortalecimiento del derecho a la salud, transformación digital y conclusión de infraestructura médica.",
      "Encabezó la Segunda Reunión Nacional con los 35 titulares de Órganos de Operación Administrativa Desconcentrada y 25 directores de Unidades Médicas de Alta Especialidad.",
    ]);
    const texts = paragraphs(bulletin);
    expect(texts).toHaveLength(8);
    expect(texts[0]).toMatch(/^El director general del Instituto Mexicano del Seguro Social \(IMSS\), Zoé Robledo, instruyó/);
    expect(texts[7]).toMatch(/^Señaló la importancia de identificar retos institucionales/);
    expect(texts[5]).toContain("programas de vacunación, visitas domiciliarias a adultos mayores, suplementación universal");
    expect(texts[5]).toMatch(/^Zoé Robledo destacó que, en trabajo conjunto/);
    expect(bulletin.photoLinks).toEqual([
      "https://imssmx.sharepoint.com/:f/s/comunicacionsocial/EoBbXnvRleRGtDY7sXrE0OMB2rc4t0gQwoirqVZY6YyEUQ?e=tjTW4X",
    ]);
    expect(bulletin.videoLinks).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it("002: `·` highlights, no closing mark; the footer line after the last paragraph is dropped with a warning", () => {
    const { bulletin, warnings } = readSeed("002");
    expect(bulletin.number).toBeNull();
    expect(bulletin.date).toBeNull();
    expect(bulletin.title).toBe("Procesos transversales, resolutivos e innovadores acercan al IMSS con sus derechohabientes: Zoé Robledo");
    expect(bulletin.highlights).toHaveLength(2);
    expect(bulletin.highlights[0]).toMatch(/^Durante la clausura de la Cuarta Reunión Regional Occidente, el director general del Seguro Social/);
    expect(bulletin.highlights[1]).toBe(
      "Miguel Ángel Navarro Quintero, gobernador de Nayarit, señaló que el Seguro Social hoy es sustentable y cuenta con personal de mucha experiencia, juventud y madurez.",
    );
    const texts = paragraphs(bulletin);
    expect(texts).toHaveLength(13);
    expect(texts[0]).toMatch(/^La operatividad del Instituto Mexicano del Seguro Social/);
    expect(texts[12]).toMatch(/^Asistieron las directoras y directores normativos/);
    expect(texts[12]).toMatch(/y jefes de área\.$/);
    expect(texts.join("\n")).not.toContain("REVOLUCIONARIO");
    expect(warnings).toContain(FOOTER_WARNING);
    expect(bulletin.photoLinks).toEqual([]);
    expect(bulletin.videoLinks).toEqual([]);
  });

  it("003: date and number without final period; the quote split by the page break is joined", () => {
    const { bulletin, warnings } = readSeed("003");
    expect(bulletin.number).toEqual({ seq: 217, year: 2024 });
    expect(bulletin.place).toBe("Ciudad de México");
    expect(bulletin.date).toBe("2024-05-08");
    expect(bulletin.title).toBe(
      "Celebra IMSS 500 sesiones de trabajo con representantes estatales y directores de Unidades Médicas de Alta Especialidad",
    );
    expect(bulletin.highlights).toHaveLength(2);
    expect(bulletin.highlights[0]).toMatch(/^Ha sido un espacio que en los últimos cinco años/);
    expect(bulletin.highlights[1]).toMatch(/infraestructura y equipamiento\.$/);
    const texts = paragraphs(bulletin);
    expect(texts).toHaveLength(15);
    expect(texts[0]).toMatch(/^El Instituto Mexicano del Seguro Social \(IMSS\) celebró 500 sesiones/);
    expect(texts[14]).toMatch(/^Este ejemplo, dijo, abona en el trabajo/);
    expect(texts[6]).toContain("el IMSS para quienes no tienen IMSS, si no hubiéramos tenido este andamiaje");
    expect(bulletin.photoLinks).toEqual(["https://drive.google.com/drive/folders/14lCxET7fioYY8M9Rn5Muedg_E9UVaHFle"]);
    expect(bulletin.videoLinks).toEqual(["https://we.tl/t-7h4sxRGQR7"]);
    expect(warnings).toEqual([]);
  });

  it("004: three `·` highlights, no closing mark, footer dropped with a warning", () => {
    const { bulletin, warnings } = readSeed("004");
    expect(bulletin.title).toBe(
      "IMSS-Bienestar está llamado a ser el único prestador de servicios y a romper la herencia del Seguro Popular: Zoé Robledo",
    );
    expect(bulletin.highlights).toHaveLength(3);
    expect(bulletin.highlights[0]).toBe(
      "Autoridades del gobierno federal y de Puebla clausuraron los trabajos de la Cuarta Reunión Regional Centro del Seguro Social.",
    );
    expect(bulletin.highlights[2]).toBe(
      "Sergio Salomón Céspedes, gobernador de Puebla, señaló que el fortalecimiento de IMSS-Bienestar garantiza el acceso a la salud.",
    );
    const texts = paragraphs(bulletin);
    expect(texts).toHaveLength(14);
    expect(texts[0]).toMatch(/^Con la aprobación de la reforma que da rango legal al Sistema Nacional de Salud/);
    expect(texts[13]).toMatch(/^Acudieron a esta reunión directores normativos/);
    expect(texts[13]).toMatch(/\(UMAE\)$/);
    expect(warnings).toContain(FOOTER_WARNING);
    expect(warnings).toContain("No se encontró la marca de cierre (---o0o---).");
  });

  it("every example satisfies the bulletin schema", () => {
    for (const key of Object.keys(seedFiles)) expect(() => bulletinSchema.parse(readSeed(key).bulletin)).not.toThrow();
  });
});

/** Bytes of `text` in Windows-1252 (Latin-1 letters keep their code; curly quotes move). */
function windows1252(text: string): Uint8Array {
  const special: Record<string, number> = { "“": 0x93, "”": 0x94, "–": 0x96, "—": 0x97, "€": 0x80 };
  return Uint8Array.from([...text].map((character) => special[character] ?? character.charCodeAt(0)));
}

const SAMPLE = [
  "BOLETÍN DE PRENSA",
  "",
  "Ciudad de México, miércoles 25 de septiembre de 2024.",
  "",
  "No. 493/2024.",
  "",
  "Instruye Zoé Robledo cumplir prioridades",
  "",
  "- Primer destacado.",
  "- Segundo destacado.",
  "",
  "“Primer párrafo”, dijo.",
  "",
  "---o0o---",
].join("\n");

describe("decodeBulletinBytes", () => {
  it("reads Windows-1252 files, accents and curly quotes included", () => {
    const { bulletin } = parseBulletin(decodeBulletinBytes(windows1252(SAMPLE.replace(/\n/g, "\r\n"))));
    expect(bulletin.title).toBe("Instruye Zoé Robledo cumplir prioridades");
    expect(bulletin.date).toBe("2024-09-25");
    expect(paragraphs(bulletin)).toEqual(["“Primer párrafo”, dijo."]);
  });

  it("drops a UTF-8 byte-order mark, turns CRLF and CR into line ends and non-breaking spaces into spaces", () => {
    const utf8 = new TextEncoder().encode(SAMPLE.replace("México, miércoles", "México,\u00A0miércoles"));
    const withBom = Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8]);
    const text = decodeBulletinBytes(withBom);
    expect(text.startsWith("BOLETÍN")).toBe(true);
    expect(text).toContain("México, miércoles");
    expect(decodeBulletinBytes(new TextEncoder().encode("a\r\nb\rc"))).toBe("a\nb\nc");
    expect(parseBulletin(text).bulletin.place).toBe("Ciudad de México");
  });

  it("gives NFC text: a decomposed é becomes one character", () => {
    expect(decodeBulletinBytes(new TextEncoder().encode("Zoe\u0301"))).toBe("Zoé");
  });
});

describe("layouts real archives hold", () => {
  const parse = (lines: string[]) => parseBulletin(lines.join("\n"));

  it("reads the Xalapa date line, an upper-case date line and `Boletín No. 217/2024`", () => {
    const xalapa = parse(["BOLETÍN DE PRENSA", "Xalapa, Ver., a 16 de julio de 2014.", "Titular", "- Destacado", "", "Cuerpo."]).bulletin;
    expect([xalapa.place, xalapa.date, xalapa.title]).toEqual(["Xalapa, Ver.", "2014-07-16", "Titular"]);
    const upper = parse(["boletín de prensa", "CIUDAD DE MÉXICO, MIÉRCOLES 25 DE SEPTIEMBRE DE 2024", "Boletín No. 217/2024", "Titular", "- D", "", "C."]);
    expect(upper.bulletin).toMatchObject({ place: "Ciudad de México", date: "2024-09-25", number: { seq: 217, year: 2024 }, title: "Titular" });
  });

  it("reads a headline written before the date line and the number", () => {
    const { bulletin } = parse(["Titular antes de la fecha", "", "Ciudad de México, miércoles 25 de septiembre de 2024", "No. 5/2024", "", "- Destacado", "", "Cuerpo."]);
    expect(bulletin).toMatchObject({ title: "Titular antes de la fecha", date: "2024-09-25", number: { seq: 5, year: 2024 }, highlights: ["Destacado"] });
  });

  it("takes an unknown label in capitals before the date line for a label, not the headline", () => {
    const { bulletin } = parse(["AVISO A MEDIOS", "Ciudad de México, 25 de septiembre de 2024", "Titular real", "", "Cuerpo."]);
    expect(bulletin.title).toBe("Titular real");
  });

  it("warns when the weekday does not match the date", () => {
    const { bulletin, warnings } = parse(["Ciudad de México, martes 25 de septiembre de 2024.", "Titular", "- D", "", "Cuerpo."]);
    expect(bulletin.date).toBe("2024-09-25");
    expect(warnings).toContain("El día de la semana «martes» no corresponde a la fecha: el 25 de septiembre de 2024 fue miércoles.");
  });

  it.each([
    ["- ", "- **Destacado en negritas.**"],
    ["· ", "· Destacado con punto medio."],
    ["• ", "• **Destacado con viñeta.**"],
    ["* ", "* Destacado con asterisco."],
  ])("reads `%s` highlights, bold or not, as plain strings", (_marker, line) => {
    const { bulletin } = parse(["Titular", "", line, line, "", "Cuerpo."]);
    expect(bulletin.highlights).toHaveLength(2);
    expect(bulletin.highlights[0]).toMatch(/^Destacado [^.]+\.$/);
  });

  it("joins a highlight wrapped onto a lower-case line", () => {
    const { bulletin } = parse(["Titular", "", "- Un destacado que la extracción", "partió en dos líneas.", "- Otro.", "", "Cuerpo."]);
    expect(bulletin.highlights).toEqual(["Un destacado que la extracción partió en dos líneas.", "Otro."]);
  });

  it("warns when there is no headline or no highlight", () => {
    expect(parse(["- Solo un destacado", "", "Cuerpo."]).warnings).toContain("No se encontró el titular.");
    expect(parse(["Titular", "", "Cuerpo."]).warnings).toContain("No se encontraron destacados.");
  });

  it.each(["---o0o---", "--o0o--", "-o0o-", "o0o", "-0o0-", "- o0o -"])("ends the body at the closing mark %s", (mark) => {
    const { bulletin, warnings } = parse(["Titular", "- D", "", "Cuerpo.", "", mark, "", "LINK FOTOS", "https://a.mx/f"]);
    expect(paragraphs(bulletin)).toEqual(["Cuerpo."]);
    expect(bulletin.photoLinks).toEqual(["https://a.mx/f"]);
    expect(warnings).toEqual(["No se encontró la línea de fecha.", "No se encontró el número del boletín."]);
  });

  it("reads links on the header line, in <…>, several per section, and `LINKS FOTOS` / `Video:` headers", () => {
    const { bulletin } = parse([
      "Titular", "- D", "", "Cuerpo.", "---o0o---",
      "LINKS FOTOS <https://a.mx/1> https://a.mx/2",
      "<https://a.mx/3>",
      "Video: https://v.mx/1",
      "https://v.mx/2",
    ]);
    expect(bulletin.photoLinks).toEqual(["https://a.mx/1", "https://a.mx/2", "https://a.mx/3"]);
    expect(bulletin.videoLinks).toEqual(["https://v.mx/1", "https://v.mx/2"]);
  });

  it("drops a link with another scheme and text after the links, with warnings", () => {
    const { bulletin, warnings } = parse(["Titular", "- D", "", "Cuerpo.", "---o0o---", "LINK FOTOS", "javascript:alert(1)", "Contacto: prensa"]);
    expect(bulletin.photoLinks).toEqual([]);
    expect(warnings).toContain("Se descartó el enlace no válido «javascript:alert(1)».");
    expect(warnings).toContain("Se descartó el texto «Contacto: prensa», posterior al cierre del boletín.");
  });

  it("drops letterhead lines in any case and spacing, and page numbers, without a warning", () => {
    const { bulletin, warnings } = parse([
      "  Instituto Mexicano del Seguro Social ", "Unidad de Comunicacion Social", "BOLETÍN DE PRENSA", "Titular", "- D", "",
      "Primer párrafo.", "", "", "  SEGURIDAD Y SOLIDARIDAD SOCIAL", "Página 2 de 3", "", "Segundo párrafo.", "---o0o---",
    ]);
    expect(bulletin.title).toBe("Titular");
    expect(paragraphs(bulletin)).toEqual(["Primer párrafo.", "Segundo párrafo."]);
    expect(warnings.filter((warning) => warning.includes("descartó"))).toEqual([]);
  });

  it("joins a paragraph split by a page break only when the next page goes on in lower case", () => {
    const { bulletin } = parse(["Titular", "- D", "", "Dijo que la", "", "", "", "reunión fue un éxito.", "", "", "", "Otro párrafo.", "", "seguido de uno en minúscula.", "---o0o---"]);
    expect(paragraphs(bulletin)).toEqual(["Dijo que la reunión fue un éxito.", "Otro párrafo.", "seguido de uno en minúscula."]);
  });

  it("reads body lists, quotes and inline marks", () => {
    const { bulletin } = parse([
      "Titular", "- D", "",
      "Texto con **negritas**, *cursivas*, _también_ y [un enlace](https://www.imss.gob.mx/prensa).", "",
      "- uno", "- dos", "", "1. primero", "2. segundo", "", "> Una cita.", "---o0o---",
    ]);
    expect(bulletin.body.content.map((block) => block.type)).toEqual(["paragraph", "bulletList", "orderedList", "blockquote"]);
    expect(marksOf(bulletin, "negritas")).toEqual(["bold"]);
    expect(marksOf(bulletin, "cursivas")).toEqual(["italic"]);
    expect(marksOf(bulletin, "también")).toEqual(["italic"]);
    const link = textNodes(bulletin.body.content).find((node) => node.type === "text" && node.text === "un enlace");
    expect(link?.marks).toEqual([{ type: "link", attrs: { href: "https://www.imss.gob.mx/prensa" } }]);
  });

  it("keeps snake_case, URLs with underscores and stray asterisks as written", () => {
    const { bulletin } = parse(["Titular", "- D", "", "Ver drive.google.com/a_b_c y la nota* al pie.", "---o0o---"]);
    expect(paragraphs(bulletin)).toEqual(["Ver drive.google.com/a_b_c y la nota* al pie."]);
  });

  it("reads a draft's export: BORRADOR lines and the number placeholder give no number", () => {
    const { bulletin } = parse(["BORRADOR", "BOLETÍN DE PRENSA", "Ciudad de México, miércoles 25 de septiembre de 2024.", "No. —/2024.", "Titular", "- D", "", "C."]);
    expect(bulletin).toMatchObject({ number: null, date: "2024-09-25", title: "Titular" });
  });
});

describe("never throws, always a valid bulletin", () => {
  it("gives an empty bulletin with a warning for empty or blank text", () => {
    for (const text of ["", "   \n\n \t "]) {
      const { bulletin, warnings } = parseBulletin(text);
      expect(bulletinSchema.parse(bulletin)).toBeTruthy();
      expect(bulletin.title).toBe("");
      expect(warnings).toEqual(["El texto está vacío."]);
    }
  });

  it("reads random bytes into a schema-valid bulletin", () => {
    let seed = 12345;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let run = 0; run < 50; run++) {
      const bytes = Uint8Array.from({ length: 4000 }, () => Math.floor(random() * 256));
      const { bulletin } = parseBulletin(decodeBulletinBytes(bytes));
      expect(bulletinSchema.safeParse(bulletin).success).toBe(true);
    }
  });

  const bodyParagraph = readFileSync(join(seedsDirectory, seedFiles["000"]!), "utf8").split("\n\n").slice(4, 12).join("\n\n");
  const hundredKilobytes = (unit: string) => unit.repeat(Math.ceil(100_000 / unit.length));
  it.each([
    ["a realistic bulletin", `Titular\n\n- D\n\n${hundredKilobytes(`${bodyParagraph}\n\n`)}`],
    ["one line", hundredKilobytes("palabra, ")],
    ["asterisks", hundredKilobytes("**a *b ")],
    ["brackets", hundredKilobytes("[a](b [c](")],
    ["underscores", hundredKilobytes("_a __b ")],
    ["nested quotes", hundredKilobytes("> ")],
    ["nested lists", Array.from({ length: 300 }, (_, depth) => `${"  ".repeat(depth)}- item`).join("\n")],
    ["blank lines", hundredKilobytes("\n")],
    ["bullets", hundredKilobytes("- x\n")],
    ["paragraphs", hundredKilobytes("a\n\n")],
    ["backslashes", hundredKilobytes("\\")],
  ])("reads 100 KB of %s well under 50 ms", (_name, text) => {
    expect(bulletinSchema.safeParse(parseBulletin(text).bulletin).success).toBe(true);
    // The best of a few runs in CPU time: the steady cost, not the first call's compilation or a busy machine.
    const times = Array.from({ length: 5 }, () => {
      const started = process.cpuUsage();
      parseBulletin(text);
      const used = process.cpuUsage(started);
      return (used.user + used.system) / 1000;
    });
    expect(Math.min(...times)).toBeLessThan(50);
  });
});
