import { z } from "zod";
import { parseOfficeDateTime } from "../distribution/mexico-time";
import { rowIdParam } from "./schemas";

/** Sending a bulletin to media lists (issue 11): requests and the delivery log. */

const id = z.number().int().min(1).max(2_147_483_647);

/** `2024-09-25T10:00` (a clock in Mexico City, as a datetime-local field sends it) or an ISO instant with offset. */
const officeDateTime = z
  .string()
  .trim()
  .max(40)
  .transform((text, context) => {
    const instant = parseOfficeDateTime(text);
    if (!instant) {
      context.addIssue({ code: "custom", message: "Escribe una fecha y hora válidas (por ejemplo 2024-09-25T10:00, hora del centro de México)." });
      return z.NEVER;
    }
    return instant;
  });

export const newDistributionSchema = z.strictObject({
  listIds: z.array(id).min(1, "Elige al menos una lista.").max(50),
  /** Nothing leaves before it; left out: now. */
  sendAt: officeDateTime.optional(),
  /** `EMBARGADO HASTA …` on the e-mail and its attachments; nothing public before it. */
  embargoUntil: officeDateTime.optional(),
  /** A few lines for the media, on top of the bulletin. */
  note: z.string().trim().max(2000).optional(),
});
export type NewDistribution = z.input<typeof newDistributionSchema>;

export const distributionKindSchema = z.enum(["original", "correction", "withdrawal"]);
export const distributionStatusSchema = z.enum(["scheduled", "sending", "sent", "cancelled"]);
/** pendiente, enviado, fallido, rebotado, baja (left out: unsubscribed), cancelado. */
export const recipientStatusSchema = z.enum(["pending", "sent", "failed", "bounced", "unsubscribed", "cancelled"]);
export type RecipientStatus = z.infer<typeof recipientStatusSchema>;

export const recipientSchema = z.object({
  id: z.number().int(),
  email: z.string(),
  name: z.string(),
  outlet: z.string(),
  status: recipientStatusSchema,
  /** The SMTP server's answer when it failed or bounced. */
  error: z.string().nullable(),
  sentAt: z.string().nullable(),
  /** Without SMTP_URL: kept in `Correo saliente`, not sent. */
  kept: z.boolean(),
});

export const distributionSchema = z.object({
  id: z.number().int(),
  bulletinId: z.number().int(),
  revision: z.number().int(),
  kind: distributionKindSchema,
  status: distributionStatusSchema,
  lists: z.array(z.object({ id: z.number().int(), name: z.string() })),
  note: z.string(),
  subject: z.string(),
  sendAt: z.string(),
  embargoUntil: z.string().nullable(),
  createdBy: z.object({ id: z.number().int(), name: z.string() }),
  createdAt: z.string(),
  cancelledAt: z.string().nullable(),
  /** Recipients by status (every status present, 0 included). */
  counts: z.record(recipientStatusSchema, z.number().int()),
  recipients: z.array(recipientSchema),
});
export type Distribution = z.infer<typeof distributionSchema>;

export const distributionParams = z.strictObject({ id: rowIdParam, distributionId: rowIdParam });
