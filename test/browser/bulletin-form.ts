import type { Locator, Page } from "playwright-core";
import { expect } from "vitest";
import { todayInMexicoCity } from "../../shared/bulletin/date-line";
import { bodyEditor, typeBody } from "./harness";

/** The text of a one-line field (headline, highlight, place, link): small editors, not inputs, so no inputValue(). */
export async function fieldText(field: Locator): Promise<string> {
  return (await field.textContent()) ?? "";
}

/** What a writer types into every field of the editor. */
export interface BulletinInput {
  place: string;
  date: string;
  title: string;
  highlights: string[];
  body: string;
  photoLinks: string[];
  videoLinks: string[];
}

/** Three days before today: a date the writer types over the template's, near enough to today to be numbered. */
function recentDate(): string {
  const date = new Date(`${todayInMexicoCity()}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 3);
  return date.toISOString().slice(0, 10);
}

export function sampleBulletin(tag: string): BulletinInput {
  return {
    place: "Ciudad de México",
    date: recentDate(),
    title: `Inaugura el IMSS la clínica ${tag} en Tlalpan`,
    highlights: [`Atenderá a 80 mil derechohabientes ${tag}.`, `Cuenta con 30 consultorios ${tag}.`, `Abre de lunes a domingo ${tag}.`],
    body: `El director general del IMSS inauguró la clínica ${tag}, que ofrecerá medicina familiar y urgencias.`,
    photoLinks: [`https://fotos.example.mx/${tag}`],
    videoLinks: [`https://video.example.mx/${tag}`],
  };
}

/** Fills every field through the UI, adding or removing highlight and link fields as needed. */
export async function fillBulletin(page: Page, input: BulletinInput): Promise<void> {
  await page.getByRole("textbox", { name: "Lugar" }).fill(input.place);
  await page.getByLabel("Fecha", { exact: true }).fill(input.date);
  await page.getByRole("textbox", { name: "Titular" }).fill(input.title);

  const highlightFields = page.getByRole("textbox", { name: /^Destacado \d$/ });
  while ((await highlightFields.count()) > input.highlights.length) {
    await page.getByRole("button", { name: `Quitar destacado ${await highlightFields.count()}` }).click();
  }
  while ((await highlightFields.count()) < input.highlights.length) {
    await page.getByRole("button", { name: "Agregar destacado" }).click();
  }
  for (const [index, highlight] of input.highlights.entries()) {
    await page.getByRole("textbox", { name: `Destacado ${index + 1}`, exact: true }).fill(highlight);
  }

  await typeBody(page, input.body);

  for (const [kind, links] of [["fotos", input.photoLinks], ["video", input.videoLinks]] as const) {
    const fields = page.getByRole("textbox", { name: new RegExp(`^Enlace de ${kind} \\d+$`) });
    while ((await fields.count()) < links.length) {
      await page.getByRole("button", { name: `Agregar enlace de ${kind}` }).click();
    }
    for (const [index, link] of links.entries()) {
      await page.getByRole("textbox", { name: `Enlace de ${kind} ${index + 1}`, exact: true }).fill(link);
    }
  }
}

/** Asserts that the editor shows exactly `input` in every field. */
export async function expectBulletinShown(page: Page, input: BulletinInput): Promise<void> {
  expect(await fieldText(page.getByRole("textbox", { name: "Lugar" }))).toBe(input.place);
  expect(await page.getByLabel("Fecha", { exact: true }).inputValue()).toBe(input.date);
  expect(await fieldText(page.getByRole("textbox", { name: "Titular" }))).toBe(input.title);
  for (const [index, highlight] of input.highlights.entries()) {
    expect(await fieldText(page.getByRole("textbox", { name: `Destacado ${index + 1}`, exact: true }))).toBe(highlight);
  }
  expect(await page.getByRole("textbox", { name: /^Destacado \d$/ }).count()).toBe(input.highlights.length);
  expect(await bodyEditor(page).innerText()).toContain(input.body);
  for (const [index, link] of input.photoLinks.entries()) {
    expect(await fieldText(page.getByRole("textbox", { name: `Enlace de fotos ${index + 1}`, exact: true }))).toBe(link);
  }
  for (const [index, link] of input.videoLinks.entries()) {
    expect(await fieldText(page.getByRole("textbox", { name: `Enlace de video ${index + 1}`, exact: true }))).toBe(link);
  }
}
