import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import type { Anchor, BulletinResource } from "../../../shared/api/schemas";
import type { Bulletin } from "../../../shared/bulletin/schema";
import { bulletinContent, getBulletin, saveBulletin, type NewSuggestion } from "../api/endpoints";
import { ApiError } from "../api/http";
import { othersPresent, useLiveBulletin, usePresence } from "../api/live";
import { applyChange, bulletinKeys, queryErrorMessage, useBulletin, useComments, useEvents, useRevisions, useSuggestions } from "../api/queries";
import { ArchiveActions } from "../components/ArchiveActions";
import { ChangesRequestedBanner, CopiedFromLine, DeletedBanner, readOnlyNote } from "../components/BulletinBanners";
import { ChecksPanel } from "../components/ChecksPanel";
import { CommentsPanel, type SheetSelection } from "../components/CommentsPanel";
import { ConflictDialog } from "../components/ConflictDialog";
import { NewerVersionBanner, PublicationBanner } from "../components/BulletinBanners";
import { ReviewAssignment } from "../components/notifications/ReviewAssignment";
import { DistributeDialog } from "../components/distribution/DistributeDialog";
import { DistributionsPanel } from "../components/distribution/DistributionsPanel";
import { ExportButtons } from "../components/ExportButtons";
import { HistoryPanel } from "../components/HistoryPanel";
import { CopyPanel, RecoveryBanner } from "../components/RecoveryBanner";
import { ReviewPanel } from "../components/ReviewPanel";
import { SaveStatusLine } from "../components/SaveStatusLine";
import { useSession } from "../components/Session";
import { SuggestionsPanel } from "../components/SuggestionsPanel";
import { WorkflowActions } from "../components/WorkflowActions";
import { bulletinText } from "../editor/bulletin-text";
import { EditableSheet, type SheetHandle, type SheetMode } from "../editor/EditableSheet";
import { canonicalJson, localDrafts, type LocalDraft } from "../editor/local-drafts";
import { ReadOnlySheet } from "../editor/ReadOnlySheet";
import { useSaver } from "../editor/useSaver";
import { useSaveShortcut } from "../editor/useSaveShortcut";
import { WordCountLine } from "../editor/WordCountLine";
import { t } from "../i18n/es";
import "../components/review-panels.css";
import { startingPoint } from "./startingPoint";
import { useNewerVersion } from "./useNewerVersion";
import { useReviewActions } from "./useReviewActions";

export default function BulletinPage() {
  const idText = useParams().id ?? "";
  // Plain digits only, as the API reads them: `/boletines/1e1` names no bulletin (not bulletin 10).
  const valid = /^[1-9]\d{0,9}$/.test(idText) && Number(idText) <= 2_147_483_647;
  const bulletinId = valid ? Number(idText) : 0;
  const bulletin = useBulletin(bulletinId, valid);

  const notFound = !valid || (bulletin.error instanceof ApiError && bulletin.error.status === 404);
  if (notFound || bulletin.error) {
    return (
      <section className="page">
        <p className="form-error" role="alert">
          {notFound ? t("errors.bulletinNotFound") : queryErrorMessage(bulletin.error, t("editor.loadFailed"))}
        </p>
        <Link to="/boletines">{t("app.backHome")}</Link>
      </section>
    );
  }
  // The saver starts from this version: never from a cached copy another tab may have outdated.
  if (!bulletin.data || !bulletin.isFetchedAfterMount) return <p className="loading">{t("app.loading")}</p>;
  return <BulletinScreen key={bulletinId} initial={bulletin.data} />;
}

