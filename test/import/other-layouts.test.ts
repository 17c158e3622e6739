import { describe, expect, it } from "vitest";
import { bulletinSchema } from "../../shared/bulletin/schema";
import { parseBulletin } from "../../server/import/parse-bulletin";
import { families, firstParagraph } from "./other-layouts-cases";

// The layout families of other press offices (other-layouts-cases.ts), read from their TXT.

for (const [family, cases] of families) {
  describe(family, () => {
    it.each(cases.map((entry) => [entry.name, entry] as const))("%s", (_name, entry) => {
      const { bulletin, warnings } = parseBulletin(entry.text);
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
    });
  });
}
