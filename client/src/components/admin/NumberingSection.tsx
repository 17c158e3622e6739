import { useEffect, useState, type FormEvent } from "react";
import type { NumberingYear } from "../../../../shared/api/schemas";
import { listNumbering, setNextNumber } from "../../api/endpoints";
import { ApiError } from "../../api/http";
import { t } from "../../i18n/es";
import { Dialog } from "../Dialog";

const message = (failure: unknown) => (failure instanceof ApiError ? failure.message : t("errors.unexpected"));

/** Numbering per year: an office adopting Redacta mid-year continues its own sequence (only upward). */
export function NumberingSection() {
  const [years, setYears] = useState<NumberingYear[] | null>(null);
  const [drafts, setDrafts] = useState<Record<number, string>>({});
  const [confirming, setConfirming] = useState<{ year: NumberingYear; nextSeq: number } | null>(null);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    listNumbering()
      .then(({ items }) => setYears(items))
      .catch((failure: unknown) => setError(message(failure)));
  }, []);

  function onSubmit(event: FormEvent, year: NumberingYear) {
    event.preventDefault();
    setError(null);
    const text = (drafts[year.year] ?? "").trim();
    const nextSeq = Number(text);
    if (!/^\d+$/.test(text) || nextSeq < year.nextSeq) {
      setError(t("admin.numbering.invalid", { min: year.nextSeq }));
      return;
    }
    setDialogError(null);
    setConfirming({ year, nextSeq });
  }

  async function confirm() {
    if (!confirming) return;
    setBusy(true);
    setDialogError(null);
    try {
      const saved = await setNextNumber(confirming.year.year, confirming.nextSeq);
      setYears((current) => current?.map((item) => (item.year === saved.year ? saved : item)) ?? null);
      setDrafts((current) => ({ ...current, [saved.year]: "" }));
      setNotice(t("admin.numbering.saved", { year: saved.year, next: saved.nextSeq }));
      setConfirming(null);
    } catch (failure) {
      // The server's refusal (a number already held by a bulletin, say) is shown where it was asked for.
      setDialogError(message(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="admin-numeracion">
      <h2 id="admin-numeracion">{t("admin.numbering")}</h2>
      <p className="muted">{t("admin.numbering.intro")}</p>
      {years && (
        <table className="bulletin-table">
          <thead>
            <tr>
              <th scope="col">{t("admin.numbering.year")}</th>
              <th scope="col">{t("admin.numbering.last")}</th>
              <th scope="col">{t("admin.numbering.next")}</th>
            </tr>
          </thead>
          <tbody>
            {years.map((year) => (
              <tr key={year.year}>
                <td>{year.year}</td>
                <td>{year.lastSeq > 0 ? year.lastSeq : t("admin.numbering.noneYet")}</td>
                <td>
                  {/* No `min`: the browser's own bubble would speak its language, not ours. */}
                  <form className="inline-form" noValidate onSubmit={(event) => onSubmit(event, year)}>
                    <input
                      type="number"
                      inputMode="numeric"
                      step={1}
                      aria-label={t("admin.numbering.nextFor", { year: year.year })}
                      placeholder={String(year.nextSeq)}
                      value={drafts[year.year] ?? ""}
                      onChange={(event) => setDrafts((current) => ({ ...current, [year.year]: event.target.value }))}
                    />
                    <button type="submit" aria-label={t("admin.numbering.setFor", { year: year.year })}>
                      {t("admin.numbering.set")}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p aria-live="polite" className="action-message">
        {notice}
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {confirming && (
        <Dialog title={t("admin.numbering.confirmTitle", { year: confirming.year.year })} onClose={() => setConfirming(null)}>
          <p>{t("admin.numbering.confirm", { year: confirming.year.year, next: confirming.nextSeq })}</p>
          {confirming.nextSeq > confirming.year.nextSeq && (
            <p className="muted">
              {t("admin.numbering.confirmSkipped", { year: confirming.year.year, from: confirming.year.nextSeq, to: confirming.nextSeq - 1 })}
            </p>
          )}
          {dialogError && (
            <p className="form-error" role="alert">
              {dialogError}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" data-autofocus onClick={() => setConfirming(null)}>
              {t("dialog.cancel")}
            </button>
            <button type="button" className="button-primary" disabled={busy} aria-busy={busy} onClick={confirm}>
              {t("dialog.confirm")}
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}
