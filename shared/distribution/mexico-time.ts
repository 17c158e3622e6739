import { MONTHS, WEEKDAYS } from "../bulletin/date-line";

/** The office's time zone: `sendAt` and embargoes are read and written in it. */
export const OFFICE_TIME_ZONE = "America/Mexico_City";

const wallClock = new Intl.DateTimeFormat("en-US", {
  timeZone: OFFICE_TIME_ZONE,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  weekday: "short",
});

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = domingo. */
  weekday: number;
}

const WEEKDAY_INDEX: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** What a clock in Mexico City showed at `instant`. */
export function mexicoCityWallTime(instant: Date): WallTime {
  const parts = Object.fromEntries(wallClock.formatToParts(instant).map((part) => [part.type, part.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: WEEKDAY_INDEX[parts.weekday!] ?? 0,
  };
}

/** Minutes Mexico City was ahead of UTC at `instant` (−360 since 2022). */
function offsetMinutes(instant: number): number {
  const wall = mexicoCityWallTime(new Date(instant));
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  return Math.round((asUtc - Math.floor(instant / 60_000) * 60_000) / 60_000);
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * `2024-09-25T10:00` as a clock in Mexico City reads it (what a `datetime-local` field sends),
 * or an ISO instant with its offset (`2024-09-25T16:00:00Z`); null for anything else or a date
 * that does not exist (`2024-02-30T10:00`).
 */
export function parseOfficeDateTime(text: string): Date | null {
  if (WITH_OFFSET.test(text)) {
    const instant = new Date(text);
    return Number.isNaN(instant.getTime()) ? null : instant;
  }
  const match = LOCAL.exec(text);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as number[];
  if (month! < 1 || month! > 12 || day! < 1 || day! > 31 || hour! > 23 || minute! > 59 || second! > 59) return null;
  const guess = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!);
  const check = new Date(guess);
  if (check.getUTCMonth() !== month! - 1 || check.getUTCDate() !== day!) return null;
  // The offset at the guess, then at the instant it gives (they differ only across a change of offset).
  let instant = guess - offsetMinutes(guess) * 60_000;
  instant = guess - offsetMinutes(instant) * 60_000;
  return new Date(instant);
}

/** `2024-09-25T10:00`: the value a `datetime-local` field shows for `instant` in Mexico City. */
export function officeDateTimeValue(instant: Date): string {
  const wall = mexicoCityWallTime(instant);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${wall.year}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}`;
}

/** `las 10:00 h del miércoles 25 de septiembre de 2024`. */
export function officeTimeLong(instant: Date): string {
  const wall = mexicoCityWallTime(instant);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `las ${pad(wall.hour)}:${pad(wall.minute)} h del ${WEEKDAYS[wall.weekday]} ${wall.day} de ${MONTHS[wall.month - 1]} de ${wall.year}`;
}

/** `EMBARGADO HASTA las 10:00 h del miércoles 25 de septiembre de 2024 (hora del centro de México)`. */
export function embargoLine(until: Date): string {
  return `EMBARGADO HASTA ${officeTimeLong(until)} (hora del centro de México)`;
}
