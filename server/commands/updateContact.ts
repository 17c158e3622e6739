import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { contactUpdateSchema } from "../../shared/api/distribution-schemas";
import type { User } from "../../shared/api/schemas";
import type { Database } from "../db/client";
import { recordEvent } from "../db/queries/events";
import { contacts } from "../db/schema";
import { forbidden, notFound } from "../errors";

export type ContactChanges = z.infer<typeof contactUpdateSchema>;

/**
 * Edits a contact's details; `status: "active"` brings back an unsubscribed or bounced
 * address, which only an admin may do (the person asked not to be written to), audited.
 */
export async function updateContact(db: Database, user: User, id: number, changes: ContactChanges): Promise<void> {
  await db.transaction(async (tx) => {
    const [contact] = await tx.select().from(contacts).where(eq(contacts.id, id)).for("update");
    if (!contact) throw notFound("El contacto");
    const reactivates = changes.status === "active" && contact.status !== "active";
    if (reactivates && user.role !== "admin") {
      throw forbidden(contact.status === "unsubscribed"
        ? "Esta persona se dio de baja: solo la administración puede reactivarla."
        : "Este correo rebotó: solo la administración puede reactivarlo.");
    }
    const { status: _status, ...details } = changes;
    const now = new Date();
    await tx.update(contacts).set({ ...details, ...(reactivates ? { status: "active", statusChangedAt: now } : {}), updatedAt: now }).where(eq(contacts.id, id));
    if (reactivates) {
      await recordEvent(tx, { bulletinId: null, actorId: user.id, action: "reactivate_contact", detail: { contactId: id, email: contact.email, from: contact.status } });
    }
  });
}
