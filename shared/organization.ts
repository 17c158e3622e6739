import { z } from "zod";
import { optionalLineSchema, visibleLineSchema } from "./bulletin/schema";

/** A line of the letterhead or layout: one line of storable text, like a bulletin's headline, trimmed of invisible characters. */
const line = (max: number) => optionalLineSchema(max);
/** Required: something visible is left once spaces and invisible characters are trimmed (`\u200B` alone is empty). */
const requiredLine = (max: number, what: string) => visibleLineSchema(max, `Escribe ${what}.`);

/** The organisation profile: letterhead, label, closing mark, default place. Every field is one line in every export. */
export const organizationSchema = z.strictObject({
  name: requiredLine(200, "el nombre de la institución"),
  unit: requiredLine(200, "el nombre de la unidad"),
  motto: line(200),
  label: requiredLine(100, "la etiqueta del boletín"),
  closingMark: requiredLine(40, "la marca de cierre"),
  defaultPlace: requiredLine(200, "el lugar predeterminado"),
  photoLinksLabel: requiredLine(60, "el título de los enlaces de fotos"),
  videoLinksLabel: requiredLine(60, "el título de los enlaces de video"),
  /** Lines that PDFs of past bulletins repeat at page foot; dropped on import. */
  footerLines: z.array(line(200)).max(20),
});
export type Organization = z.infer<typeof organizationSchema>;
