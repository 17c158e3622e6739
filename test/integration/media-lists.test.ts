import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contacts } from "../../server/db/schema";
import { unsubscribeUrl } from "../../server/unsubscribe";
import { ApiClient, signedIn } from "../api-client";
import { startTestServer, type TestServer } from "../server-harness";
import { ADMIN, AUTHOR, REVIEWER, errorCode } from "./fixtures";

const DISTRIBUTION = "difusion@redacta.local";
const CSV = { "Content-Type": "text/csv" };

let server: TestServer;
let diana: ApiClient;
let admin: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  [diana, admin] = await Promise.all([signedIn(server.url, DISTRIBUTION), signedIn(server.url, ADMIN)]);
});
afterAll(async () => {
  await server?.close();
});

async function newList(name: string): Promise<number> {
  const created = await diana.post("/lists", { name, description: "Prueba" });
  expect(created.status).toBe(201);
  return created.body.id;
}

async function contactCount(): Promise<number> {
  return (await diana.get("/contacts?pageSize=1")).body.total;
}

/** The office's spreadsheet as Excel saves it in Mexico: `;`, Windows-1252, CRLF, a quoted note over two lines. */
const SPREADSHEET = [
  "Nombre;Medio;Correo electrónico;Fuente;Notas",
  "Martín Peña;Información Hoy;MPena@Example.mx;Salud;",
  "Ana Ruiz;Diario del Sur;no-es-un-correo;Salud;",
  '"Gómez; Luis";"Radio ""Centro""";luis.gomez@example.com;Política;"Llamar antes',
  'de las 10"',
  "Rosa Núñez;Canal 4;;Salud;sin correo",
  "Laura Méndez;Diario Nacional;LAURA.MENDEZ@EXAMPLE.MX;Política;",
  "M. Peña;;mpena@example.mx;;Repetido en el archivo",
].join("\r\n");
const windows1252 = Buffer.from(SPREADSHEET, "latin1");