/** `loaded`: the resource as first fetched; the cache moves on with every save, this screen's start does not. */
function BulletinScreen({ initial: loaded }: { initial: BulletinResource }) {
  const [initial] = useState(loaded);
  const { organization, user } = useSession();
  const client = useQueryClient();
  const navigate = useNavigate();
  const bulletinId = initial.id;
  const [readerView, setReaderView] = useState(false);
  const resource = useBulletin(bulletinId, true, readerView).data ?? initial;
  const [start] = useState(() => startingPoint(bulletinId, initial));
  const [bodyEpoch, setBodyEpoch] = useState(0);
  const [conflictOpen, setConflictOpen] = useState(false);
  const [copyText, setCopyText] = useState(() => localDrafts.readCopy(bulletinId));
  const [recovery, setRecovery] = useState<LocalDraft | null>(start.recovery);
  const [suggesting, setSuggesting] = useState(false);
  const [suggestError, setSuggestError] = useState<string | null>(null);
  const [activeCommentId, setActiveCommentId] = useState<number | null>(null);
  const [activeSuggestionId, setActiveSuggestionId] = useState<number | null>(null);
  const [hasSelection, setHasSelection] = useState(false);
  const selection = useRef<SheetSelection | null>(null);
  const sheetRef = useRef<HTMLElement>(null);
  const sheetHandle = useRef<SheetHandle | null>(null);

  const { saver, status, draft } = useSaver({
    bulletinId,
    version: initial.version,
    content: bulletinContent(initial),
    save: (content, version) => saveBulletin(bulletinId, content, version),
    loadCurrent: () => getBulletin(bulletinId),
    onSaved: (saved) => void applyChange(client, bulletinId, "saved", saved),
  });

  const editable = resource.allowedActions.includes("edit") && !resource.deletedAt;
  const canSuggest = resource.abilities.includes("suggest") && !resource.deletedAt;
  const canReview = resource.allowedActions.includes("approve") || resource.allowedActions.includes("request_changes");
  const canDistribute = resource.abilities.includes("distribute") && !resource.deletedAt;
  const [distributing, setDistributing] = useState(false);
  const [distributed, setDistributed] = useState<string | null>(null);
  const mode: SheetMode = suggesting && canSuggest ? "suggest" : editable ? "edit" : "read";
  // Approved and published bulletins read as printed; until then the text carries its
  // suggestions and commented passages for whoever reads it (the author deciding included).
  const settled = resource.status === "approved" || resource.status === "published";

  // Live updates and presence (issue 10): the writer's and the suggester's pages own their text.
  // Someone saving over a page that owns its text is offered as `Cargar la versión nueva`, never put under the caret.
  const newerCheck = useRef<() => void>(() => undefined);
  const connected = useLiveBulletin(bulletinId, mode === "edit" ? "editing" : canReview || canSuggest ? "reviewing" : "reading", mode !== "read", () =>
    newerCheck.current(),
  );
  const newer = useNewerVersion({ bulletinId, saver, owns: mode !== "read", connected });
  newerCheck.current = newer.check;
  const present = othersPresent(usePresence(bulletinId).data, user?.id);

  const comments = useComments(bulletinId);
  const suggestions = useSuggestions(bulletinId);
  const revisions = useRevisions(bulletinId);
  const events = useEvents(bulletinId);

  /** Puts content from the server (accepted suggestions, a restored revision) into the saver and every field. */
  function replaceContent(next: BulletinResource) {
    saver.rebase(next);
    setBodyEpoch((epoch) => epoch + 1);
  }

  const actions = useReviewActions({ bulletinId, saver, editable, replaceContent });

  // Someone reading (not writing, not suggesting) follows the text as it changes: accepted
  // suggestions, the author's edits. A writer's saver owns the text; a suggester's pending
  // suggestion would be lost.
  useEffect(() => setReaderView(mode === "read"), [mode]);
  useEffect(() => {
    if (mode !== "read" || resource.version === saver.getVersion() || saver.hasUnsavedChanges()) return;
    if (canonicalJson(bulletinContent(resource)) !== canonicalJson(bulletinContent(saver.getTyped()))) setBodyEpoch((epoch) => epoch + 1);
    saver.rebase(resource);
  }, [mode, resource, saver]);

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

  // Ctrl+S saves now; on a sheet that cannot be edited it only keeps the browser's dialog away.
  useSaveShortcut(() => (editable ? saver.flush() : undefined));

  function change(changes: Partial<Bulletin>) {
    // In suggest mode the sheet records suggestions; its text is never saved directly.
    if (mode !== "edit") return;
    saver.patch(changes);
  }

  // A key in the body costs nothing that grows with it: the saver reads the body once typing pauses.
  function bodyTyping(read: () => Bulletin["body"]) {
    if (mode === "edit") saver.typing(() => ({ body: read() }));
  }

  function keepTheirs(theirs: BulletinResource) {
    saver.acceptTheirs(theirs);
    client.setQueryData(bulletinKeys.resource(bulletinId), theirs);
    setBodyEpoch((epoch) => epoch + 1);
    setConflictOpen(false);
  }

  function resolveConflict(choice: "theirs" | "mine" | "both") {
    if (status.kind !== "conflict") return;
    const theirs = status.theirs;
    if (choice === "mine") {
      client.setQueryData(bulletinKeys.resource(bulletinId), theirs);
      saver.keepMine(theirs);
      setConflictOpen(false);
      return;
    }
    if (choice === "both") {
      const text = bulletinText(saver.current());
      localDrafts.writeCopy(bulletinId, text);
      setCopyText(text);
    }
    keepTheirs(theirs);
  }

  function restoreRecovery() {
    if (!recovery) return;
    if (recovery.baseVersion !== resource.version) saver.raiseConflict(resource);
    saver.update(recovery.content);
    setBodyEpoch((epoch) => epoch + 1);
    localDrafts.clearRecovery(bulletinId);
    setRecovery(null);
  }

  async function toggleSuggesting() {
    // What was typed directly is saved before the sheet starts recording suggestions on top of it.
    if (!suggesting && editable && !(await saver.flush())) {
      setSuggestError(t("history.restoreUnsaved"));
      return;
    }
    setSuggestError(null);
    setSuggesting(!suggesting);
  }

  async function suggest(input: Omit<NewSuggestion, "revision">): Promise<void> {
    setSuggestError(null);
    try {
      await actions.suggest(input);
    } catch (failure) {
      setSuggestError(t("suggest.failed", { message: failure instanceof Error ? failure.message : String(failure) }));
      throw failure;
    }
  }

  const openSuggestions = useMemo(() => (suggestions.data ?? []).filter((item) => item.status === "open"), [suggestions.data]);
  const anchors = useMemo(
    () =>
      (comments.data ?? [])
        .filter((thread) => thread.anchor && !thread.resolved)
        .map((thread) => ({ id: thread.id, ...(thread.anchor as Anchor) })),
    [comments.data],
  );

  // The editor's review props (EditableSheet: mode, suggestions, anchors, focus and selection callbacks, sheetHandle).
  const reviewProps = {
    mode,
    suggestions: suggestions.data,
    anchors,
    userName: user?.name ?? null,
    activeCommentId,
    activeSuggestionId,
    onSuggest: suggest,
    onFocusComment: (id: number | null) => setActiveCommentId(id),
    onFocusSuggestion: (id: number | null) => setActiveSuggestionId(id),
    onSelectionChange: (selected: SheetSelection | null) => {
      selection.current = selected;
      setHasSelection(selected !== null && selected.to > selected.from);
    },
    sheetHandle,
  };

  const showStatus = editable || status.kind !== "saved";
  const historyError = queryErrorMessage(revisions.error ?? events.error, t("errors.unexpected"));

  return (
    <div className="editor-page">
      <div className="editor-topbar">
        <div className="editor-topbar-info">
          <span className={`status-badge status-${resource.status}`}>{t(`status.${resource.status}`)}</span>
          {present.length > 0 && (
            <span className="presence-line" aria-live="polite">
              {present.map((item) => t(`live.${item.activity}`, { name: item.name })).join(" · ")}
            </span>
          )}
          {showStatus && <SaveStatusLine status={status} userId={user?.id} onResolveConflict={() => setConflictOpen(true)} />}
          <CopiedFromLine copiedFrom={resource.copiedFrom ?? null} />
        </div>
        {canSuggest && (
          <button
            type="button"
            className="switch-button"
            aria-pressed={mode === "suggest"}
            aria-describedby="sugerir-ayuda"
            onClick={() => void toggleSuggesting()}
          >
            <span className="switch-track" aria-hidden="true" />
            {t("suggest.toggle")}
          </button>
        )}
        <WorkflowActions
          resource={resource}
          beforeTransition={() => (editable ? saver.flush() : Promise.resolve(true))}
          onTransition={(next) => {
            saver.rebase(next);
            void actions.transitioned(next);
          }}
          onDelete={async () => {
            await actions.remove();
            navigate("/boletines");
          }}
        />
        <ExportButtons bulletinId={bulletinId} beforeExport={() => (editable ? saver.flush() : Promise.resolve())} />
        {canDistribute && (
          <button type="button" className="button-primary" onClick={() => setDistributing(true)}>
            {t("distribute.button")}
          </button>
        )}
        {resource.status === "published" && <ArchiveActions bulletinId={bulletinId} title={resource.title} />}
      </div>

      {distributed && (
        <p className="action-message" role="status">
          {distributed}
        </p>
      )}
      {distributing && (
        <DistributeDialog
          resource={resource}
          onClose={() => setDistributing(false)}
          onSent={(message) => {
            setDistributing(false);
            setDistributed(message);
          }}
        />
      )}
      <DeletedBanner resource={resource} onRestore={actions.restoreDeleted} />
      <PublicationBanner resource={resource} />
      {newer.newer && (
        <NewerVersionBanner
          newer={newer.newer}
          status={resource.status}
          userId={user?.id}
          onLoad={() => {
            const theirs = newer.newer!;
            // Unsaved edits of mine: the conflict dialog shows both texts; none: theirs comes on screen.
            if (saver.hasUnsavedChanges()) saver.raiseConflict(theirs);
            else keepTheirs(theirs);
            newer.dismiss();
          }}
          onDismiss={newer.dismiss}
        />
      )}
      <ReviewAssignment resource={resource} />
      {canSuggest && (
        <p id="sugerir-ayuda" className={mode === "suggest" ? "suggest-note" : "visually-hidden"}>
          {editable ? t("suggest.toggleHintAuthor") : t("suggest.toggleHintReviewer")}
        </p>
      )}
      {suggestError && (
        <p className="form-error" role="alert">
          {suggestError}
        </p>
      )}
      {resource.status === "changes_requested" && editable && events.data && <ChangesRequestedBanner events={events.data} />}
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
          {canReview && revisions.data && events.data && (
            <ReviewPanel bulletinId={bulletinId} currentVersion={resource.version} revisions={revisions.data} events={events.data} />
          )}
          {mode === "read" && !resource.deletedAt && <p className="read-only-note">{readOnlyNote(resource, canReview)}</p>}
          {/* Reviewing (suggesting, commenting on passages) happens on the editor's sheet; a settled bulletin reads as printed. */}
          {mode !== "read" || canSuggest || !settled ? (
            <EditableSheet
              ref={sheetRef}
              draft={draft}
              onChange={change}
              onBodyTyping={bodyTyping}
              number={resource.number}
              organization={organization}
              checks={resource.checks}
              initialBody={start.typed.body}
              bodyEpoch={bodyEpoch}
              numberPending={resource.status !== "approved" && resource.status !== "published"}
              {...reviewProps}
            />
          ) : (
            <ReadOnlySheet
              ref={sheetRef}
              bulletin={draft}
              number={resource.number}
              organization={organization}
              numberPending={resource.status !== "approved" && resource.status !== "published"}
            />
          )}
          <WordCountLine bulletin={draft} />
        </div>
        <aside className="editor-side" aria-label={t("panel.label")}>
          <ChecksPanel checks={resource.checks} editable={editable} />
          {settled && <DistributionsPanel bulletinId={bulletinId} canDistribute={canDistribute} />}
          {(canSuggest || (suggestions.data ?? []).length > 0) && (
            <SuggestionsPanel
              suggestions={suggestions.data}
              canDecide={resource.abilities.includes("decide_suggestion")}
              activeId={activeSuggestionId}
              onFocus={(item) => {
                setActiveSuggestionId(item.id);
                if (item.status === "open") sheetHandle.current?.reveal({ field: item.field as Anchor["field"], from: item.from, to: item.to });
              }}
              onDecide={actions.decide}
            />
          )}
          <CommentsPanel
            threads={comments.data}
            error={queryErrorMessage(comments.error, t("errors.unexpected"))}
            selection={selection}
            hasSelection={hasSelection}
            sheetRef={sheetRef}
            canComment={resource.abilities.includes("comment")}
            canResolve={resource.abilities.includes("resolve_comment")}
            activeId={activeCommentId}
            onActivate={(thread) => {
              setActiveCommentId(thread.id);
              if (thread.anchor) sheetHandle.current?.reveal(thread.anchor as Anchor);
            }}
            onAdd={actions.comment}
            onResolve={actions.resolveThread}
          />
          <HistoryPanel
            bulletinId={bulletinId}
            revisions={revisions.data}
            events={events.data}
            error={historyError}
            currentVersion={resource.version}
            number={resource.number}
            organization={organization}
            canRestore={editable}
            restoreHint={!editable && resource.allowedActions.includes("withdraw") ? t("history.restoreWithdrawFirst") : null}
            onRestore={actions.restoreVersion}
          />
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
