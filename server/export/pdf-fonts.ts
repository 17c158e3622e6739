import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

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
let loaded: Record<FontFace, Buffer> | null = null;

/** Registers the four faces with a document (files read once per process). */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  loaded ??= Object.fromEntries(
    Object.entries(FILES).map(([face, file]) => [face, readFileSync(require.resolve(file))]),
  ) as Record<FontFace, Buffer>;
  for (const face of Object.keys(FILES) as FontFace[]) doc.registerFont(FONT_FACES[face].name, loaded[face]);
}

/** The face of a run that is bold, italic, both or neither. */
export function faceOf(format: { bold: boolean; italics: boolean }): FontFace {
  if (format.bold) return format.italics ? "boldItalic" : "bold";
  return format.italics ? "italic" : "regular";
}
