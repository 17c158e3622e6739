import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { BlockNode } from "../../shared/bulletin/body-schema";
import { PLACEHOLDER_PATTERN, templateSchema } from "../../shared/template/schema";
import { decodeBulletinBytes, parseBulletin } from "../../server/import/parse-bulletin";
import { paragraphPlaceholder, slugFromName, templateFromBulletin } from "../../server/import/template-from";
import { loadGlossary, loadOrganization, loadShippedTemplates } from "../../server/templates/load";

const seedsDirectory = join(import.meta.dirname, "../../seeds");
// PLACEHOLDER_PATTERN is global: `.test` on it would remember where the last match ended.
const PLACEHOLDER = new RegExp(PLACEHOLDER_PATTERN.source);
const seed = (file: string) => parseBulletin(decodeBulletinBytes(readFileSync(join(seedsDirectory, file)))).bulletin;

function paragraphTexts(blocks: BlockNode[]): string[] {
  return blocks.flatMap((block) =>
    block.type === "paragraph"
      ? [(block.content ?? []).map((node) => (node.type === "text" ? node.text : "")).join("")]
      : block.type === "blockquote"
        ? paragraphTexts(block.content)
        : block.content.flatMap((item) => paragraphTexts(item.content)),
  );
}

/** True when every bracket of the text belongs to a placeholder the editor will highlight. */
function onlyPlaceholders(text: string): boolean {
  return (text.match(PLACEHOLDER_PATTERN) ?? []).length > 0 && !/[[\]]/.test(text.replace(PLACEHOLDER_PATTERN, ""));
}

describe("templateFromBulletin", () => {
  it("turns 001 into a template of the same shape: two highlight slots, eight paragraph placeholders, photo link only", () => {
    const template = templateFromBulletin(seed("001_eaacc6a8e1994bb3.txt"), { name: "Reunión nacional" });
    expect(templateSchema.parse(template)).toEqual(template);
    expect(template.id).toBe("reunion-nacional");
    expect(template.highlightSlots).toEqual(["[Destacado 1]", "[Destacado 2]"]);
    expect(template.linkSections).toEqual({ photos: true, video: false });
    expect(template.defaultPlace).toBeNull();
    expect(template.description).toBe("Creada a partir del boletín No. 493/2024.");
    const texts = paragraphTexts(template.body.content);
    expect(texts).toHaveLength(8);
    expect(texts[0]).toBe("[El director general del Instituto Mexicano …]");
    expect(texts[1]).toBe("[En el marco de la inauguración …]");
    expect(texts[3]).toBe("[Además, …]");
    expect(texts[6]).toBe("[En su mensaje, …]");
    expect(texts.every(onlyPlaceholders)).toBe(true);
  });

  it("keeps the usual openings of a regional closing (002) and of an institutional event (000)", () => {
    const closing = paragraphTexts(templateFromBulletin(seed("002_4a4143e199fb69ac.txt"), { name: "Clausura" }).body.content);
    expect(closing).toContain("[En su intervención, …]");
    expect(closing).toContain("[Por su parte, …]");
    const event = templateFromBulletin(seed("000_26229c71563c6bf9.txt"), { name: "Asamblea", id: "asamblea-ordinaria", description: "Asamblea anual." });
    expect(event).toMatchObject({ id: "asamblea-ordinaria", description: "Asamblea anual.", linkSections: { photos: true, video: true } });
    expect(event.titlePlaceholder).toBe("[Idea central del mensaje]: [nombre de quien la dijo]");
    expect(event.highlightSlots).toHaveLength(3);
    expect(paragraphTexts(event.body.content)).toContain("[Durante el evento, …]");
  });

  it("makes a valid template from every example", () => {
    for (const file of ["000_26229c71563c6bf9.txt", "001_eaacc6a8e1994bb3.txt", "002_4a4143e199fb69ac.txt", "003_32b868f1f27af133.txt", "004_5269122b5114297c.txt"]) {
      const template = templateFromBulletin(seed(file), { name: `Modelo ${file}` });
      expect(() => templateSchema.parse(template)).not.toThrow();
      expect(paragraphTexts(template.body.content).every(onlyPlaceholders)).toBe(true);
    }
  });

  it("keeps a bulletin's own place, and gives one highlight slot and a body placeholder to an empty bulletin", () => {
    const template = templateFromBulletin(
      { number: null, place: "Xalapa, Ver.", date: "2014-07-16", title: "", highlights: [], body: { type: "doc", content: [{ type: "paragraph" }] }, photoLinks: [], videoLinks: [] },
      { name: "   " },
    );
    expect(template).toMatchObject({ id: "plantilla-sin-nombre", defaultPlace: "Xalapa, Ver.", highlightSlots: ["[Destacado 1]"] });
    expect(paragraphTexts(template.body.content)).toEqual(["[Cuerpo del boletín]"]);
  });

  it("writes paragraph placeholders by the documented convention", () => {
    expect(paragraphPlaceholder("Por su parte, el secretario general del IMSS, Marcos Bucio, destacó")).toBe("[Por su parte, …]");
    expect(paragraphPlaceholder("Zoé Robledo detalló que antes de que concluya 2024 abrirá sus puertas")).toBe("[Zoé Robledo detalló que antes de …]");
    expect(paragraphPlaceholder("Asistieron los titulares.")).toBe("[Asistieron los titulares.]");
    expect(paragraphPlaceholder("Ver [nota] aquí")).toBe("[Ver (nota) aquí]");
  });

  it("slugs names to lower-case ASCII with hyphens", () => {
    expect(slugFromName("Clausura de Reunión Regional (Occidente)")).toBe("clausura-de-reunion-regional-occidente");
    expect(slugFromName("¿?")).toBe("plantilla");
    expect(slugFromName("a".repeat(100))).toHaveLength(60);
  });
});

