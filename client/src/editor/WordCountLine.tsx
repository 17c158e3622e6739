import { useMemo } from "react";
import type { Bulletin } from "../../../shared/bulletin/schema";
import { t } from "../i18n/es";
import { bulletinWordCounts } from "./word-count";

const words = (count: number) => (count === 1 ? t("words.one") : t("words.many", { count: count.toLocaleString("es-MX") }));

/** `Cuerpo: 412 palabras · Boletín: 468 palabras`, under the sheet (not printed). */
export function WordCountLine({ bulletin }: { bulletin: Pick<Bulletin, "title" | "highlights" | "body"> }) {
  const counts = useMemo(() => bulletinWordCounts(bulletin), [bulletin.title, bulletin.highlights, bulletin.body]);
  return (
    <p className="word-count muted small" aria-live="off">
      {t("words.count", { body: words(counts.body), bulletin: words(counts.bulletin) })}
    </p>
  );
}
