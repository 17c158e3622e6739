import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import type { ImportItem, NumberClash } from "../../../../shared/api/imports";
import type { Bulletin } from "../../../../shared/bulletin/schema";
import { confirmImportItem, discardImportItem } from "../../api/imports";
import { ApiError } from "../../api/http";
import { t } from "../../i18n/es";
import { fieldOfWarning, type ReviewField } from "./warning-fields";

interface Fields {
  title: string;
  place: string;
  date: string;
  seq: string;
  year: string;
  highlights: string;
  label: string;
}

function fieldsOf(bulletin: Bulletin): Fields {
  return {
    label: bulletin.label ?? "",
    title: bulletin.title,
    place: bulletin.place ?? "",
    date: bulletin.date ?? "",
    seq: bulletin.number ? String(bulletin.number.seq) : "",
    year: bulletin.number ? String(bulletin.number.year) : "",
    highlights: bulletin.highlights.join("\n"),
  };
}

/**
 * One file waiting for a person: the fields the importer read (those it warned about
 * marked, with the warning under them), editable, beside the text of the file;
 * `Confirmar e importar` or `Descartar`.
 */
export function ReviewItem({ item, onDecided }: { item: ImportItem; onDecided: (item: ImportItem) => void }) {
  const parsed = item.parsed!;
  const [fields, setFields] = useState<Fields>(() => fieldsOf(parsed));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [clash, setClash] = useState<NumberClash | null>(item.numberClash);
  const headingId = `import-item-${item.id}`;
  const notesOf = (field: ReviewField) => item.warnings.filter((warning) => fieldOfWarning(warning) === field);
  const set = (name: keyof Fields) => (event: { target: { value: string } }) => setFields((current) => ({ ...current, [name]: event.target.value }));

  function corrected(): Bulletin | null {
    const seq = fields.seq.trim();
    const year = fields.year.trim();
    if ((seq === "") !== (year === "")) return null;
    const { label: _read, ...rest } = parsed;
    const label = fields.label.trim();
    return {
      ...(label ? { label } : {}),
      ...rest,
      title: fields.title.trim(),
      place: fields.place.trim() || null,
      date: fields.date || null,
      number: seq ? { seq: Number(seq), year: Number(year) } : null,
      highlights: fields.highlights.split("\n").map((line) => line.trim()).filter(Boolean),
    };
  }

  async function decide(action: "confirm" | "discard") {
    setError(null);
    const bulletin = action === "confirm" ? corrected() : null;
    if (action === "confirm" && !bulletin) {
      setError(t("bulkImport.incompleteNumber"));
      return;
    }
    setBusy(true);
    try {
      onDecided(action === "confirm" ? await confirmImportItem(item.batchId, item.id, bulletin!) : await discardImportItem(item.batchId, item.id));
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : t("errors.unexpected"));
      const details = failure instanceof ApiError ? (failure.details as { numberClash?: NumberClash } | null) : null;
      if (details?.numberClash) setClash(details.numberClash);
      setBusy(false);
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void decide("confirm");
  }

  const notes = (field: ReviewField) => {
    const found = notesOf(field);
    return found.length > 0 ? (
      <ul className="field-notes import-field-notes" id={`${headingId}-${field}-notes`}>
        {found.map((warning) => (
          <li key={warning}>{warning}</li>
        ))}
      </ul>
    ) : null;
  };
  const described = (field: ReviewField) => (notesOf(field).length > 0 ? { "aria-describedby": `${headingId}-${field}-notes`, "aria-invalid": true } : {});

  return (
    <article className="import-review-item panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{item.fileName}</h2>
      <div className="import-review-columns">
        <form className="import-review-fields" onSubmit={onSubmit} aria-labelledby={headingId}>
          {clash && (
            <p className="import-clash" role="note">
              {t("bulkImport.clash", { number: `${clash.seq}/${clash.year}` })}{" "}
              <Link to={`/archivo/${clash.bulletinId}`}>{t("bulkImport.clashLink", { id: clash.bulletinId })}</Link>. {t("bulkImport.clashFix")}
            </p>
          )}
          {(parsed.label !== undefined || fields.label !== "") && (
            <label className="field">
              <span>{t("bulkImport.field.label")}</span>
              <input value={fields.label} onChange={set("label")} aria-describedby={`${headingId}-label-hint`} />
              <small id={`${headingId}-label-hint`} className="muted small">{t("bulkImport.field.labelHint")}</small>
            </label>
          )}
          <label className="field">
            <span>{t("bulkImport.field.title")}</span>
            <input value={fields.title} onChange={set("title")} {...described("title")} />
          </label>
          {notes("title")}
          <div className="import-field-row">
            <label className="field field-grow">
              <span>{t("bulkImport.field.place")}</span>
              <input value={fields.place} onChange={set("place")} {...described("place")} />
            </label>
            <label className="field">
              <span>{t("bulkImport.field.date")}</span>
              <input type="date" value={fields.date} onChange={set("date")} {...described("date")} />
            </label>
          </div>
          {notes("place")}
          {notes("date")}
          <div className="import-field-row">
            <label className="field">
              <span>{t("bulkImport.field.number")}</span>
              <input inputMode="numeric" value={fields.seq} onChange={set("seq")} aria-invalid={clash !== null || notesOf("number").length > 0} />
            </label>
            <label className="field">
              <span>{t("bulkImport.field.numberYear")}</span>
              <input inputMode="numeric" value={fields.year} onChange={set("year")} />
            </label>
          </div>
          <p className="muted small">{t("bulkImport.numberHint")}</p>
          {notes("number")}
          <label className="field">
            <span>{t("bulkImport.field.highlights")}</span>
            <textarea rows={4} value={fields.highlights} onChange={set("highlights")} {...described("highlights")} />
          </label>
          {notes("highlights")}
          <h3>{t("bulkImport.warnings")}</h3>
          <ul className="import-warnings">
            {item.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <div className="import-review-actions">
            <button type="submit" className="button-primary" disabled={busy}>
              {busy ? t("bulkImport.confirming") : t("bulkImport.confirm")}
            </button>
            <button type="button" disabled={busy} onClick={() => void decide("discard")}>
              {t("bulkImport.discard")}
            </button>
          </div>
        </form>
        <div className="import-source">
          <h3 id={`${headingId}-source`}>{t("bulkImport.source")}</h3>
          <pre tabIndex={0} aria-labelledby={`${headingId}-source`}>
            {item.sourceText}
          </pre>
        </div>
      </div>
    </article>
  );
}