describe("media lists: CSV import", () => {
  it("imports a Windows-1252 file with `;`, reporting exactly its two bad lines by number and merging repeated addresses", async () => {
    expect(windows1252.includes(Buffer.from("Información", "utf8"))).toBe(false);
    const listId = await newList("Corresponsales Jalisco");
    const result = await diana.post(`/lists/${listId}/contacts`, windows1252, CSV);
    expect(result.status).toBe(200);
    expect(result.body.errors).toEqual([
      { line: 3, message: "«no-es-un-correo» no es un correo electrónico válido." },
      { line: 6, message: "Falta el correo electrónico." },
    ]);
    // New: Peña, Gómez. Merged: Laura (a demo contact of Medios nacionales, another case) and Peña's second line.
    expect(result.body).toMatchObject({ added: 2, merged: 2, alreadyInList: 0 });

    const members = await diana.get(`/lists/${listId}/contacts`);
    expect(members.body.items.map((contact: { email: string }) => contact.email)).toEqual(["luis.gomez@example.com", "laura.mendez@example.mx", "mpena@example.mx"]);
    const pena = members.body.items.find((contact: { email: string }) => contact.email === "mpena@example.mx");
    expect(pena).toMatchObject({ name: "M. Peña", outlet: "Información Hoy", beat: "Salud", notes: "Repetido en el archivo", status: "active" });
    const gomez = members.body.items.find((contact: { email: string }) => contact.email === "luis.gomez@example.com");
    expect(gomez).toMatchObject({ name: "Gómez; Luis", outlet: 'Radio "Centro"', notes: "Llamar antes\nde las 10" });
    const laura = members.body.items.find((contact: { email: string }) => contact.email === "laura.mendez@example.mx");
    expect(laura.lists.map((list: { name: string }) => list.name)).toEqual(["Corresponsales Jalisco", "Medios nacionales"]);

    const lists = (await diana.get("/lists")).body.items;
    expect(lists.find((list: { id: number }) => list.id === listId)).toMatchObject({ contactCount: 3, activeCount: 3 });

    const again = await diana.post(`/lists/${listId}/contacts`, windows1252, CSV);
    expect(again.body).toMatchObject({ added: 0, merged: 1, alreadyInList: 3 });
    expect(again.body.errors.map((error: { line: number }) => error.line)).toEqual([3, 6]);
  });

  it("two imports at once into two lists, sharing addresses in opposite orders, make one contact per address", async () => {
    const [first, second] = await Promise.all([newList("A la vez 1"), newList("A la vez 2")]);
    const emails = Array.from({ length: 60 }, (_, index) => `simultaneo${index}@example.com`);
    const file = (order: string[]) => `correo\n${order.join("\n")}\n`;
    const [one, two] = await Promise.all([
      diana.post(`/lists/${first}/contacts`, file(emails), CSV),
      diana.post(`/lists/${second}/contacts`, file([...emails].reverse()), CSV),
    ]);
    expect([one.status, two.status]).toEqual([200, 200]);
    expect(one.body.added + two.body.added).toBe(60);
    expect(one.body.merged + two.body.merged).toBe(60);
    expect((await diana.get("/contacts?q=simultaneo&pageSize=200")).body.total).toBe(60);
  });

  it("previews a UTF-8 file with a BOM and commas, mapping its headers, and writes nothing", async () => {
    const listId = await newList("Vista previa");
    const before = await contactCount();
    const file = "\uFEFFE-mail,NOMBRE,Empresa,Beat,Teléfono\nnueva@example.com,Nueva Persona,El Diario,Cultura,555\nmal@,Otra,,,\n";
    const preview = await diana.post(`/lists/${listId}/contacts?preview=true`, Buffer.from(file, "utf8"), CSV);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      columns: ["E-mail", "NOMBRE", "Empresa", "Beat", "Teléfono"],
      mapping: ["email", "name", "outlet", "beat", null],
      total: 2,
      valid: 1,
      errors: [{ line: 3, message: "«mal@» no es un correo electrónico válido." }],
    });
    expect(preview.body.rows[0]).toMatchObject({ line: 2, email: "nueva@example.com", name: "Nueva Persona", outlet: "El Diario", beat: "Cultura" });
    expect(await contactCount()).toBe(before);
    expect((await diana.get(`/lists/${listId}/contacts`)).body.total).toBe(0);
  });

  it("says what is wrong with a file it cannot use, and refuses one over 2 MB", async () => {
    const listId = await newList("Archivos raros");
    const noEmail = await diana.post(`/lists/${listId}/contacts?preview=true`, "Nombre;Medio\nAna;Diario\n", CSV);
    expect(noEmail.body.errors[0]).toMatchObject({ line: 1 });
    expect(noEmail.body.errors[0].message).toMatch(/correo electrónico/);
    const huge = await diana.post(`/lists/${listId}/contacts`, Buffer.alloc(2.5 * 1024 * 1024, "a,b\n"), CSV);
    expect(huge.status).toBe(413);
    expect(huge.body.error.message).toBe("El archivo CSV es demasiado grande (máximo 2 MB).");
    const elsewhere = await diana.post("/lists", "nombre\nx\n", CSV);
    expect(elsewhere.status).toBe(415);
  });

  it("adds one contact as JSON, reporting a bad address by its position", async () => {
    const listId = await newList("Una por una");
    const added = await diana.post(`/lists/${listId}/contacts`, [{ name: "Pedro Ruiz", outlet: "La Voz", email: " Pedro.Ruiz@Example.com ", beat: "Deportes" }, { name: "X", outlet: "", email: "x", beat: "" }]);
    expect(added.body).toEqual({ added: 1, merged: 0, alreadyInList: 0, errors: [{ line: 2, message: "«x» no es un correo electrónico válido." }] });
    expect((await diana.get(`/lists/${listId}/contacts`)).body.items[0]).toMatchObject({ email: "pedro.ruiz@example.com", name: "Pedro Ruiz" });
    const taken = await diana.post("/lists", { name: "Una por una" });
    expect(taken.status).toBe(409);
    expect(errorCode(taken)).toBe("already_exists");
  });
});

describe("media lists: who may", () => {
  it("keeps lists from authors, shows them to reviewers (to choose when sending) without letting them change them", async () => {
    const [author, reviewer] = await Promise.all([signedIn(server.url, AUTHOR), signedIn(server.url, REVIEWER)]);
    expect((await author.get("/lists")).status).toBe(403);
    expect((await author.post("/lists", { name: "De la autora" })).status).toBe(403);
    const seen = await reviewer.get("/lists");
    expect(seen.status).toBe(200);
    expect(seen.body.items.map((list: { name: string }) => list.name)).toEqual(expect.arrayContaining(["Fuente salud", "Medios nacionales"]));
    const salud = seen.body.items.find((list: { name: string }) => list.name === "Fuente salud");
    expect((await reviewer.get(`/lists/${salud.id}/contacts`)).status).toBe(200);
    expect((await reviewer.post("/lists", { name: "Del revisor" })).status).toBe(403);
    expect((await reviewer.post(`/lists/${salud.id}/contacts`, "correo\na@example.com\n", CSV)).status).toBe(403);
    expect((await new ApiClient(server.url).get("/lists")).status).toBe(401);
  });
});