describe("shipped templates, organisation and glossary", () => {
  it("loads the three templates, each valid, with placeholders the editor can find", () => {
    const templates = loadShippedTemplates();
    expect(templates.map((template) => template.id)).toEqual(["general", "institutional-event", "regional-meeting-closing"]);
    for (const template of templates) {
      expect(templateSchema.parse(template)).toEqual(template);
      expect(onlyPlaceholders(template.titlePlaceholder)).toBe(true);
      expect(template.highlightSlots.every((slot) => PLACEHOLDER.test(slot))).toBe(true);
      expect(paragraphTexts(template.body.content).every((text) => (text.match(PLACEHOLDER_PATTERN) ?? []).length > 0)).toBe(true);
    }
  });

  it("the regional closing follows the order of 002 and 004", () => {
    const closing = loadShippedTemplates().find((template) => template.id === "regional-meeting-closing")!;
    const openings = paragraphTexts(closing.body.content).map((text) => text.split(/[ ,]/)[0]);
    expect(openings.indexOf("En")).toBeLessThan(openings.indexOf("Por"));
    expect(openings[openings.length - 1]).toBe("Asistieron");
  });

  it("loads the organisation profile and a glossary with the officials of the examples", () => {
    expect(loadOrganization().closingMark).toBe("---o0o---");
    const entries = loadGlossary().entries;
    const canonical = entries.map((entry) => entry.canonical);
    for (const name of [
      "Zoé Robledo", "Claudia Sheinbaum Pardo", "Andrés Manuel López Obrador", "IMSS-Bienestar", "Javier Guerrero García", "Marcos Bucio",
      "Célida Duque Molina", "Miguel Ángel Navarro Quintero", "Sergio Salomón Céspedes", "David Kershenobich Stalnikowitz",
      "Clara Brugada Molina", "Instituto Mexicano del Seguro Social",
    ]) {
      expect(canonical).toContain(name);
    }
    expect(entries.find((entry) => entry.canonical === "Zoé Robledo")?.variants).toContain("Zoe Robledo");
    expect(entries.find((entry) => entry.canonical === "IMSS-Bienestar")?.variants).toEqual(expect.arrayContaining(["IMSS Bienestar", "IMSS bienestar"]));
  });
});
