import { useEffect, useRef, useState } from "react";
import { Link, useParams } from "react-router";
import type { AuditEvent, BulletinResource } from "../../../shared/api/schemas";
import { formatNumber } from "../../../shared/bulletin/number";
import type { Bulletin } from "../../../shared/bulletin/schema";
import { bulletinContent, getBulletin, saveBulletin } from "../api/endpoints";
import { ApiError } from "../api/http";
import { ArchiveActions } from "../components/ArchiveActions";
import { ChecksPanel } from "../components/ChecksPanel";
import { CommentsPanel } from "../components/CommentsPanel";
import { ConflictDialog } from "../components/ConflictDialog";
import { ExportButtons } from "../components/ExportButtons";
import { HistoryPanel } from "../components/HistoryPanel";
import { useBulletinHistory } from "../components/history";
import { CopyPanel, RecoveryBanner } from "../components/RecoveryBanner";
import { ReviewPanel } from "../components/ReviewPanel";
import { SaveStatusLine } from "../components/SaveStatusLine";
import { useSession } from "../components/Session";
import { WorkflowActions } from "../components/WorkflowActions";
import { bulletinText } from "../editor/bulletin-text";
import { EditableSheet } from "../editor/EditableSheet";
import { canonicalJson, localDrafts, type LocalDraft } from "../editor/local-drafts";
import { ReadOnlySheet } from "../editor/ReadOnlySheet";
import { splitTypedContent } from "../editor/typed-content";
import { useSaver } from "../editor/useSaver";
import { useSaveShortcut } from "../editor/useSaveShortcut";
import { WordCountLine } from "../editor/WordCountLine";
import { t } from "../i18n/es";

/** What the reviewer asked for, on top of the sheet the author has to fix. */
function ChangesRequestedBanner({ events }: { events: AuditEvent[] }) {
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

/** Why the sheet cannot be edited now, and what comes next. */
function readOnlyNote(resource: BulletinResource, canReview: boolean): string {
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
 * Where the editor starts: the server's bulletin, and the local copy of a previous visit.
 * A local copy that differs from the server only by what the server would refuse (an
 * invalid link) is simply put back in its fields, still marked invalid; any other is
 * offered for recovery.
 */
function startingPoint(bulletinId: number, initial: BulletinResource): { typed: Bulletin; recovery: LocalDraft | null; parked: boolean } {
  // Reads only (takeForRecovery gives the same draft twice): StrictMode runs this twice.
  const parked = localDrafts.takeForRecovery(bulletinId);
  if (!parked) return { typed: bulletinContent(initial), recovery: null, parked: false };
  const { savable, invalid } = splitTypedContent(parked.content);
  if (canonicalJson(savable) !== canonicalJson(bulletinContent(initial))) return { typed: bulletinContent(initial), recovery: parked, parked: true };
  const restore = invalid.length > 0 && initial.allowedActions.includes("edit");
  return { typed: restore ? bulletinContent(parked.content) : bulletinContent(initial), recovery: null, parked: true };
}

export default function BulletinPage() {
  const bulletinId = Number(useParams().id);
  const [loaded, setLoaded] = useState<BulletinResource | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setLoaded(null);
    getBulletin(bulletinId)
      .then((resource) => live && setLoaded(resource))
      .catch((failure: unknown) => live && setError(failure instanceof ApiError ? failure.message : t("editor.loadFailed")));
    return () => {
      live = false;
    };
  }, [bulletinId]);

  if (error) {
    return (
      <section className="page">
        <p className="form-error" role="alert">
          {error}
        </p>
        <Link to="/boletines">{t("app.backHome")}</Link>
      </section>
    );
  }
  if (!loaded) return <p className="loading">{t("app.loading")}</p>;
  return <BulletinScreen key={loaded.id} initial={loaded} />;
}

