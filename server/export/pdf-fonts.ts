import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import PDFDocument from "pdfkit";

/**
 * Arimo, the open font drawn to Arial's metrics (the DOCX asks for Arial, and LibreOffice
 * lays it out in the metric twin Liberation Sans), so a PDF breaks its lines where the
 * DOCX does. Shipped as TTFs inside an npm package: nothing to install beyond npm.
 * It covers Latin (all of Spanish), Greek, Cyrillic and Hebrew; anything else is drawn as
 * the font's empty box, never an error.
 */
const FILES = {
  regular: "@expo-google-fonts/arimo/400Regular/Arimo_400Regular.ttf",
  bold: "@expo-google-fonts/arimo/700Bold/Arimo_700Bold.ttf",
  italic: "@expo-google-fonts/arimo/400Regular_Italic/Arimo_400Regular_Italic.ttf",
  boldItalic: "@expo-google-fonts/arimo/700Bold_Italic/Arimo_700Bold_Italic.ttf",
} as const;

export type FontFace = keyof typeof FILES;

/** The name each face is registered under in a document. */
export const FONT_FACES: Record<FontFace, { name: string }> = {
  regular: { name: "Arimo" },
  bold: { name: "Arimo-Bold" },
  italic: { name: "Arimo-Italic" },
  boldItalic: { name: "Arimo-BoldItalic" },
};

const require = createRequire(import.meta.url);
/** What pdfkit accepts in place of a font file: a font fontkit has already parsed (its typings list only files). */
type ParsedFont = { layout(text: string): unknown };
let parsed: Record<FontFace, ParsedFont> | null = null;

/**
 * The four faces, each read and parsed once per process and shared by every document. A font
 * handed to pdfkit as bytes is parsed again for each document, and fontkit then decodes the
 * shaping tables again for every word it measures: that was most of a PDF's cost. The faces are
 * parsed by pdfkit's own fontkit (through a document that is never written), so the parsed font
 * is the kind pdfkit expects; each document still embeds its own subset of the glyphs it uses.
 */
function parsedFaces(): Record<FontFace, ParsedFont> {
  if (parsed) return parsed;
  const scratch = new PDFDocument({ autoFirstPage: false });
  const faces = {} as Record<FontFace, ParsedFont>;
  for (const face of Object.keys(FILES) as FontFace[]) {
    scratch.registerFont(FONT_FACES[face].name, readFileSync(require.resolve(FILES[face])));
    scratch.font(FONT_FACES[face].name);
    faces[face] = (scratch as unknown as { _font: { font: ParsedFont } })._font.font;
  }
  parsed = faces;
  return faces;
}

/** Registers the four faces with a document (read and parsed once per process). */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  const faces = parsedFaces();
  for (const face of Object.keys(FILES) as FontFace[]) doc.registerFont(FONT_FACES[face].name, faces[face] as unknown as Buffer);
}

/** The face of a run that is bold, italic, both or neither. */
export function faceOf(format: { bold: boolean; italics: boolean }): FontFace {
  if (format.bold) return format.italics ? "boldItalic" : "bold";
  return format.italics ? "italic" : "regular";
}
