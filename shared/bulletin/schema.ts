import { z } from "zod";
import { bodySchema, isHttpUrl } from "./body-schema";

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
 * A photo/video link as typed by a writer. A link that names another scheme
 * (javascript:, data:, file:) is refused; a link without a scheme is kept so
 * the editorial checks can flag it while the writer fixes it.
 */
export const mediaLinkSchema = z
  .string()
  .trim()
  .min(1, "El enlace está vacío.")
  .max(2048, "El enlace es demasiado largo.")
  .refine((value) => !/^[a-z][a-z0-9+.-]*:/i.test(value) || isHttpUrl(value), {
    message: "El enlace debe empezar con http:// o https://.",
  });

/** The bulletin JSON spoken by the CLI, the API and the client. */
export const bulletinSchema = z.strictObject({
  number: bulletinNumberSchema.nullable(),
  place: z.string().trim().max(200, "El lugar es demasiado largo.").nullable(),
  date: isoDateSchema.nullable(),
  title: z.string().max(1000, "El titular es demasiado largo."),
  highlights: z.array(z.string().max(2000, "El destacado es demasiado largo.")).max(20),
  body: bodySchema,
  photoLinks: z.array(mediaLinkSchema).max(50),
  videoLinks: z.array(mediaLinkSchema).max(50),
});
export type Bulletin = z.infer<typeof bulletinSchema>;

export { bodySchema };
export type { BodyDoc } from "./body-schema";