describe("unsubscribe", () => {
  async function demoContact(email: string) {
    const [row] = await server.handle.db.select().from(contacts).where(eq(contacts.email, email));
    return row!;
  }

  it("asks, then unsubscribes without a session, once, whoever posts again", async () => {
    const contact = await demoContact("carmen.olvera@example.com");
    const url = unsubscribeUrl(`${server.url}/`, contact.unsubscribeToken);
    expect(url).toBe(`${server.url}/baja/${contact.unsubscribeToken}`);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("¿Dejar de recibir los boletines de INSTITUTO MEXICANO DEL SEGURO SOCIAL?");
    expect(html).toMatch(/<form method="post"[^>]*>\s*<button type="submit">/);
    expect((await demoContact(contact.email)).status).toBe("active");

    // A form post from the mail's page: no cookie, an Origin that is not the app's.
    const posted = await fetch(url, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://mail.example.com" }, body: "" });
    expect(posted.status).toBe(200);
    expect(await posted.text()).toContain("ya no recibirás los boletines");
    const first = await demoContact(contact.email);
    expect(first.status).toBe("unsubscribed");
    expect(first.statusChangedAt).not.toBeNull();

    const repeated = await fetch(url, { method: "POST" });
    expect(repeated.status).toBe(200);
    expect((await demoContact(contact.email)).statusChangedAt).toEqual(first.statusChangedAt);
    const listed = await diana.get("/contacts?status=unsubscribed");
    expect(listed.body.items.map((item: { email: string }) => item.email)).toContain(contact.email);
  });

  it("honours a mail client's one-click unsubscribe (RFC 8058) and says 404 in Spanish for an unknown link", async () => {
    const contact = await demoContact("jorge.castaneda@example.com");
    const oneClick = await fetch(unsubscribeUrl(server.url, contact.unsubscribeToken), {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(oneClick.status).toBe(200);
    expect((await demoContact(contact.email)).status).toBe("unsubscribed");
    const unknown = await fetch(`${server.url}/baja/no-existe-este-enlace-de-baja`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain("Este enlace no es válido");
    expect((await fetch(`${server.url}/baja/x`, { method: "POST" })).status).toBe(404);
  });

  it("lets only an admin bring an unsubscribed contact back, audited; an import never does", async () => {
    const contact = await demoContact("martin.pena@example.mx");
    const before = (await diana.get("/lists")).body.items.find((list: { name: string }) => list.name === "Fuente salud");
    await fetch(unsubscribeUrl(server.url, contact.unsubscribeToken), { method: "POST" });
    const salud = (await diana.get("/lists")).body.items.find((list: { name: string }) => list.name === "Fuente salud");
    expect(salud).toMatchObject({ contactCount: before.contactCount, activeCount: before.activeCount - 1 });
    const reimported = await diana.post(`/lists/${salud.id}/contacts`, "correo;nombre\nmartin.pena@example.mx;Martín Peña\n", CSV);
    expect(reimported.body).toMatchObject({ alreadyInList: 1, errors: [] });
    expect((await demoContact(contact.email)).status).toBe("unsubscribed");
    const listed = (await diana.get(`/lists/${salud.id}/contacts`)).body.items.find((item: { id: number }) => item.id === contact.id);
    expect(listed.status).toBe("unsubscribed");
    expect((await diana.get("/lists")).body.items.find((list: { id: number }) => list.id === salud.id)).toMatchObject({ activeCount: salud.activeCount });

    const refused = await diana.patch(`/contacts/${contact.id}`, { status: "active" });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe("Esta persona se dio de baja: solo la administración puede reactivarla.");
    expect((await diana.patch(`/contacts/${contact.id}`, { notes: "Pidió la baja por teléfono" })).body).toMatchObject({ status: "unsubscribed", notes: "Pidió la baja por teléfono" });
    expect((await diana.patch(`/contacts/${contact.id}`, { status: "unsubscribed" })).status).toBe(400);

    const restored = await admin.patch(`/contacts/${contact.id}`, { status: "active" });
    expect(restored.status).toBe(200);
    expect(restored.body.status).toBe("active");
    const events = (await admin.get("/events?page=1&pageSize=5")).body.items;
    expect(events[0]).toMatchObject({ action: "reactivate_contact", actorName: "Adela Administradora", detail: { contactId: contact.id, email: contact.email, from: "unsubscribed" } });
  });

  it("removes a contact from one list, keeping it in the others", async () => {
    const laura = await demoContact("sofia.ibarra@example.mx");
    const lists = (await diana.get("/lists")).body.items;
    const nacionales = lists.find((list: { name: string }) => list.name === "Medios nacionales");
    expect((await diana.delete(`/lists/${nacionales.id}/contacts/${laura.id}`)).status).toBe(204);
    expect((await diana.delete(`/lists/${nacionales.id}/contacts/${laura.id}`)).status).toBe(404);
    const left = (await diana.get(`/contacts?q=sofia`)).body.items[0];
    expect(left.lists.map((list: { name: string }) => list.name)).toEqual(["Fuente salud"]);
  });
});
