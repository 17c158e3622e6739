import { useQueryClient } from "@tanstack/react-query";
import type { BulletinResource, Comment } from "../../../shared/api/schemas";
import {
  addComment,
  addSuggestion,
  decideAllSuggestions,
  decideSuggestion,
  deleteBulletin,
  getBulletin,
  restoreBulletin,
  restoreRevision,
  setCommentResolved,
  type NewComment,
  type NewSuggestion,
} from "../api/endpoints";
import { ApiError } from "../api/http";
import { applyChange, bulletinKeys } from "../api/queries";
import type { SuggestionDecisionRequest } from "../components/SuggestionsPanel";
import type { BulletinSaver } from "../editor/saver";
import { t } from "../i18n/es";

/**
 * The page's writes besides autosave: comments, suggestions and their decisions,
 * restoring a revision, deleting and restoring the draft. Each one puts the server's
 * answer in the query cache and invalidates what it made stale; the ones that write a
 * new revision hand its content to `replaceContent` (the saver and the fields).
 * Every function throws an Error with the server's Spanish message when refused.
 */
export function useReviewActions({ bulletinId, saver, editable, replaceContent }: {
  bulletinId: number;
  saver: BulletinSaver;
  editable: boolean;
  replaceContent: (resource: BulletinResource) => void;
}) {
  const client = useQueryClient();
  // The version of the text on screen, which the offsets were taken on: the cache may already hold a
  // newer one (a refetch on reconnect or after signing in again) that a sheet being suggested on does not show.
  const currentVersion = () => saver.getVersion();

  /** Offsets and If-Match refer to the saved revision: what was typed goes first. */
  async function settleTyping(): Promise<void> {
    if (editable && !(await saver.flush())) throw new Error(t("history.restoreUnsaved"));
  }

  /**
   * The server wrote a new text (an accepted suggestion, a restore). What was typed after the
   * flush that preceded the request is not in it: rather than drop that typing, the conflict
   * dialog offers both versions.
   */
  function takeServerText(next: BulletinResource): void {
    if (editable && saver.hasUnsavedChanges()) saver.raiseConflict(next);
    else replaceContent(next);
  }

  return {
    async comment(comment: NewComment): Promise<void> {
      if (comment.anchor) await settleTyping();
      // The offsets are of the text on screen: the server carries them to the current text if it moved on.
      const added = await addComment(bulletinId, comment.anchor ? { ...comment, revision: currentVersion() } : comment);
      // Shown at once; the refetch then brings the server's view (anchors, other people's comments).
      client.setQueryData<Comment[]>(bulletinKeys.part(bulletinId, "comments"), (threads) =>
        comment.parentId === undefined
          ? [...(threads ?? []), { ...added, replies: added.replies ?? [] }]
          : threads?.map((thread) => (thread.id === added.parentId ? { ...thread, replies: [...thread.replies, added] } : thread)),
      );
      void applyChange(client, bulletinId, "comment");
    },

    async resolveThread(thread: Comment, resolved: boolean): Promise<void> {
      await setCommentResolved(bulletinId, thread.id, resolved);
      await applyChange(client, bulletinId, "comment");
    },

    async suggest(input: Omit<NewSuggestion, "revision">): Promise<void> {
      await settleTyping();
      try {
        await addSuggestion(bulletinId, { ...input, revision: currentVersion() });
      } catch (failure) {
        // The text moved under the suggestion (someone saved): show the current text, nothing typed is lost.
        if (failure instanceof ApiError && failure.code === "version_conflict" && !saver.hasUnsavedChanges()) {
          const current = await getBulletin(bulletinId);
          replaceContent(current);
          await applyChange(client, bulletinId, "saved", current);
        }
        throw failure;
      }
      await applyChange(client, bulletinId, "suggestion");
    },

    async decide(request: SuggestionDecisionRequest): Promise<string> {
      await settleTyping();
      let result;
      try {
        result =
          request.kind === "one"
            ? await decideSuggestion(bulletinId, request.id, request.decision)
            : await decideAllSuggestions(bulletinId, request.decision);
      } catch (failure) {
        // A refusal may have marked the suggestion outdated: the panel shows it as it is now.
        void applyChange(client, bulletinId, "suggestion");
        throw failure;
      }
      if (request.decision === "accept") takeServerText(result.bulletin);
      await applyChange(client, bulletinId, "decision", result.bulletin);
      if (request.decision === "accept") return request.kind === "one" ? t("suggestions.accepted") : t("suggestions.acceptedAll");
      return request.kind === "one" ? t("suggestions.rejected") : t("suggestions.rejectedAll");
    },

    async restoreVersion(version: number): Promise<string> {
      await settleTyping();
      const restored = await restoreRevision(bulletinId, version, currentVersion());
      takeServerText(restored);
      await applyChange(client, bulletinId, "restore_revision", restored);
      return t("history.restored", { version });
    },

    async remove(): Promise<void> {
      const deleted = await deleteBulletin(bulletinId);
      await applyChange(client, bulletinId, "delete", deleted);
    },

    async restoreDeleted(): Promise<void> {
      const restored = await restoreBulletin(bulletinId);
      await applyChange(client, bulletinId, "transition", restored);
    },

    /** After a workflow transition: the resource moved, the typed text did not. */
    async transitioned(next: BulletinResource): Promise<void> {
      await applyChange(client, bulletinId, "transition", next);
    },
  };
}
