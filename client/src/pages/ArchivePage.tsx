import { useEffect, useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router";
import { statusSchema, type BulletinPage, type BulletinStatus } from "../../../shared/api/schemas";
import { todayInMexicoCity } from "../../../shared/bulletin/date-line";
import { formatNumber } from "../../../shared/bulletin/number";
import { listBulletins } from "../api/endpoints";
import { ApiError } from "../api/http";
import { Pager } from "../components/Pager";
import { t } from "../i18n/es";
import { formatBulletinCount, formatCalendarDate, formatInteger } from "../i18n/format";

const PAGE_SIZE = 20;
const FIRST_YEAR = 2010;

/** The archive: accent-insensitive search with highlighted snippets, filters by year and status. */
export default function ArchivePage() {
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const year = params.get("anio") ?? "";
  const statusParam = params.get("estado");
  const status = statusSchema.options.includes(statusParam as BulletinStatus) ? (statusParam as BulletinStatus) : "";
  const page = Math.max(1, Number(params.get("pagina")) || 1);
  const [text, setText] = useState(q);
  const [result, setResult] = useState<BulletinPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const thisYear = Number(todayInMexicoCity().slice(0, 4));
  const years = Array.from({ length: thisYear - FIRST_YEAR + 1 }, (_, index) => thisYear - index);

  // The box follows the address (back, forward, a link): it never shows one query while listing another.
  useEffect(() => setText(q), [q]);

  useEffect(() => {
    const controller = new AbortController();
    setError(null);
    setResult(null);
    listBulletins(
      { q: q || undefined, year: year ? Number(year) : undefined, status: status || undefined, page, pageSize: PAGE_SIZE },
      controller.signal,
    )
      .then(setResult)
      .catch((failure: unknown) => {
        if (!controller.signal.aborted) setError(failure instanceof ApiError ? failure.message : t("errors.unexpected"));
      });
    return () => controller.abort();
  }, [q, year, status, page]);

  function update(changes: Record<string, string>) {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(changes)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    if (!("pagina" in changes)) next.delete("pagina");
    setParams(next);
  }

  function onSearch(event: FormEvent) {
    event.preventDefault();
    update({ q: text.trim() });
  }

  return (
    <section className="page">
      <h1>{t("archive.title")}</h1>
      <form role="search" className="archive-search" onSubmit={onSearch}>
        <label className="field field-grow">
          <span>{t("archive.search")}</span>
          <input
            type="search"
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              // Emptied (typing or the box's ×): the whole archive again at once, not the old query's results.
              if (event.target.value.trim() === "" && q) update({ q: "" });
            }}
            aria-describedby="archivo-ayuda"
          />
        </label>
        <button type="submit" className="button-primary">
          {t("archive.searchButton")}
        </button>
        <label className="field">
          <span>{t("archive.year")}</span>
          <select value={year} onChange={(event) => update({ anio: event.target.value })}>
            <option value="">{t("archive.anyYear")}</option>
            {years.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("archive.status")}</span>
          <select value={status} onChange={(event) => update({ estado: event.target.value })}>
            <option value="">{t("archive.anyStatus")}</option>
            {statusSchema.options.map((option) => (
              <option key={option} value={option}>
                {t(`status.${option}`)}
              </option>
            ))}
          </select>
        </label>
      </form>
      <p id="archivo-ayuda" className="muted small">
        {t("archive.searchHint")}
      </p>

      <h2 className="visually-hidden">{t("archive.results")}</h2>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {!result && !error && <p className="loading">{t("app.loading")}</p>}
      {result && result.items.length === 0 && <p className="empty">{t("archive.empty")}</p>}
      {result && result.items.length > 0 && (
        <>
          <p className="muted" aria-live="polite">
            {/* A search counts exactly up to 1,000 matches; past that the server says only that there are more. */}
            {result.capped ? t("archive.totalCapped", { count: formatInteger(result.total) }) : formatBulletinCount(result.total)}
          </p>
          <ol className="archive-results">
            {result.items.map((item) => (
              <li key={item.id} className="archive-result">
                <h3>
                  <Link to={`/archivo/${item.id}`}>{item.title.trim() || t("list.untitled")}</Link>
                </h3>
                <p className="archive-meta muted">
                  {item.number ? formatNumber(item.number).replace(/\.$/, "") : t("list.noNumberText")} ·{" "}
                  {item.date ? formatCalendarDate(item.date) : t("list.noDate")} · {item.authorName} ·{" "}
                  <span className={`status-badge status-${item.status}`}>{t(`status.${item.status}`)}</span>
                </p>
                {item.snippet && (
                  // The server escapes the text and adds only <mark>: the one place HTML is rendered.
                  <p className="snippet" dangerouslySetInnerHTML={{ __html: item.snippet }} />
                )}
              </li>
            ))}
          </ol>
          <Pager page={page} pageSize={PAGE_SIZE} total={result.total} capped={result.capped} onPage={(next) => update({ pagina: String(next) })} />
        </>
      )}
    </section>
  );
}
