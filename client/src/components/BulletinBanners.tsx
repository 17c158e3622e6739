import { useState } from "react";
import { Link } from "react-router";
import type { AuditEvent, BulletinResource } from "../../../shared/api/schemas";
import { formatNumber } from "../../../shared/bulletin/number";
import { t } from "../i18n/es";
import { formatTimestamp } from "../i18n/format";

/** What the reviewer asked for, on top of the sheet the author has to fix. */
export function ChangesRequestedBanner({ events }: { events: AuditEvent[] }) {
  const request = [...events].reverse().find((event) => event.action === "request_changes");
  if (!request) return null;
  const comment = typeof request.detail?.comment === "string" ? request.detail.comment : null;
  return (
    <section className="banner banner-warning" aria-labelledby="cambios-solicitados-titulo">
      <h2 id="cambios-solicitados-titulo">
        {t("changesRequested.title", { name: request.actorName ?? t("changesRequested.someone") })}
      </h2>
      {comment && <blockquote className="comment-quote">{comment}</blockquote>}
      <p className="small">{t("changesRequested.next")}</p>
    </section>
  );
}

/** A deleted draft (only admins open one): when, and `Restaurar borrador` with ability `restore`. */
export function DeletedBanner({ resource, onRestore }: { resource: BulletinResource; onRestore: () => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [restored, setRestored] = useState(false);
  if (!resource.deletedAt) {
    // The banner goes with the deletion; the admin who restored it is told it worked.
    return restored ? (
      <p className="action-message deleted-restored" role="status">
        {t("deleted.restored")}
      </p>
    ) : null;
  }
  return (
    <section className="banner banner-danger" aria-labelledby="borrador-eliminado">
      <h2 id="borrador-eliminado">{t("deleted.banner", { date: formatTimestamp(resource.deletedAt) })}</h2>
      {resource.abilities.includes("restore") && (
        <button
          type="button"
          className="button-primary"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            setError(null);
            try {
              await onRestore();
              setRestored(true);
            } catch (failure) {
              setError(failure instanceof Error ? failure.message : t("errors.unexpected"));
            } finally {
              setBusy(false);
            }
          }}
        >
          {t("deleted.restore")}
        </button>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

/** `Copia de No. 493/2024`, linking to the bulletin a draft was copied from. */
export function CopiedFromLine({ copiedFrom }: { copiedFrom: BulletinResource["copiedFrom"] }) {
  if (!copiedFrom) return null;
  const title = copiedFrom.title.length > 60 ? `${copiedFrom.title.slice(0, 60).trimEnd()}…` : copiedFrom.title;
  const what = copiedFrom.number ? formatNumber(copiedFrom.number).replace(/\.$/, "") : title ? `«${title}»` : t("copiedFrom.untitled");
  return (
    <p className="copied-from small">
      <Link to={`/boletines/${copiedFrom.id}`} title={copiedFrom.title}>
        {t("copiedFrom.label", { what })}
      </Link>
    </p>
  );
}

/** Why the sheet cannot be edited now, and what comes next. */
export function readOnlyNote(resource: BulletinResource, canReview: boolean): string {
  const number = resource.number ? formatNumber(resource.number) : "";
  switch (resource.status) {
    case "in_review":
      return canReview ? t("editor.readOnly.in_review.reviewer") : t("editor.readOnly.in_review");
    case "approved":
      return t("editor.readOnly.approved", { number });
    case "published":
      return t("editor.readOnly.published", { number });
    default:
      return t("editor.readOnly.notAuthor");
  }
}

/**
 * Someone saved a newer version under this open editor: `Raúl Revisor guardó una versión más
 * nueva`, with `Cargar la versión nueva` (unsaved edits of mine go to the conflict dialog first).
 */
export function NewerVersionBanner({ newer, status, userId, onLoad, onDismiss }: {
  newer: BulletinResource;
  /** The status on screen: an approval under the page says so rather than who saved last. */
  status: BulletinResource["status"];
  userId: number | undefined;
  onLoad: () => void;
  onDismiss: () => void;
}) {
  const by = newer.lastSavedBy;
  const line =
    newer.status !== status
      ? t("newer.status", { status: t(`status.${newer.status}`) })
      : !by
        ? t("newer.someone")
        : by.id === userId
          ? t("newer.you")
          : t("newer.by", { name: by.name });
  return (
    // Announced: it appears by itself under an open editor.
    <section className="banner banner-warning newer-version" aria-labelledby="version-nueva" aria-live="polite">
      <h2 id="version-nueva">{line}</h2>
      <p className="small">{t("newer.next")}</p>
      <div className="form-actions">
        <button type="button" className="button-primary" onClick={onLoad}>
          {t("newer.load")}
        </button>
        <button type="button" onClick={onDismiss}>
          {t("newer.dismiss")}
        </button>
      </div>
    </section>
  );
}

/** `Corrección en curso: …` while a published bulletin is corrected; `Boletín retirado el …` once withdrawn. */
export function PublicationBanner({ resource }: { resource: BulletinResource }) {
  if (resource.withdrawn) {
    return (
      <section className="banner banner-danger" aria-labelledby="boletin-retirado">
        <h2 id="boletin-retirado">{t("retracted.banner", { date: formatTimestamp(resource.withdrawn.at), note: resource.withdrawn.note })}</h2>
      </section>
    );
  }
  if (!resource.correctionNote) return null;
  return (
    <section className="banner banner-warning" aria-labelledby="correccion-en-curso">
      <h2 id="correccion-en-curso">{t("correcting.banner", { note: resource.correctionNote })}</h2>
      <p className="small">{t("correcting.next")}</p>
    </section>
  );
}
