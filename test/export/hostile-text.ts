import JSZip from "jszip";
import { XMLValidator } from "fast-xml-parser";
import fc from "fast-check";
import { expect } from "vitest";

/** Shared by the export tests that feed bulletins careless and hostile text. */

/** Code points XML 1.0 forbids (its Char production), lone surrogates included. */
export const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What a paste, a damaged file or an attacker puts into a field, one piece at a time. */
const HOSTILE_PIECES = [
  "\u0001", "\u0007", "\u0008", "\u000B", "\u000C", "\u001B", "\u001F", "\u007F", "\u0085", "\u009F",
  "\r", "\n", "\r\n", "\t", "\u2028", "\u2029",
  "\uFEFF", "\uFFFD", "\uFFFC",
  "\u200B", "\u200E", "\u200F", "\u202A", "\u202E", "\u2066", "\u2069", "\u061C", "\u00AD",
  "\u{10000}", "\u{1F600}", "\u{1FFFE}", "\u{10FFFF}", "\u{E0001}", "\u{F0000}",
  "# ", "## Falso", "===", "---", "***", "```", "~~~", "    ", "> ", "- ", "+ ", "1. ", "1) ", "<div>", "<!--", "<script>",
  "]]>", "&amp;", "&", "<", ">", "\"", "'", "\\", "*", "_", "`", "[", "]", "|",
  "No. 999/2026.", "---o0o---", "LINK FOTOS", "BORRADOR",
  "Zoé", "ñ", "e\u0301", "عربى", "עברית",
];

/** What the schema refuses outright: never typed, only damaged or forged. */
const REFUSED_PIECES = ["\u0000", "\uFFFE", "\uFFFF", "\uD800", "\uDBFF", "\uDC00", "\uDFFF"];

const anyCodePoint = fc.integer({ min: 0, max: 0x10ffff }).map((code) => String.fromCodePoint(code));
const letters = fc.string({ unit: fc.constantFrom(..."abcdefghijklmnñopqrstuvwxyzáéíóú "), minLength: 1, maxLength: 12 });

/** A hostile string: any plane, controls, surrogates, U+FFFE/FFFF, line separators, bidi marks, Markdown starts, huge words. */
export const hostileString: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 40, arbitrary: fc.constantFrom(...HOSTILE_PIECES) },
      { weight: 30, arbitrary: letters },
      { weight: 10, arbitrary: anyCodePoint },
      { weight: 2, arbitrary: fc.constantFrom(...REFUSED_PIECES) },
      { weight: 2, arbitrary: fc.integer({ min: 100, max: 3_000 }).map((length) => "x".repeat(length)) },
    ),
    { maxLength: 6 },
  )
  .map((pieces) => pieces.join(""));

/** Links as typed, pasted or forged: good ones and every trick. */
const goodLink = fc.constantFrom(
  "https://www.imss.gob.mx/prensa?a=1&b=2",
  "http://drive.google.com/x",
  "https://bücher.example/fotos",
  "https://imss.gob.mx/x_(1)",
  " https://imss.gob.mx/espacios ",
  "HTTPS://IMSS.GOB.MX/MAYUSCULAS",
  "https://1.2.3.4/foto.jpg",
);

export const hostileLink: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: goodLink },
  { weight: 1, arbitrary: fc.constantFrom(
    "\\\\host\\share\\x.jpg",
    "//host/x",
    "https:\\\\host\\x",
    "https:host/x",
    "java\tscript:alert(1)",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "\u0001https://imss.gob.mx",
    "https://user:pass@imss.gob.mx/",
    "https://imss.gob.mx@evil.example/",
    "https://imss.gob.mx/\u202Egpj.exe",
    "https://imss.gob.mx/a>b",
    "https://imss.gob.mx/\uFFFE",
    "file:///C:/x.jpg",
    "www.imss.gob.mx/fotos",
    "https://",
    "https://localhost/x",
    "",
  ) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom("https://imss.gob.mx/", "http://a.mx/"), hostileString).map(([origin, rest]) => origin + rest) },
);

/**
 * A DOCX's every XML part is well-formed: the structure parses (fast-xml-parser's
 * validator) and no character is outside XML 1.0's Char production, which that
 * validator does not check and which stops Word and LibreOffice from opening the file.
 */
export async function expectWellFormedDocx(docx: Buffer, label = "docx"): Promise<string[]> {
  const zip = await JSZip.loadAsync(docx);
  const parts = Object.values(zip.files).filter((file) => !file.dir && /\.(xml|rels)$/.test(file.name));
  expect(parts.map((part) => part.name), label).toContain("word/document.xml");
  const texts: string[] = [];
  for (const part of parts) {
    const text = await part.async("string");
    const forbidden = XML_FORBIDDEN.exec(text);
    expect(forbidden ? `${part.name}: U+${forbidden[0].codePointAt(0)!.toString(16).toUpperCase()}` : null, label).toBeNull();
    expect(XMLValidator.validate(text), `${label} ${part.name}`).toBe(true);
    texts.push(text);
  }
  return texts;
}
