import { describe, expect, it } from "vitest";
import organizationJson from "../../templates/organization.json" with { type: "json" };
import { organizationSchema } from "../../shared/organization";
import { listPage } from "./pages";

const organization = organizationSchema.parse(organizationJson);

describe("the public list's count", () => {
  it("says más de 1,000 when the search stopped counting, and numbers pages without a last one", () => {
    const html = listPage({ organization, q: "salud", page: 2, pageSize: 25, total: 1000, capped: true, items: [] });
    expect(html).toContain("Más de 1,000 boletines encontrados para «salud»");
    expect(html).toContain("<span>Página 2</span>");
    expect(html).not.toMatch(/Página 2 de/);
  });

  it("gives an exact count its last page", () => {
    const html = listPage({ organization, q: "salud", page: 2, pageSize: 25, total: 40, items: [] });
    expect(html).toContain("40 boletines encontrados para «salud»");
    expect(html).toContain("Página 2 de 2");
  });
});
