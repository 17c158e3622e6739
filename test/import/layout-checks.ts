import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ParsedBulletin } from "../../server/import/parse-bulletin";
import { bulletinSchema } from "../../shared/bulletin/schema";
import { firstParagraph, type Case } from "./other-layouts-cases";

/** The fields a person checks, as the case says the TXT reads them: the same for its PDF and Word files. */
export function expectCaseFields({ bulletin, warnings }: ParsedBulletin, entry: Case): void {
  expect(bulletinSchema.safeParse(bulletin).success).toBe(true);
  expect({ place: bulletin.place, date: bulletin.date, title: bulletin.title, number: bulletin.number }).toEqual({
    place: entry.place,
    date: entry.date,
    title: entry.title,
    number: entry.number,
  });
  expect(firstParagraph(bulletin)).toBe(entry.first);
  if (entry.highlights) expect(bulletin.highlights).toEqual(entry.highlights);
  expect(bulletin.label).toBe(entry.label);
  for (const expected of entry.warns ?? []) expect(warnings.join("\n")).toContain(expected);
  for (const refused of entry.noWarn ?? []) expect(warnings.filter((warning) => warning.includes(refused))).toEqual([]);
}

export const SOFFICE = ["/usr/bin/soffice", "/usr/bin/libreoffice"].find((path) => existsSync(path));

/** A describe that needs LibreOffice: skipped without it, but failing under CI, where it must run. */
export function describeWithLibreOffice(name: string, body: () => void): void {
  if (SOFFICE) {
    describe(name, body);
    return;
  }
  if (process.env.CI) {
    describe(name, () => {
      it("needs LibreOffice", () => {
        throw new Error(`LibreOffice (soffice) es obligatorio en CI: «${name}».`);
      });
    });
    return;
  }
  console.warn(`\n⚠️  soffice no está instalado: se OMITE «${name}».\n`);
  describe.skip(name, body);
}
