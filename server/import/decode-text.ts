/**
 * Bytes and pasted text → the clean text the bulletin parser reads: one `\n`
 * per line end, NFC, no invisible PDF artifacts (soft hyphens, zero-width
 * spaces, control characters, and every other code point XML 1.0 forbids:
 * U+FFFE, U+FFFF, lone surrogates), form feeds read as page breaks.
 */

/** Line ends, NFC and invisible characters; what parseBulletin applies to any text. */
export function normalizeBulletinText(text: string): string {
  return text
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .replace(/[\u000B\u2028\u2029\u0085]/g, "\n")
    // A PDF page break: blank lines, as the examples show them.
    .replace(/\f/g, "\n\n\n")
    .replace(/[\u0000-\u0008\u000E-\u001F\u007F\u00AD\u200B\uFEFF]/g, "")
    // U+FFFE, U+FFFF and lone surrogates: what a damaged file holds; no export could carry them.
    .replace(/[\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "")
    .normalize("NFC");
}

/** Non-breaking spaces of word processors become plain spaces. */
export function replaceNonBreakingSpaces(text: string): string {
  return text.replace(/[\u00A0\u202F\u2007]/g, " ");
}

// Node's TextDecoder("windows-1252") decodes 0x80–0x9F as Latin-1 controls; these are the real letters.
const WINDOWS_1252_HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ";

function decodeWindows1252(bytes: Uint8Array): string {
  return new TextDecoder("windows-1252")
    .decode(bytes)
    .replace(/[\u0080-\u009F]/g, (character) => WINDOWS_1252_HIGH[character.charCodeAt(0) - 0x80]!);
}

function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * The text of a `.txt` bulletin file: UTF-8 with or without BOM, UTF-16 with BOM,
 * otherwise Windows-1252 (what older office PCs save). Line ends become `\n`,
 * non-breaking spaces plain spaces, and the text is NFC.
 */
export function decodeBulletinBytes(bytes: Uint8Array): string {
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder("utf-16le").decode(bytes);
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder("utf-16be").decode(bytes);
  else text = decodeUtf8(bytes) ?? decodeWindows1252(bytes);
  return normalizeBulletinText(replaceNonBreakingSpaces(text));
}
