import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Document, Packer, Paragraph, TextRun } from "docx";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDocxBulletin } from "../../server/import/parse-docx";
import { describeWithLibreOffice, expectCaseFields, SOFFICE } from "./layout-checks";
import { families, type Case } from "./other-layouts-cases";

/*
 * The other offices' layouts (other-layouts-cases.ts) as Word files, read with parseDocxBulletin
 * and held to the fields the TXT test expects: typed into Word the way staff do (a paragraph per
 * line, the headline in bold, blank lines as empty paragraphs, marks as runs), and the same files
 * saved again by LibreOffice, which writes Word's XML its own way (skipped without soffice,
 * required under CI).
 */

const cases: Case[] = families.flatMap(([, entries]) => entries);

/** A line's runs as Word holds them: the TXT's `**bold**` and `*italic*` become bold and italic runs. */
function runsOf(line: string, bold: boolean): TextRun[] {
  return line
    .split(/(\*\*[^*]+\*\*|\*[^*]+\*|\b_[^_]+_\b)/u)
    .filter((part) => part !== "")
    .map((part) =>
      part.startsWith("**") ? new TextRun({ text: part.slice(2, -2), bold: true })
      : part.startsWith("*") || part.startsWith("_") ? new TextRun({ text: part.slice(1, -1), italics: true, bold })
      : new TextRun({ text: part, bold }),
    );
}

/**
 * A DOCX of the text as a person types it into Word: each line a paragraph, the headline bold,
 * the TXT's marks as runs, its `- ` items as typed bullets, a headline over two lines two bold paragraphs.
 */
async function typedDocx(entry: Case): Promise<Uint8Array> {
  const children = entry.text.split(/\r?\n/u).map((line) => {
    const typed = line.replace(/\t/gu, " ").replace(/^- /u, "• ");
    if (typed.trim() === "") return new Paragraph({});
    // A headline typed over two lines is two bold paragraphs.
    return new Paragraph({ children: runsOf(typed, typed.trim().length > 0 && entry.title.includes(typed.trim())) });
  });
  return new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children }] })));
}

async function expectFields(docx: Uint8Array, entry: Case): Promise<void> {
  expectCaseFields(await parseDocxBulletin(docx), entry);
}

describe("Word files typed from the other offices' layouts", () => {
  for (const [family, entries] of families) {
    describe(family, () => {
      it.each(entries.map((entry) => [entry.name, entry] as const))("%s", async (_name, entry) => {
        await expectFields(await typedDocx(entry), entry);
      });
    });
  }
});

describeWithLibreOffice("the same Word files saved again by LibreOffice", () => {
  const directory = mkdtempSync(join(tmpdir(), "redacta-layouts-docx-"));
  const name = (index: number) => `caso-${String(index).padStart(2, "0")}.docx`;
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  // Every file in one soffice call: starting LibreOffice costs seconds, converting one more file little.
  beforeAll(async () => {
    const sources = await Promise.all(
      cases.map(async (entry, index) => {
        writeFileSync(join(directory, name(index)), await typedDocx(entry));
        return join(directory, name(index));
      }),
    );
    execFileSync(
      SOFFICE!,
      [`-env:UserInstallation=file://${join(directory, "perfil")}`, "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir", join(directory, "libreoffice"), ...sources],
      { stdio: "pipe", timeout: 300_000 },
    );
  }, 320_000);

  for (const [family, entries] of families) {
    describe(family, () => {
      it.each(entries.map((entry) => [entry.name, entry] as const))("%s", async (_name, entry) => {
        await expectFields(readFileSync(join(directory, "libreoffice", name(cases.indexOf(entry)))), entry);
      });
    });
  }
});
