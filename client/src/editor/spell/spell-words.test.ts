import dictionary from "dictionary-es-mx";
import nspell from "nspell";
import { beforeAll, describe, expect, it } from "vitest";
import { bulletinProseMirrorSchema } from "../../../../shared/editor/extensions";
import { officeWords } from "./office-words";
import { misspelt, wordsOf, type Speller } from "./spell-words";

const schema = bulletinProseMirrorSchema();

describe("wordsOf", () => {
  it("finds the words with their positions, skipping links, acronyms, one letter and text touching digits", () => {
    const link = schema.marks.link!.create({ href: "https://www.imss.gob.mx" });
    const doc = schema.node("doc", null, [
      schema.node("paragraph", null, [
        schema.text("El IMSS y "),
        schema.text("www.imss.gob.mx", [link]),
        schema.text(" atendió a 2da ola médico-cirujano l’agua"),
      ]),
    ]);
    const words = wordsOf(doc);
    expect(words.map((word) => word.word)).toEqual(["El", "atendió", "ola", "médico-cirujano", "l’agua"]);
    const [first] = words;
    expect(doc.textBetween(first!.from, first!.to)).toBe("El");
    for (const word of words) expect(doc.textBetween(word.from, word.to)).toBe(word.word);
  });
});

describe("misspelt, with the es-MX dictionary and the office's words", () => {
  let speller: Speller;
  beforeAll(() => {
    speller = nspell(Buffer.from(dictionary.aff), Buffer.from(dictionary.dic));
    for (const word of officeWords()) speller.add(word);
  });

  it("flags misspelt Spanish and leaves correct Spanish, capitalised words and compounds alone", () => {
    const words = ["El", "director", "instruyó", "Hospitales", "médico-cirujano", "ezcrita", "ospital", "prioridades", "encabezó"];
    expect(misspelt(speller, words)).toEqual(["ezcrita", "ospital"]);
  });

  it("knows the glossary's names and the office's terms, not their misspelt variants", () => {
    expect(misspelt(speller, ["Zoé", "Robledo", "Sheinbaum", "Kershenobich", "derechohabientes"])).toEqual([]);
    expect(misspelt(speller, ["Robeldo", "Sheimbaum"])).toEqual(["Robeldo", "Sheimbaum"]);
  });
});
