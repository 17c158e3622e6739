import { describe, it } from "vitest";
import { parseBulletin } from "../../server/import/parse-bulletin";
import { expectCaseFields } from "./layout-checks";
import { families } from "./other-layouts-cases";

// The layout families of other press offices (other-layouts-cases.ts), read from their TXT.

for (const [family, cases] of families) {
  describe(family, () => {
    it.each(cases.map((entry) => [entry.name, entry] as const))("%s", (_name, entry) => {
      expectCaseFields(parseBulletin(entry.text), entry);
    });
  });
}
