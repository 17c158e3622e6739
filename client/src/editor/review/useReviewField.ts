import type { Editor } from "@tiptap/react";
import { useContext, useEffect, useMemo, useRef } from "react";
import type { ReviewField } from "../../../../shared/review/fields";
import { ReviewContext } from "./ReviewContext";
import { reviewPlugin, reviewPluginKey, setReviewDisplay, type ReviewCallbacks, type ReviewDisplay } from "./review-plugin";

const noCallbacks = { current: {} as ReviewCallbacks };

/**
 * Puts a field editor under the sheet's review layer: the review plugin for `field`
 * (first, so suggest mode sees keys before the editor's keymaps), this field's open
 * suggestions and anchors, and the mode (read: not editable). Outside a sheet with
 * review (an editor on its own) the field just edits.
 */
export function useReviewField(editor: Editor, field: ReviewField) {
  const review = useContext(ReviewContext);
  const mode = review?.mode ?? "edit";
  const suggestions = useMemo(
    () => (review?.suggestions ?? []).filter((suggestion) => suggestion.field === field && suggestion.status === "open"),
    [review?.suggestions, field],
  );
  const anchors = useMemo(() => (review?.anchors ?? []).filter((anchor) => anchor.field === field), [review?.anchors, field]);
  const activeCommentId = review?.activeCommentId ?? null;
  const activeSuggestionId = review?.activeSuggestionId ?? null;
  const userName = review?.userName ?? null;
  const display = useMemo<ReviewDisplay>(
    () => ({ mode, suggestions, anchors, activeCommentId, activeSuggestionId, userName }),
    [mode, suggestions, anchors, activeCommentId, activeSuggestionId, userName],
  );
  const displayRef = useRef(display);
  displayRef.current = display;
  const callbacks = review?.callbacks ?? noCallbacks;
  const editors = review?.editors;

  useEffect(() => {
    editor.registerPlugin(reviewPlugin(field, callbacks, displayRef.current), (plugin, plugins) => [plugin, ...plugins]);
    editors?.set(field, editor);
    return () => {
      if (editors?.get(field) === editor) editors.delete(field);
      if (!editor.isDestroyed) editor.unregisterPlugin(reviewPluginKey);
    };
  }, [editor, field, callbacks, editors]);

  useEffect(() => {
    if (!editor.isDestroyed) setReviewDisplay(editor.view, display);
  }, [editor, display]);

  useEffect(() => {
    if (editor.isEditable !== (mode !== "read")) editor.setEditable(mode !== "read", false);
  }, [editor, mode]);
}
