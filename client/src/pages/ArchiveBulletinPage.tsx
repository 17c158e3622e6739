import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import type { BulletinResource } from "../../../shared/api/schemas";
import { getBulletin } from "../api/endpoints";
import { ApiError } from "../api/http";
import { ArchiveActions } from "../components/ArchiveActions";
import { ExportButtons } from "../components/ExportButtons";
import { useSession } from "../components/Session";
import { ReadOnlySheet } from "../editor/ReadOnlySheet";
import { t } from "../i18n/es";

const FINAL_STATUSES = ["approved", "published"];

/** An archived bulletin, read-only, with export, duplicate and (admin) make-a-template. */
export default function ArchiveBulletinPage() {
  const idText = useParams().id ?? "";
  // `/archivo/abc` names no bulletin: say so, instead of the API's complaint about the id.
  const bulletinId = /^[1-9]\d{0,14}$/.test(idText) ? Number(idText) : null;
  const { organization } = useSession();
  const [bulletin, setBulletin] = useState<BulletinResource | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    if (bulletinId === null) {
      setError(t("errors.bulletinNotFound"));
      return;
    }
    getBulletin(bulletinId)
      .then((resource) => live && setBulletin(resource))
      .catch((failure: unknown) => {
        if (!live) return;
        if (failure instanceof ApiError && failure.status === 404) setError(t("errors.bulletinNotFound"));
        else setError(failure instanceof ApiError ? failure.message : t("editor.loadFailed"));
      });
    return () => {
      live = false;
    };
  }, [bulletinId]);

  return (
    <section className="page archive-view">
      <p>
        <Link to="/archivo">← {t("archive.back")}</Link>
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {!bulletin && !error && <p className="loading">{t("app.loading")}</p>}
      {bulletin && (
        <>
          <h1 className="visually-hidden">{t("archive.readOnly")}</h1>
          <div className="editor-topbar">
            <span className={`status-badge status-${bulletin.status}`}>{t(`status.${bulletin.status}`)}</span>
            <ExportButtons bulletinId={bulletin.id} />
            <ArchiveActions bulletinId={bulletin.id} title={bulletin.title} />
            {bulletin.allowedActions.includes("edit") && (
              <Link to={`/boletines/${bulletin.id}`}>{t("archive.edit")}</Link>
            )}
          </div>
          <ReadOnlySheet
            bulletin={bulletin}
            number={bulletin.number}
            organization={organization}
            numberPending={!FINAL_STATUSES.includes(bulletin.status)}
          />
        </>
      )}
    </section>
  );
}
