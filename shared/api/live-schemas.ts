import { z } from "zod";

/** What a person does on an open bulletin page. */
export const presenceActivitySchema = z.enum(["editing", "reviewing", "reading"]);
export type PresenceActivity = z.infer<typeof presenceActivitySchema>;

/** A tab's id, made by the page (crypto.randomUUID or similar). */
export const pageIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "Identificador de página no válido.");

/** A page's heartbeat: it is open, and what its user does there. */
export const presenceHeartbeatSchema = z.strictObject({ pageId: pageIdSchema, activity: presenceActivitySchema });
export type PresenceHeartbeat = z.infer<typeof presenceHeartbeatSchema>;

/** Someone else with the bulletin open. */
export const presenceEntrySchema = z.object({
  userId: z.number().int(),
  name: z.string(),
  activity: presenceActivitySchema,
  seenAt: z.string(),
});
export type PresenceEntry = z.infer<typeof presenceEntrySchema>;

export const presenceListSchema = z.object({ items: z.array(presenceEntrySchema) });
export type PresenceList = z.infer<typeof presenceListSchema>;

/** `?pageId=` of the caller's own page, left out of the list. */
export const presenceQuerySchema = z.strictObject({ pageId: pageIdSchema.optional() });

/** `?once=1`: the stream sends its first event and ends (probes, tests). */
export const liveQuerySchema = z.strictObject({ once: z.literal("1").optional() });
