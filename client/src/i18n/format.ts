import { LOCALE, t } from "./es";

const timestampFormat = new Intl.DateTimeFormat(LOCALE, {
  timeZone: "America/Mexico_City",
  dateStyle: "medium",
  timeStyle: "short",
});

const calendarFormat = new Intl.DateTimeFormat(LOCALE, { timeZone: "UTC", dateStyle: "medium" });

/** An instant from the API (`updatedAt`, `createdAt`) in the office's time zone. */
export function formatTimestamp(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : timestampFormat.format(date);
}

const integerFormat = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });

/** `1,000` as Mexico writes it. */
export function formatInteger(value: number): string {
  return integerFormat.format(value);
}

/** `1 boletín`, `6 boletines`. */
export function formatBulletinCount(count: number): string {
  return count === 1 ? t("list.totalOne") : t("list.total", { count });
}

/** A calendar date `yyyy-mm-dd` as a short Spanish date; a calendar date has no time zone. */
export function formatCalendarDate(isoDate: string): string {
  const [year, month, day] = isoDate.split("-").map(Number) as [number, number, number];
  return calendarFormat.format(new Date(Date.UTC(year, month - 1, day)));
}
