import { useState } from "react";
import type { ContactField, ContactList, ImportPreview, ImportResult, LineError } from "../../../../shared/api/distribution-schemas";
import { importContactsCsv, previewContactsCsv } from "../../api/endpoints";
import { ApiError } from "../../api/http";
import { t, type MessageKey } from "../../i18n/es";
import { Dialog } from "../Dialog";

const message = (failure: unknown) => (failure instanceof ApiError ? failure.message : t("errors.unexpected"));
const FIELD_LABEL: Record<ContactField, MessageKey> = {
  name: "media.contact.name",
  outlet: "media.contact.outlet",
  email: "media.contact.email",
  beat: "media.contact.beat",
  notes: "media.contact.notes",
};
const FIELDS: ContactField[] = ["name", "outlet", "email", "beat", "notes"];

/**
 * Importar CSV: the chosen file is read by the server without saving anything, and shown
 * (how its columns were read, its first rows, every line that will not import) before `Importar`.
 */
export function CsvImportDialog({ list, onImported, onClose }: {
  list: ContactList;
  onImported: (result: ImportResult) => void;
  onClose: () => void;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [busy, setBusy] = useState<"reading" | "importing" | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function choose(chosen: File | null) {
    setFile(chosen);
    setPreview(null);
    setResult(null);
    setError(null);
    if (!chosen) return;
    setBusy("reading");
    try {
      setPreview(await previewContactsCsv(list.id, chosen));
    } catch (failure) {
      setError(message(failure));
    } finally {
      setBusy(null);
    }
  }

  async function runImport() {
    if (!file) return;
    setBusy("importing");
    setError(null);
    try {
      const imported = await importContactsCsv(list.id, file);
      setResult(imported);
      onImported(imported);
    } catch (failure) {
      setError(message(failure));
    } finally {
      setBusy(null);
    }
  }

  return (
    <Dialog title={t("media.import.title", { name: list.name })} onClose={onClose} className="dialog-wide">
      {!result && (
        <>
          {/* The browser's own file button speaks the browser's language: ours says it in Spanish. */}
          <div className="field">
            <span id="csv-file-label">{t("media.import.file")}</span>
            <span className="file-choice">
              <label className="button-like">
                {t("media.import.choose")}
                <input
                  type="file"
                  className="visually-hidden"
                  accept=".csv,text/csv"
                  aria-labelledby="csv-file-label"
                  onChange={(event) => void choose(event.target.files?.[0] ?? null)}
                />
              </label>
              <span className="muted">{file ? file.name : t("media.import.noFile")}</span>
            </span>
          </div>
          <p className="small muted">{t("media.import.help")}</p>
        </>
      )}
      {busy && (
        <p role="status" className="muted">
          {t(busy === "reading" ? "media.import.reading" : "media.import.importing")}
        </p>
      )}
      {preview && !result && <PreviewView preview={preview} />}
      {result && <ResultView result={result} />}
      <p className="form-error" role="alert">
        {error}
      </p>
      <div className="dialog-actions">
        {preview && !result && (
          <button type="button" className="button-primary" disabled={busy !== null || preview.valid === 0} onClick={() => void runImport()}>
            {t("media.import.submit")}
          </button>
        )}
        <button type="button" onClick={onClose}>
          {t(result ? "media.import.finish" : "media.import.cancel")}
        </button>
      </div>
    </Dialog>
  );
}

function PreviewView({ preview }: { preview: ImportPreview }) {
  const failed = new Set(preview.errors.map((error) => error.line));
  return (
    <div className="csv-preview">
      <p role="status">{t("media.import.summary", { total: preview.total, valid: preview.valid, errors: preview.errors.length })}</p>
      {preview.errors.length > 0 && (
        <>
          <h3>{t("media.import.errors")}</h3>
          <LineErrors errors={preview.errors} />
        </>
      )}
      {preview.columns.length > 0 && (
        <>
          <h3>{t("media.import.mapping")}</h3>
          <table className="bulletin-table csv-mapping">
            <thead>
              <tr>
                <th scope="col">{t("media.import.column")}</th>
                <th scope="col">{t("media.import.readAs")}</th>
              </tr>
            </thead>
            <tbody>
              {preview.columns.map((column, index) => {
                const field = preview.mapping[index];
                return (
                  <tr key={`${column}-${index}`}>
                    <td>{column}</td>
                    <td className={field ? undefined : "muted"}>{field ? t(FIELD_LABEL[field]) : t("media.import.unused")}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
      {preview.rows.length > 0 && (
        <>
          <h3>{t("media.import.rows")}</h3>
          <table className="bulletin-table">
            <thead>
              <tr>
                <th scope="col">{t("media.import.line")}</th>
                {FIELDS.map((field) => (
                  <th scope="col" key={field}>{t(FIELD_LABEL[field])}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((row) => (
                <tr key={row.line} className={failed.has(row.line) ? "row-error" : undefined}>
                  <td>
                    {row.line}
                    {failed.has(row.line) && <span className="visually-hidden"> ({t("media.import.rowError")})</span>}
                  </td>
                  {FIELDS.map((field) => (
                    <td key={field}>{row[field]}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

function ResultView({ result }: { result: ImportResult }) {
  return (
    <div className="csv-result" role="status">
      <h3>{t("media.import.done")}</h3>
      <ul className="import-counts">
        <li>{t("media.import.added", { count: result.added })}</li>
        <li>{t("media.import.mergedCount", { count: result.merged })}</li>
        <li>{t("media.import.alreadyCount", { count: result.alreadyInList })}</li>
      </ul>
      {result.errors.length > 0 && (
        <>
          <p>{t("media.import.notImported")}</p>
          <LineErrors errors={result.errors} />
        </>
      )}
    </div>
  );
}

function LineErrors({ errors }: { errors: LineError[] }) {
  return (
    <ul className="line-errors">
      {errors.map((error) => (
        <li key={`${error.line}-${error.message}`}>{t("media.import.lineError", error)}</li>
      ))}
    </ul>
  );
}
