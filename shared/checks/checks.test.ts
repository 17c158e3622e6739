import { describe, expect, it } from "vitest";
import type { BodyDoc } from "../bulletin/body-schema";
import { bodyPlainText } from "../bulletin/plain-text";
import type { Bulletin } from "../bulletin/schema";
import { checkDateLine, runChecks, type CheckContext, type Glossary } from "./index";

const glossary: Glossary = {
  entries: [
    { canonical: "Zoé Robledo", variants: ["Zoe Robleda"] },
    { canonical: "Claudia Sheinbaum Pardo", variants: ["Claudia Sheimbaum Pardo"] },
    { canonical: "David Kershenobich Stalnikowitz", variants: ["David Kershenovich"] },
  ],
};

/** Seed 001 (No. 493/2024), shortened: a bulletin every check accepts. */
function seedBulletin(): Bulletin {
  return {
    number: { seq: 493, year: 2024 },
    place: "Ciudad de México",
    date: "2024-09-25",
    title: "Instruye Zoé Robledo a las autoridades del IMSS cumplir prioridades en salud del nuevo gobierno",
    highlights: [
      "Se continuará la formalización y ampliación de la base de asegurados, fortalecimiento del derecho a la salud, transformación digital y conclusión de infraestructura médica.",
      "Encabezó la Segunda Reunión Nacional con los 35 titulares de Órganos de Operación Administrativa Desconcentrada y 25 directores de Unidades Médicas de Alta Especialidad.",
    ],
    body: {
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [
            {
              type: "text",
              text: "El director general del Instituto Mexicano del Seguro Social (IMSS), Zoé Robledo, instruyó a directores normativos a cumplir las prioridades en salud de la presidenta electa, Claudia Sheinbaum Pardo.",
            },
          ],
        },
        {
          type: "paragraph",
          content: [
            { type: "text", text: "Además, fortalecer el derecho a la salud. " },
            {
              type: "text",
              text: "“Que la disposición, el ánimo siga manteniéndose [...] del interés de la presidenta”.",
              marks: [{ type: "italic" }],
            },
          ],
        },
        {
          type: "bulletList",
          content: [
            {
              type: "listItem",
              content: [{ type: "paragraph", content: [{ type: "text", text: "Programas de vacunación." }] }],
            },
          ],
        },
        {
          type: "blockquote",
          content: [
            {
              type: "paragraph",
              content: [
                { type: "text", text: "Ver el " },
                { type: "text", text: "plan", marks: [{ type: "link", attrs: { href: "https://www.gob.mx/imss" } }] },
                { type: "text", text: " de David Kershenobich Stalnikowitz." },
              ],
            },
          ],
        },
      ],
    },
    photoLinks: [
      "https://imssmx.sharepoint.com/:f/s/comunicacionsocial/EoBbXnvRleRGtDY7sXrE0OMB2rc4t0gQwoirqVZY6YyEUQ?e=tjTW4X",
    ],
    videoLinks: [],
  };
}

function paragraphs(...texts: string[]): BodyDoc {
  return { type: "doc", content: texts.map((text) => ({ type: "paragraph", content: [{ type: "text", text }] })) };
}

function check(changes: Partial<Bulletin> = {}, extra: Partial<CheckContext> = {}) {
  return runChecks({ bulletin: { ...seedBulletin(), ...changes }, glossary, ...extra });
}

const codes = (results: { code: string }[]) => results.map((result) => result.code);

