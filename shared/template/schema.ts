import { z } from "zod";
import { bodySchema } from "../bulletin/body-schema";
import { oneLineTextSchema, visibleLineSchema } from "../bulletin/schema";

/** A bulletin template: the structure a new draft starts from. Placeholders are `[…]`. */
export const templateSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{1,60}$/, "El identificador solo admite minúsculas, cifras y guiones."),
  name: visibleLineSchema(120, "La plantilla necesita un nombre."),
  description: z.string().max(1000),
  // What a new draft's one-line fields start from: one line, like the fields themselves.
  label: oneLineTextSchema().max(100),
  /** null: the organisation's default place. */
  defaultPlace: oneLineTextSchema().max(200).nullable(),
  titlePlaceholder: oneLineTextSchema().max(300),
  /** One placeholder per highlight slot (1–5). */
  highlightSlots: z.array(oneLineTextSchema().max(500)).min(1).max(5),
  body: bodySchema,
  linkSections: z.strictObject({ photos: z.boolean(), video: z.boolean() }),
});
export type Template = z.infer<typeof templateSchema>;

/** What an admin may change in a template. */
export const templateUpdateSchema = templateSchema.omit({ id: true }).partial();

/** A placeholder left in the text: `[Lugar y motivo del evento]`. */
export const PLACEHOLDER_PATTERN = /\[[^\][\n]{2,200}\]/g;
