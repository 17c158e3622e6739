import { useState } from "react";
import { fetchExport, type ExportFormat } from "../api/endpoints";
import { ApiError } from "../api/http";
import { t, type MessageKey } from "../i18n/es";

const FORMATS: Array<[ExportFormat, MessageKey]> = [
  ["docx", "export.docx"],
  ["pdf", "export.pdf"],
  ["txt", "export.txt"],
  ["md", "export.md"],
];

/**
 * `Exportar DOCX/PDF/TXT/Markdown`: fetches GET /api/bulletins/:id/export and saves the file,
 * so a refused export shows the server's Spanish message instead of a broken download.
 */
export function ExportButtons({ bulletinId, revision, beforeExport }: {
  bulletinId: number;
  revision?: number;
  /** Runs first (the editor saves pending changes). */
  beforeExport?: () => Promise<unknown>;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<ExportFormat | null>(null);

  async function download(format: ExportFormat) {
    setBusy(format);
    setError(null);
    try {
      await beforeExport?.();
      const { blob, fileName } = await fetchExport(bulletinId, format, revision);
      const url = URL.createObjectURL(blob);
      const anchor = document.createElement("a");
      anchor.href = url;
      anchor.download = fileName;
      document.body.append(anchor);
      anchor.click();
      anchor.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (failure) {
      const message = failure instanceof ApiError ? failure.message : t("errors.unexpected");
      setError(t("export.failed", { message }));
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="export-buttons" role="group" aria-label={t("export.label")}>
      {FORMATS.map(([format, label]) => (
        <button key={format} type="button" aria-busy={busy === format} onClick={() => download(format)}>
          {t(label)}
        </button>
      ))}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
