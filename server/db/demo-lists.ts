import { newUnsubscribeToken } from "../commands/importContacts";
import type { DatabaseOrTransaction } from "./client";
import { contactListMembers, contactLists, contacts } from "./schema";

/** Demo data only: two media lists of made-up contacts (example.com / example.mx never receive mail). */
export const DEMO_LISTS: { name: string; description: string; contacts: { name: string; outlet: string; email: string; beat: string }[] }[] = [
  {
    name: "Medios nacionales",
    description: "Mesas de redacción y agencias de cobertura nacional",
    contacts: [
      { name: "Laura Méndez", outlet: "Diario Nacional", email: "laura.mendez@example.mx", beat: "Política" },
      { name: "Jorge Castañeda", outlet: "Agencia Informativa del Centro", email: "jorge.castaneda@example.com", beat: "Mesa de redacción" },
      { name: "Sofía Ibarra", outlet: "Radio Capital", email: "sofia.ibarra@example.mx", beat: "Salud" },
      { name: "Mesa de redacción", outlet: "Televisión Abierta", email: "redaccion@example.com", beat: "" },
    ],
  },
  {
    name: "Fuente salud",
    description: "Reporteras y reporteros que cubren salud",
    contacts: [
      { name: "Sofía Ibarra", outlet: "Radio Capital", email: "sofia.ibarra@example.mx", beat: "Salud" },
      { name: "Martín Peña", outlet: "Semanario Bienestar", email: "martin.pena@example.mx", beat: "Salud" },
      { name: "Carmen Olvera", outlet: "Portal Salud Hoy", email: "carmen.olvera@example.com", beat: "Salud pública" },
    ],
  },
];

/** Creates the demo lists (a contact in two lists is one contact), by `createdBy`. */
export async function seedDemoLists(tx: DatabaseOrTransaction, createdBy: number): Promise<void> {
  const unique = new Map(DEMO_LISTS.flatMap((list) => list.contacts).map((contact) => [contact.email, contact]));
  const stored = await tx
    .insert(contacts)
    .values([...unique.values()].map((contact) => ({ ...contact, unsubscribeToken: newUnsubscribeToken() })))
    .returning({ id: contacts.id, email: contacts.email });
  const idOf = new Map(stored.map((contact) => [contact.email, contact.id]));
  for (const list of DEMO_LISTS) {
    const [created] = await tx.insert(contactLists).values({ name: list.name, description: list.description, createdBy }).returning({ id: contactLists.id });
    await tx.insert(contactListMembers).values(list.contacts.map((contact) => ({ listId: created!.id, contactId: idOf.get(contact.email)! })));
  }
}
