import { useRef, useState, type DragEvent } from "react";
import { Link } from "react-router";
import type { ImportItem } from "../../../shared/api/imports";
import { may } from "../../../shared/policies/office";
import { startImport, uploadImportFile } from "../api/imports";
import { ApiError } from "../api/http";
import { collectDropped, collectFiles, tooLarge, type PickedFiles } from "../components/import/collect-files";
import { ImportResultLine, type UploadRow } from "../components/import/ImportResultLine";
import { PendingImports } from "../components/import/PendingImports";
import { useUser } from "../components/Session";
import { t } from "../i18n/es";
import "../components/import/import.css";

interface Progress {
  done: number;
  total: number;
  /** The file being sent; null once all are. */
  current: string | null;
}

const message = (failure: unknown) => (failure instanceof ApiError ? failure.message : t("errors.unexpected"));

/** `Importar archivo`: an admin drops a folder or a .zip of past bulletins; each file is sent and its result listed as it comes. */
export default function ImportPage() {
  const user = useUser();
  const [phase, setPhase] = useState<"choose" | "reading" | "uploading" | "done">("choose");
  const [progress, setProgress] = useState<Progress>({ done: 0, total: 0, current: null });
  const [rows, setRows] = useState<UploadRow[]>([]);
  const [notes, setNotes] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [batchId, setBatchId] = useState<number | null>(null);
  const [dragging, setDragging] = useState(false);
  const busy = useRef(false);

  if (!may(user, "archive.import")) {
    return (
      <section className="page">
        <p className="form-error">{t("bulkImport.forbidden")}</p>
      </section>
    );
  }

  async function run(collect: () => Promise<PickedFiles>) {
    if (busy.current) return;
    busy.current = true;
    setError(null);
    setRows([]);
    setPhase("reading");
    try {
      const picked = await collect();
      setNotes([
        ...(picked.skipped > 0 ? [t("bulkImport.skipped", { count: picked.skipped })] : []),
        ...picked.badZips.map((name) => t("bulkImport.badZip", { name })),
      ]);
      if (picked.files.length === 0) {
        setError(t("bulkImport.nothing"));
        setPhase("choose");
        return;
      }
      const batch = await startImport();
      setBatchId(batch.id);
      setPhase("uploading");
      const total = picked.files.length;
      for (const [index, file] of picked.files.entries()) {
        setProgress({ done: index, total, current: file.name });
        const row = await sendOne(batch.id, file);
        setRows((earlier) => [...earlier, row]);
      }
      setProgress({ done: total, total, current: null });
      setPhase("done");
    } catch (failure) {
      setError(message(failure));
      setPhase((current) => (current === "uploading" ? "done" : "choose"));
    } finally {
      busy.current = false;
    }
  }

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    // The entries must be taken before the handler returns: collectDropped does so before its first await.
    const transfer = event.dataTransfer;
    void run(() => collectDropped(transfer));
  }

  const items = rows.flatMap((row) => (row.item ? [row.item] : []));
  const count = (...kinds: ImportItem["result"][]) => items.filter((item) => kinds.includes(item.result)).length;
  const toReview = count("needs_review");
  const refused = rows.length - items.length + count("refused");

  return (
    <section className="page import-page">
      <h1>{t("bulkImport.title")}</h1>
      <p className="muted">{t("bulkImport.help")}</p>

      {(phase === "choose" || phase === "done") && (
        <div
          className={`import-drop${dragging ? " import-drop-active" : ""}`}
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <p>{t("bulkImport.drop")}</p>
          <div className="import-choices">
            <label className="button-like">
              {t("bulkImport.chooseFolder")}
              <input
                type="file"
                className="visually-hidden"
                multiple
                ref={(node) => node?.setAttribute("webkitdirectory", "")}
                onChange={(event) => {
                  const files = [...(event.target.files ?? [])];
                  event.target.value = "";
                  void run(() => collectFiles(files));
                }}
              />
            </label>
            <label className="button-like">
              {t("bulkImport.chooseZip")}
              <input
                type="file"
                className="visually-hidden"
                multiple
                accept=".zip,.txt,.md,.markdown,.docx,.pdf"
                onChange={(event) => {
                  const files = [...(event.target.files ?? [])];
                  event.target.value = "";
                  void run(() => collectFiles(files));
                }}
              />
            </label>
          </div>
        </div>
      )}

      {phase === "choose" && <PendingImports />}

      {phase === "reading" && (
        <p role="status" className="muted">
          {t("bulkImport.reading")}
        </p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {notes.map((note) => (
        <p key={note} className="muted small">
          {note}
        </p>
      ))}

      {(phase === "uploading" || phase === "done") && (
        <div className="import-progress">
          <progress id="import-progress" value={progress.done} max={progress.total} aria-label={t("bulkImport.progress")} />
          <p role="status" aria-live="polite">
            {progress.current !== null
              ? t("bulkImport.progressText", { done: progress.done + 1, total: progress.total, name: progress.current })
              : t("bulkImport.progressDone", { done: progress.done, total: progress.total })}
          </p>
        </div>
      )}

      {rows.length > 0 && (
        <ol className="import-results" aria-label={t("bulkImport.results")}>
          {rows.map((row, index) => (
            <ImportResultLine key={index} row={row} />
          ))}
        </ol>
      )}

      {phase === "done" && batchId !== null && (
        <div className="import-next">
          <p>{t("bulkImport.summary", { imported: count("imported", "imported_with_warnings"), review: toReview, refused, duplicate: count("duplicate") })}</p>
          {toReview > 0 && (
            <Link className="button-primary button-link" to={`/importar/${batchId}`}>
              {t("bulkImport.review", { count: toReview })}
            </Link>
          )}{" "}
          <Link to="/archivo">{t("bulkImport.toArchive")}</Link>
        </div>
      )}
    </section>
  );
}

/** Sends one file; a refusal (too large, the server's error) becomes that file's result, and the next one goes on. */
async function sendOne(batchId: number, file: PickedFiles["files"][number]): Promise<UploadRow> {
  if (tooLarge(file)) return { name: file.name, error: t("bulkImport.tooLarge") };
  try {
    return { name: file.name, item: await uploadImportFile(batchId, file.name, await file.read()) };
  } catch (failure) {
    // The session ended or the batch is gone: nothing more would get through.
    if (failure instanceof ApiError && (failure.status === 401 || failure.status === 403 || failure.isNetwork)) throw failure;
    return { name: file.name, error: message(failure) };
  }
}
