import { t } from "../i18n/es";

/** Previous/next page buttons for a list of `total` items (`capped`: more than `total`, a search's count). */
export function Pager({ page, pageSize, total, capped = false, onPage }: {
  page: number;
  pageSize: number;
  total: number;
  capped?: boolean;
  onPage: (page: number) => void;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1 && !capped) return null;
  const label = capped ? t("list.pageOfMore", { page, pages }) : t("list.page", { page, pages });
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t("list.previous")}
      </button>
      <span>{label}</span>
      <button type="button" disabled={page >= pages && !capped} onClick={() => onPage(page + 1)}>
        {t("list.next")}
      </button>
    </nav>
  );
}
