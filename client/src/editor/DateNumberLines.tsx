import type { BulletinNumber } from "../../../shared/bulletin/schema";
import { formatDateLine, todayInMexicoCity } from "../../../shared/bulletin/date-line";
import { formatNumber, formatNumberPlaceholder } from "../../../shared/bulletin/number";
import { t } from "../i18n/es";

/** `No. 493/2024.` once approved; `No. —/2026.` before (year of the date, else this year). */
export function numberLine(number: BulletinNumber | null, date: string | null): string {
  if (number) return formatNumber(number);
  const year = Number((date ?? todayInMexicoCity()).slice(0, 4));
  return formatNumberPlaceholder(year);
}

/** The right-aligned date and number lines exactly as exported. */
export function DateNumberLines({ place, date, number, dateLineId, numberPending = true }: {
  place: string | null;
  date: string | null;
  number: BulletinNumber | null;
  dateLineId?: string;
  /** False for an archived bulletin that never had a number: no `No. —/yyyy.` line then. */
  numberPending?: boolean;
}) {
  return (
    <div className="sheet-dateline">
      {date && (
        <p id={dateLineId} className="date-line">
          {formatDateLine(place?.trim() || null, date)}
        </p>
      )}
      {(number || numberPending) && (
        <p className={`number-line ${number ? "" : "number-pending"}`} title={number ? undefined : t("editor.numberPending")}>
          {numberLine(number, date)}
        </p>
      )}
    </div>
  );
}
