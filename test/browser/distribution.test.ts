import { afterAll, beforeAll, expect, it } from "vitest";
import { signedIn } from "../api-client";
import { startSmtpSink, type SmtpSink } from "../smtp-sink";
import { ifMatch, readyContent } from "../integration/fixtures";
import { captureScreen, describeInBrowser, signIn, startApp, USERS, type TestApp } from "./harness";

/** Issue 11 in the browser: approve, `Distribuir`, choose lists, schedule one, send one, read the delivery log. */
describeInBrowser("distribuir a listas de medios", () => {
  let app: TestApp;
  let smtp: SmtpSink;
  beforeAll(async () => {
    smtp = await startSmtpSink();
    app = await startApp({ smtpUrl: smtp.url });
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  it("a reviewer approves, schedules a sending to two lists, cancels it, sends to one now and sees each recipient's status", async () => {
    const stamp = Date.now();
    const authorApi = await signedIn(app.url, USERS.author);
    const created = (await authorApi.post("/bulletins", { templateId: "general" })).body;
    const title = `Distribuye el IMSS vacunas en escuelas ${stamp}`;
    expect((await authorApi.put(`/bulletins/${created.id}`, readyContent({ title }), ifMatch(created.version))).status).toBe(200);
    expect((await authorApi.post(`/bulletins/${created.id}/transitions`, { action: "submit" })).status).toBe(200);
    const adminApi = await signedIn(app.url, USERS.admin);
    const lists: number[] = [];
    for (const [name, people] of [[`Medios nacionales ${stamp}`, ["ana", "beto"]], [`Fuente salud ${stamp}`, ["carla"]]] as const) {
      const list = (await adminApi.post("/lists", { name })).body;
      const added = await adminApi.post(`/lists/${list.id}/contacts`, people.map((who) => ({ name: `Periodista ${who}`, outlet: "Diario", email: `${who}-${stamp}@medios.example.mx`, beat: "salud" })));
      expect(added.status, JSON.stringify(added.body)).toBeLessThan(300);
      lists.push(list.id);
    }

    const reviewer = await app.newPage();
    await signIn(reviewer.page, USERS.reviewer);
    await reviewer.page.goto(`/boletines/${created.id}`);
    await reviewer.page.getByRole("button", { name: "Aprobar" }).click();
    const approve = reviewer.page.getByRole("dialog", { name: /Aprobar/ });
    await approve.getByRole("button", { name: /^Aprobar/ }).click();
    await reviewer.page.locator(".status-badge", { hasText: "Aprobado" }).first().waitFor();

    // Distribuir: both lists, scheduled for tomorrow at 10:00 (hora del centro de México).
    await reviewer.page.getByRole("button", { name: "Distribuir", exact: true }).click();
    const dialog = reviewer.page.getByRole("dialog", { name: /^Distribuir el boletín No\. \d+\/\d+\.$/ });
    await dialog.getByRole("checkbox", { name: new RegExp(`Medios nacionales ${stamp}`) }).check();
    await dialog.getByRole("checkbox", { name: new RegExp(`Fuente salud ${stamp}`) }).check();
    await dialog.getByRole("radio", { name: "Programar" }).check();
    const tomorrow = new Date(Date.now() + 24 * 3600_000);
    const day = new Intl.DateTimeFormat("en-CA", { timeZone: "America/Mexico_City", year: "numeric", month: "2-digit", day: "2-digit" }).format(tomorrow);
    await dialog.getByLabel("Enviar el").fill(`${day}T10:00`);
    await dialog.getByLabel("Nota para los medios (va arriba del boletín)").fill("Para su publicación mañana.");
    await captureScreen(reviewer.page, "distribution/01-distribuir", { dialog: true });
    await dialog.getByRole("button", { name: "Programar envío" }).click();
    await dialog.waitFor({ state: "detached" });
    await reviewer.page.getByRole("status").filter({ hasText: "Envío programado." }).waitFor();

    const log = reviewer.page.getByRole("region", { name: "Distribución" });
    const scheduled = log.locator(".distribution").first();
    await scheduled.getByText(/^Programado para las 10:00 h del /).waitFor();
    expect(await scheduled.innerText()).toContain("3 pendiente");
    await captureScreen(reviewer.page, "distribution/02-programado");
    // (The author's notification of the approval carries the headline too; the media's copies start with the number.)
    const toMedia = () => smtp.messages.filter((mail) => mail.subject?.startsWith("Boletín No.") && mail.subject.includes(title));
    expect(toMedia()).toHaveLength(0);
    await scheduled.getByRole("button", { name: "Cancelar envío" }).click();
    await scheduled.getByText("Envío cancelado").waitFor();

    // Now, to the health beat only: its one recipient gets it, and the log says `enviado`.
    await reviewer.page.getByRole("button", { name: "Distribuir", exact: true }).click();
    await dialog.getByRole("checkbox", { name: new RegExp(`Fuente salud ${stamp}`) }).check();
    await dialog.getByRole("button", { name: "Distribuir", exact: true }).click();
    await dialog.waitFor({ state: "detached" });
    const now = log.locator(".distribution").first();
    await now.getByText("1 enviado").waitFor({ timeout: 15_000 });
    await now.getByText(/^Destinatarios \(1\)$/).click();
    expect(await now.locator(".delivery-table").innerText()).toContain(`carla-${stamp}@medios.example.mx`);
    expect(await now.locator(".delivery-status").innerText()).toBe("enviado");
    await captureScreen(reviewer.page, "distribution/03-registro");
    const mails = toMedia();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toMatch(/^Boletín No\. \d+\/\d+: Distribuye el IMSS vacunas/);
  });
});