function BulletinScreen({ initial }: { initial: BulletinResource }) {
  const { organization } = useSession();
  const bulletinId = initial.id;
  const [resource, setResource] = useState(initial);
  const [start] = useState(() => startingPoint(bulletinId, initial));
  const [draft, setDraftState] = useState<Bulletin>(start.typed);
  const draftRef = useRef(draft);
  const [bodyEpoch, setBodyEpoch] = useState(0);
  const [refreshKey, setRefreshKey] = useState(0);
  const [conflictOpen, setConflictOpen] = useState(false);
  const [copyText, setCopyText] = useState(() => localDrafts.readCopy(bulletinId));
  const [recovery, setRecovery] = useState<LocalDraft | null>(start.recovery);
  const sheetRef = useRef<HTMLElement>(null);
  const history = useBulletinHistory(bulletinId, refreshKey);

  const { saver, status } = useSaver({
    bulletinId,
    version: initial.version,
    content: bulletinContent(initial),
    save: (content, version) => saveBulletin(bulletinId, content, version),
    loadCurrent: () => getBulletin(bulletinId),
    onSaved: (saved) => {
      setResource(saved);
      setRefreshKey((key) => key + 1);
    },
  });

  useEffect(() => {
    if (status.kind === "conflict") setConflictOpen(true);
  }, [status]);

  // A local copy the server already has is dropped; invalid input put back from it stays
  // in the local copy (the saver writes it again) and in the save status.
  useEffect(() => {
    if (!start.parked || start.recovery) return;
    localDrafts.clearRecovery(bulletinId);
    if (canonicalJson(start.typed) !== canonicalJson(bulletinContent(initial))) saver.update(start.typed);
  }, [saver, start, initial, bulletinId]);

  const editable = resource.allowedActions.includes("edit");
  const canReview = resource.allowedActions.includes("approve") || resource.allowedActions.includes("request_changes");
  // Ctrl+S saves now; on a sheet that cannot be edited it only keeps the browser's dialog away.
  useSaveShortcut(() => (editable ? saver.flush() : undefined));

  function setDraft(next: Bulletin) {
    draftRef.current = next;
    setDraftState(next);
  }

  function change(changes: Partial<Bulletin>) {
    const next = { ...draftRef.current, ...changes };
    setDraft(next);
    saver.update(next);
  }

  /** Puts content from outside (theirs, a recovered draft) into every field, the body included. */
  function replaceContent(content: Bulletin) {
    setDraft(bulletinContent(content));
    setBodyEpoch((epoch) => epoch + 1);
  }

  function keepTheirs(theirs: BulletinResource) {
    saver.acceptTheirs(theirs);
    setResource(theirs);
    replaceContent(theirs);
    setConflictOpen(false);
  }

  function resolveConflict(choice: "theirs" | "mine" | "both") {
    if (status.kind !== "conflict") return;
    const theirs = status.theirs;
    if (choice === "mine") {
      setResource(theirs);
      saver.keepMine(theirs);
      setConflictOpen(false);
      return;
    }
    if (choice === "both") {
      const text = bulletinText(draftRef.current);
      localDrafts.writeCopy(bulletinId, text);
      setCopyText(text);
    }
    keepTheirs(theirs);
  }

  function restoreRecovery() {
    if (!recovery) return;
    replaceContent(recovery.content);
    if (recovery.baseVersion !== resource.version) saver.raiseConflict(resource);
    saver.update(recovery.content);
    localDrafts.clearRecovery(bulletinId);
    setRecovery(null);
  }

  function onTransition(next: BulletinResource) {
    saver.setVersion(next.version);
    setResource(next);
    setDraft({ ...draftRef.current, number: next.number });
    setRefreshKey((key) => key + 1);
  }

  const showStatus = editable || status.kind !== "saved";

  return (
    <div className="editor-page">
      <div className="editor-topbar">
        <div className="editor-topbar-info">
          <span className={`status-badge status-${resource.status}`}>{t(`status.${resource.status}`)}</span>
          {showStatus && <SaveStatusLine status={status} onResolveConflict={() => setConflictOpen(true)} />}
        </div>
        <WorkflowActions
          resource={resource}
          beforeTransition={() => (editable ? saver.flush() : Promise.resolve(true))}
          onTransition={onTransition}
        />
        <ExportButtons bulletinId={bulletinId} beforeExport={() => (editable ? saver.flush() : Promise.resolve())} />
        {resource.status === "published" && <ArchiveActions bulletinId={bulletinId} title={resource.title} />}
      </div>

      {resource.status === "changes_requested" && editable && history.events && (
        <ChangesRequestedBanner events={history.events} />
      )}
      {recovery && editable && (
        <RecoveryBanner
          draft={recovery}
          stale={recovery.baseVersion !== resource.version}
          onRestore={restoreRecovery}
          onDiscard={() => {
            localDrafts.clearRecovery(bulletinId);
            setRecovery(null);
          }}
        />
      )}
      {copyText && (
        <CopyPanel
          text={copyText}
          onClose={() => {
            localDrafts.clearCopy(bulletinId);
            setCopyText(null);
          }}
        />
      )}

      <div className="editor-columns">
        <div className="editor-main">
          {canReview && history.revisions && history.events && (
            <ReviewPanel
              bulletinId={bulletinId}
              currentVersion={resource.version}
              revisions={history.revisions}
              events={history.events}
            />
          )}
          {editable ? (
            <EditableSheet
              ref={sheetRef}
              draft={draft}
              onChange={change}
              number={resource.number}
              organization={organization}
              checks={resource.checks}
              initialBody={draft.body}
              bodyEpoch={bodyEpoch}
            />
          ) : (
            <>
              <p className="read-only-note">{readOnlyNote(resource, canReview)}</p>
              <ReadOnlySheet
                ref={sheetRef}
                bulletin={draft}
                number={resource.number}
                organization={organization}
                numberPending={resource.status !== "approved" && resource.status !== "published"}
              />
            </>
          )}
          <WordCountLine bulletin={draft} />
        </div>
        <aside className="editor-side" aria-label={t("panel.label")}>
          <ChecksPanel checks={resource.checks} editable={editable} />
          <CommentsPanel
            bulletinId={bulletinId}
            sheetRef={sheetRef}
            refreshKey={refreshKey}
            canComment={resource.abilities.includes("comment")}
            canResolve={resource.abilities.includes("resolve_comment")}
          />
          <HistoryPanel revisions={history.revisions} events={history.events} error={history.error} />
        </aside>
      </div>

      {conflictOpen && status.kind === "conflict" && (
        <ConflictDialog
          theirs={status.theirs}
          mine={draft}
          organization={organization}
          onKeepTheirs={() => resolveConflict("theirs")}
          onKeepMine={() => resolveConflict("mine")}
          onCopyFromBoth={() => resolveConflict("both")}
          onClose={() => setConflictOpen(false)}
        />
      )}
    </div>
  );
}
