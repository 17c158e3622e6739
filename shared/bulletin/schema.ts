import { z } from "zod";
import { bodySchema } from "./body-schema";
import { dropBidiControls, dropControls, hasVisibleText, refusedCodePointMessage, toOneLine, trimInvisible } from "./storable-text";
import { webLinkProblem } from "./web-link";

/** A bulletin number: `No. <seq>/<year>.` */
export const bulletinNumberSchema = z.strictObject({
  seq: z.number().int().min(1).max(1_000_000),
  year: z.number().int().min(1900).max(2200),
});
export type BulletinNumber = z.infer<typeof bulletinNumberSchema>;

/** An ISO calendar date `yyyy-mm-dd` that exists. */
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "La fecha debe tener el formato AAAA-MM-DD.")
  .refine((value) => {
    const [year, month, day] = value.split("-").map(Number) as [number, number, number];
    const date = new Date(Date.UTC(year, month - 1, day));
    return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  }, "La fecha no existe en el calendario.");

/**
 * A photo/video link: only an absolute http(s) URL with a domain is stored (see
 * web-link.ts); anything else (`\\host\share`, `//host`, no scheme, `user@host`) is
 * refused with the reason, at its path (`photoLinks.0`).
 */
export const mediaLinkSchema = z
  .string()
  .trim()
  .min(1, "El enlace está vacío.")
  .max(2048, "El enlace es demasiado largo.")
  .superRefine((link, context) => {
    const problem = webLinkProblem(link);
    if (problem) context.addIssue({ code: "custom", message: problem });
  });

/**
 * A field printed as one line (headline, place, highlight, a name): storable text with
 * every line break (CRLF, LF, CR, VT, FF, NEL, U+2028, U+2029) made a space, so no
 * export gets a line the writer did not see (`Titular\nNo. 999/2026.`, `Titular\n===`),
 * and no bidirectional control, so it reads in the order it is stored (storable-text.ts).
 */
export function oneLineTextSchema() {
  return z
    .string()
    .overwrite((text) => toOneLine(dropBidiControls(dropControls(text))))
    .superRefine((text, context) => {
      const refused = refusedCodePointMessage(text);
      if (refused) context.addIssue({ code: "custom", message: refused });
    });
}

/**
 * A one-line field that must show something: a person's or a template's name, a
 * required field of the organisation profile. One line of storable text, trimmed of
 * spaces and of invisible characters (zero-width space and joiners, word joiner, BOM),
 * refused with `emptyMessage` when nothing visible is left (`\u200B`, `\u2800`).
 */
export function visibleLineSchema(max: number, emptyMessage: string) {
  return oneLineTextSchema()
    .overwrite(trimInvisible)
    .superRefine((text, context) => {
      if (!hasVisibleText(text)) context.addIssue({ code: "custom", message: emptyMessage });
    })
    .max(max);
}

/** One line of the organisation profile or a template that may be left empty: trimmed of spaces and invisible characters. */
export function optionalLineSchema(max: number) {
  return oneLineTextSchema().overwrite(trimInvisible).max(max);
}

/** The bulletin JSON spoken by the CLI, the API and the client. */
export const bulletinSchema = z.strictObject({
  /**
   * The bulletin's own label (`Nota informativa`, `Comunicado de prensa`) when it is not the
   * office's (the profile's `BOLETÍN DE PRENSA`, printed when this is absent): imported
   * bulletins of other offices keep theirs.
   */
  label: oneLineTextSchema().max(100, "La etiqueta es demasiado larga.").optional(),
  number: bulletinNumberSchema.nullable(),
  place: oneLineTextSchema().trim().max(200, "El lugar es demasiado largo.").nullable(),
  date: isoDateSchema.nullable(),
  title: oneLineTextSchema().max(1000, "El titular es demasiado largo."),
  highlights: z.array(oneLineTextSchema().max(2000, "El destacado es demasiado largo.")).max(20),
  body: bodySchema,
  photoLinks: z.array(mediaLinkSchema).max(50),
  videoLinks: z.array(mediaLinkSchema).max(50),
});
export type Bulletin = z.infer<typeof bulletinSchema>;

export { bodySchema };
export type { BodyDoc } from "./body-schema";