describe("editorial checks", () => {
  it("find nothing to say about the seed bulletin", () => {
    expect(check({}, { today: "2024-09-25", duplicateNumber: false })).toEqual([]);
  });

  describe("date line", () => {
    it("blocks a bulletin without a date", () => {
      expect(check({ date: null })).toEqual([
        { code: "date_missing", severity: "blocking", field: "date", message: "Falta la fecha del boletín." },
      ]);
    });

    it("warns when the place is missing", () => {
      expect(check({ place: "  " })).toMatchObject([{ code: "place_missing", severity: "warning", field: "place" }]);
    });

    it("warns about a date already past while the bulletin is written, and not in the archive", () => {
      expect(check({}, { today: "2024-09-26" })).toMatchObject([
        { code: "date_in_past", severity: "warning", message: "La fecha (miércoles 25 de septiembre de 2024) ya pasó." },
      ]);
      expect(check()).toEqual([]);
    });

    it("warns while writing about a date more than 30 days from today, before or after", () => {
      const bulletin = { number: null, date: "2062-11-23" };
      expect(check(bulletin, { today: "2026-12-01" })).toEqual([
        {
          code: "date_far",
          severity: "warning",
          field: "date",
          message:
            "La fecha (jueves 23 de noviembre de 2062) es de dentro de 13141 días; revisa el día, el mes y el año. " +
            "Un boletín con fecha a más de 90 días de hoy no se puede aprobar, porque tomaría un número de 2062.",
        },
      ]);
      expect(codes(check({ number: null, date: "2026-12-31" }, { today: "2026-12-01" }))).toEqual([]);
      expect(codes(check({ number: null, date: "2027-01-01" }, { today: "2026-12-01" }))).toEqual(["date_far"]);
      expect(codes(check({ number: null, date: "2026-10-31" }, { today: "2026-12-01" }))).toEqual(["date_in_past", "date_far"]);
      expect(check({ number: null, date: "9999-12-31" }, { today: "2026-12-01" })[0]!.message).toContain("viernes 31 de diciembre de 9999");
      // In the archive (no `today`) nothing is said.
      expect(check({ number: null, date: "2062-11-23" })).toEqual([]);
    });

    it("refuses the approval that would give a first number to a date more than 90 days from today", () => {
      const approving = { approvingOn: "2026-12-01" };
      expect(check({ number: null, date: "2062-11-23" }, approving)).toEqual([
        {
          code: "date_far_for_number",
          severity: "blocking",
          field: "date",
          message:
            "La fecha (jueves 23 de noviembre de 2062) es de dentro de 13141 días: aprobarlo le daría un número de 2062. " +
            "Corrige la fecha; un boletín se numera solo con una fecha a 90 días de hoy o menos.",
        },
      ]);
      expect(check({ number: null, date: "2024-09-25" }, approving)[0]!.message).toContain("es de hace 797 días");
      // Around New Year a bulletin dated in the next (or last) year is still numbered in its year.
      expect(codes(check({ number: null, date: "2027-03-01" }, approving))).toEqual([]);
      expect(codes(check({ number: null, date: "2026-09-02" }, approving))).toEqual([]);
      expect(codes(check({ number: null, date: "2027-03-02" }, approving))).toEqual(["date_far_for_number"]);
    });

    it("never holds back a bulletin that already has its number: a reopened old one stays fixable", () => {
      expect(check({}, { approvingOn: "2026-12-01" })).toEqual([]);
    });

    it("blocks a written date line whose weekday is not the date's", () => {
      expect(checkDateLine("Ciudad de México, martes 25 de septiembre de 2024.")).toEqual([
        {
          code: "weekday_mismatch",
          severity: "blocking",
          field: "date",
          message: "El 25 de septiembre de 2024 es miércoles, no martes.",
        },
      ]);
    });

    it("accepts written date lines with the right weekday, without weekday, or that are not dates", () => {
      expect(checkDateLine("CIUDAD DE MÉXICO, MIÉRCOLES 25 DE SEPTIEMBRE DE 2024")).toEqual([]);
      expect(checkDateLine("Xalapa, Ver., a 16 de julio de 2014.")).toEqual([]);
      expect(checkDateLine("BOLETÍN DE PRENSA")).toEqual([]);
    });
  });

  describe("number", () => {
    it("blocks a number another bulletin already holds", () => {
      expect(check({}, { duplicateNumber: true })).toEqual([
        {
          code: "number_duplicate",
          severity: "blocking",
          field: "number",
          message: "El número 493/2024 ya está en otro boletín del archivo.",
        },
      ]);
    });

    it("says nothing about duplicates before a number is given", () => {
      expect(check({ number: null }, { duplicateNumber: true })).toEqual([]);
    });
  });

  describe("headline", () => {
    it("blocks a missing headline", () => {
      expect(check({ title: "   " })).toMatchObject([{ code: "title_missing", severity: "blocking", field: "title" }]);
    });

    it("blocks a headline over 180 characters and gives its length", () => {
      const title = `${"Instruye Zoé Robledo cumplir prioridades ".repeat(5)}ya`.slice(0, 181);
      expect(check({ title })).toMatchObject([
        { code: "title_too_long", severity: "blocking", message: "El titular tiene 181 caracteres; el máximo es 180." },
      ]);
      expect(check({ title: title.slice(0, 180) })).toEqual([]);
    });

    it("counts an accented letter once however it is encoded", () => {
      const title = "é".normalize("NFD").repeat(180);
      expect(codes(check({ title }))).not.toContain("title_too_long");
    });

    it("warns about a headline in capitals but not about acronyms", () => {
      expect(check({ title: "INSTRUYE ZOÉ ROBLEDO CUMPLIR PRIORIDADES" })).toMatchObject([
        { code: "title_all_caps", severity: "warning" },
      ]);
      expect(check({ title: "IMSS-Bienestar en la UMAE" })).toEqual([]);
    });
  });

  describe("highlights", () => {
    it("blocks a bulletin without highlights", () => {
      expect(check({ highlights: [] })).toMatchObject([
        { code: "highlights_missing", severity: "blocking", field: "highlights" },
      ]);
    });

    it("blocks more than five highlights", () => {
      const highlights = Array.from({ length: 6 }, (_, index) => `Destacado número ${index + 1}.`);
      expect(check({ highlights })).toMatchObject([
        { code: "highlights_too_many", severity: "blocking", message: "El boletín tiene 6 destacados; el máximo es 5." },
      ]);
      expect(check({ highlights: highlights.slice(0, 5) })).toEqual([]);
    });

    it("blocks an empty highlight and points at it", () => {
      expect(check({ highlights: ["Primero.", " "] })).toMatchObject([
        { code: "highlight_empty", severity: "blocking", field: "highlights.1", message: "El destacado 2 está vacío." },
      ]);
    });

    it("warns about a highlight not ending with a period, accepting a closing quote after it", () => {
      expect(check({ highlights: ["Sin punto final", "Con cita “al cierre.”", "¿Pregunta?"] })).toMatchObject([
        { code: "highlight_no_period", severity: "warning", field: "highlights.0" },
      ]);
    });
  });

  describe("body", () => {
    it("blocks an empty body, even with empty paragraphs", () => {
      const body: BodyDoc = { type: "doc", content: [{ type: "paragraph" }, { type: "paragraph", content: [{ type: "text", text: " " }] }] };
      expect(check({ body })).toMatchObject([{ code: "body_empty", severity: "blocking", field: "body" }]);
    });
  });

  describe("placeholders", () => {
    it("blocks template placeholders left in title, highlights and body, quoting each", () => {
      const results = check({
        title: "[Verbo] Zoé Robledo en [Lugar]",
        highlights: ["Primero.", "[Segundo destacado del boletín]."],
        body: paragraphs("En [Lugar y motivo del evento], el director dijo.", "Otra vez [Lugar y motivo del evento]."),
      });
      expect(results.map(({ code, field, message }) => ({ code, field, message }))).toEqual([
        { code: "placeholder_left", field: "title", message: "Quedó el texto de plantilla «[Verbo]» en el titular." },
        { code: "placeholder_left", field: "title", message: "Quedó el texto de plantilla «[Lugar]» en el titular." },
        {
          code: "placeholder_left",
          field: "highlights.1",
          message: "Quedó el texto de plantilla «[Segundo destacado del boletín]» en el destacado 2.",
        },
        {
          code: "placeholder_left",
          field: "body",
          message: "Quedó el texto de plantilla «[Lugar y motivo del evento]» en el cuerpo.",
        },
      ]);
    });

    it("does not take editorial brackets in quotations for placeholders", () => {
      expect(check({ body: paragraphs("“Vamos [...] a cumplir”, dijo. “Hubo [sic] avances”.") })).toEqual([]);
    });
  });

  describe("links", () => {
    it("blocks a photo link that is not a web address", () => {
      expect(check({ photoLinks: ["imssmx.sharepoint.com/fotos"] })).toMatchObject([
        { code: "link_malformed", severity: "blocking", field: "photoLinks.0" },
      ]);
    });

    it("warns about a video link over plain http", () => {
      expect(check({ videoLinks: ["https://youtu.be/abc", "http://youtu.be/abc"] })).toMatchObject([
        { code: "link_not_https", severity: "warning", field: "videoLinks.1" },
      ]);
    });

    it("blocks a link in the body that is not http(s)", () => {
      const body: BodyDoc = {
        type: "doc",
        content: [
          {
            type: "paragraph",
            content: [{ type: "text", text: "clic", marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }] }],
          },
        ],
      };
      expect(check({ body })).toMatchObject([{ code: "body_link_unsafe", severity: "blocking", field: "body" }]);
    });

    it("blocks archived links to Windows shares, without a host, with a user name or with hidden characters, saying why", () => {
      const links = ["\\\\host\\share\\x.jpg", "//host/x", "https:\\\\host\\x", "https://user:pass@imss.gob.mx/x", "java\tscript:alert(1)", "https://imss.gob.mx/\u202Egpj.exe"];
      const results = check({ photoLinks: links });
      expect(results.map((result) => [result.code, result.field])).toEqual(links.map((_, index) => ["link_malformed", `photoLinks.${index}`]));
      expect(results[0]!.message).toContain("barras invertidas");
      expect(results[1]!.message).toContain("http:// o https://");
      expect(results[3]!.message).toContain("usuario ni contraseña");
      expect(results[4]!.message).toContain("invisibles");
    });

    it("blocks a link to an internal address, in every notation the URL parser accepts, and not a public one", () => {
      const internal = [
        "http://127.0.0.1:8080/fotos",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.5/",
        "http://192.168.1.10/fotos",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[fe80::1]/",
        "http://[fd00::5]/",
        "http://0x7f000001/",
        "http://2130706433/",
        "http://0177.0.0.1/",
        "http://127.1/",
        "http://0.0.0.0/",
        "http://100.64.0.1/",
      ];
      const results = check({ photoLinks: internal });
      expect(results.map((result) => [result.code, result.severity, result.field])).toEqual(internal.map((_, index) => ["link_malformed", "blocking", `photoLinks.${index}`]));
      for (const result of results) expect(result.message).toContain("El enlace apunta a una dirección interna de una red, no a un sitio público.");
      const body: BodyDoc = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "clic", marks: [{ type: "link", attrs: { href: "http://10.0.0.5/" } }] }] }] };
      expect(check({ body })).toMatchObject([{ code: "body_link_unsafe", severity: "blocking", field: "body", message: expect.stringContaining("dirección interna") }]);
      expect(check({ photoLinks: ["https://8.8.8.8/fotos", "https://[2606:4700::1111]/fotos"] })).toEqual([]);
    });

    it("warns that an internationalised domain may pass for another, showing its ASCII form", () => {
      expect(check({ photoLinks: ["https://іmss.gob.mx/fotos"] })).toMatchObject([
        { code: "link_idn", severity: "warning", field: "photoLinks.0", message: expect.stringContaining("xn--") },
      ]);
    });
  });

  describe("glossary", () => {
    it("warns about an accent-less name with the canonical spelling in the message", () => {
      expect(check({ title: "Instruye Zoe Robledo a las autoridades del IMSS" })).toEqual([
        {
          code: "glossary_spelling",
          severity: "warning",
          field: "title",
          message: "«Zoe Robledo» debería escribirse «Zoé Robledo».",
        },
      ]);
    });

    it("warns about listed variants in highlights and body, once per spelling and field", () => {
      const results = check({
        highlights: ["Primero.", "Habló Claudia Sheimbaum Pardo."],
        body: paragraphs("Zoe Robleda dijo.", "Después, Zoe Robleda y David Kershenovich firmaron."),
      });
      expect(results.map(({ field, message }) => ({ field, message }))).toEqual([
        { field: "highlights.1", message: "«Claudia Sheimbaum Pardo» debería escribirse «Claudia Sheinbaum Pardo»." },
        { field: "body", message: "«Zoe Robleda» debería escribirse «Zoé Robledo»." },
        { field: "body", message: "«David Kershenovich» debería escribirse «David Kershenobich Stalnikowitz»." },
      ]);
    });

    it("never flags the canonical spelling, nor a variant inside it, nor part of a longer word", () => {
      const partial: Glossary = { entries: [{ canonical: "Zoé Robledo Aburto", variants: ["Robledo"] }] };
      const bulletin = {
        ...seedBulletin(),
        title: "Instruye Zoé Robledo Aburto cumplir prioridades",
        body: paragraphs("Zoé Robledo Aburto y Zoé  Robledo Aburto.", "Los Robledos."),
      };
      expect(runChecks({ bulletin, glossary: partial })).toEqual([]);
    });

    it("is case-sensitive and reports the longest misspelt name once", () => {
      const nested: Glossary = {
        entries: [
          { canonical: "Zoé Robledo", variants: [] },
          { canonical: "Zoé Robledo Aburto", variants: [] },
        ],
      };
      const bulletin = { ...seedBulletin(), body: paragraphs("zoe robledo habló; Zoe Robledo Aburto también.") };
      expect(runChecks({ bulletin, glossary: nested }).map((result) => result.message)).toEqual([
        "«Zoe Robledo Aburto» debería escribirse «Zoé Robledo Aburto».",
      ]);
    });
  });
});

describe("bodyPlainText", () => {
  it("gives paragraphs, list items and quotes in reading order, without empty paragraphs", () => {
    const body = seedBulletin().body;
    body.content.push({ type: "paragraph" });
    expect(bodyPlainText(body)).toEqual([
      expect.stringMatching(/^El director general/),
      "Además, fortalecer el derecho a la salud. “Que la disposición, el ánimo siga manteniéndose [...] del interés de la presidenta”.",
      "Programas de vacunación.",
      "Ver el plan de David Kershenobich Stalnikowitz.",
    ]);
  });
});
