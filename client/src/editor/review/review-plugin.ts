import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { Plugin, PluginKey, TextSelection, type EditorState } from "@tiptap/pm/state";
import type { DecorationSet, EditorView } from "@tiptap/pm/view";
import type { Suggestion } from "../../../../shared/api/schemas";
import type { ReviewField } from "../../../../shared/review/fields";
import { addEdit, deleteBackward, deleteForward, editBetween, touchesPending, type EditStep, type TextEdit } from "./pending-suggestion";
import { reviewDecorations } from "./review-decorations";
import { fieldTextMap, type FieldTextMap } from "./text-offsets";

/** `edit`: the text changes as typed; `suggest`: typing becomes suggestions, the text stays; `read`: nothing changes. */
export type SheetMode = "edit" | "suggest" | "read";

/** A comment thread's passage (`Comment.anchor`), offsets in its field's plain text. */
export interface PassageAnchor {
  id: number;
  field: string;
  from: number;
  to: number;
}

/** What `onSuggest` receives: the body of `POST /api/bulletins/:id/suggestions`. */
export interface SuggestionInput {
  field: ReviewField;
  from: number;
  to: number;
  insert: string;
}

/** A non-empty selection in one field, for the `Comentar` button. */
export interface SheetSelection {
  field: ReviewField;
  from: number;
  to: number;
  quote: string;
}

export interface ReviewCallbacks {
  /** Sends a finished suggestion; the pending one stays drawn until this settles. */
  onSuggest?: (input: SuggestionInput) => Promise<void>;
  onFocusComment?: (id: number) => void;
  onFocusSuggestion?: (id: number) => void;
  onSelectionChange?: (selection: SheetSelection | null) => void;
}

/** What one field shows: its open suggestions and comment anchors, and the mode. */
export interface ReviewDisplay {
  mode: SheetMode;
  suggestions: Suggestion[];
  anchors: PassageAnchor[];
  activeCommentId: number | null;
  activeSuggestionId: number | null;
  /** The signed-in user, named in the title of a suggestion not sent yet. */
  userName: string | null;
}

interface ReviewState {
  display: ReviewDisplay;
  pending: TextEdit | null;
  /** Suggestions sent and not answered yet: still drawn so nothing blinks away. */
  sending: TextEdit[];
  decorations: DecorationSet;
}

type ReviewMeta = Partial<Pick<ReviewState, "display" | "pending" | "sending">>;

export const reviewPluginKey = new PluginKey<ReviewState>("bulletinReview");

/** Meta of a transaction that loads content from outside: the only doc change suggest and read modes let through. */
export const CONTENT_LOAD_META = "bulletinContentLoad";
/** Meta of the transaction that puts the base text back after a composition in suggest mode. */
const REVERT_META = "bulletinReviewRevert";

const SEND_AFTER_MS = 1000;

const textMaps = new WeakMap<ProseMirrorNode, FieldTextMap>();
function textMapOf(doc: ProseMirrorNode, field: ReviewField): FieldTextMap {
  let map = textMaps.get(doc);
  if (!map) textMaps.set(doc, (map = fieldTextMap(doc, field)));
  return map;
}

/** Per field: which plugin instance talks to which view (sending, timers). */
const controllers = new WeakMap<EditorView, { flush: () => void }>();

/** Sends the field's pending suggestion now (Enter in a one-line field). */
export function flushPendingSuggestion(view: EditorView): void {
  controllers.get(view)?.flush();
}

/** Updates what a field shows (new suggestions, anchors, mode). */
export function setReviewDisplay(view: EditorView, display: ReviewDisplay): void {
  if (!reviewPluginKey.getState(view.state)) return;
  const tr = view.state.tr.setMeta(reviewPluginKey, { display } satisfies ReviewMeta);
  // A click on a highlighted passage changes the display (its comment becomes the active one)
  // before ProseMirror has read where the click put the caret; dispatching with its old
  // selection would put the caret back. Take the page's selection along.
  if (view.hasFocus() && !view.composing) {
    const { from, to } = currentSelection(view);
    if (from !== view.state.selection.from || to !== view.state.selection.to) {
      const anchorFirst = view.state.selection.anchor <= view.state.selection.head;
      tr.setSelection(TextSelection.create(view.state.doc, anchorFirst ? from : to, anchorFirst ? to : from));
    }
  }
  view.dispatch(tr);
}

/** Views selecting a passage for a comment: that selection is not the user's, so it offers no `Comentar`. */
const revealing = new WeakSet<EditorView>();

/** Selects `[from, to)` of the field's plain text and scrolls it into view (a comment was clicked). */
export function revealPassage(view: EditorView, field: ReviewField, from: number, to: number): void {
  const map = textMapOf(view.state.doc, field);
  const start = map.toPos(from);
  const end = map.toPos(Math.max(from, to));
  revealing.add(view);
  try {
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, start, end)).scrollIntoView());
  } finally {
    revealing.delete(view);
  }
  if (view.editable) view.focus();
  else {
    // A read-only view does not draw its selection itself.
    const anchor = view.domAtPos(start);
    const head = view.domAtPos(end);
    document.getSelection()?.setBaseAndExtent(anchor.node, anchor.offset, head.node, head.offset);
  }
  const at = view.domAtPos(start).node;
  (at instanceof Element ? at : at.parentElement)?.scrollIntoView({ block: "center" });
}

/**
 * The review layer of one field editor (body or one-line), configured with its
 * ReviewField name: suggestions and comment anchors drawn as decorations over the
 * unchanged text, and in suggest mode every edit turned into a pending suggestion
 * (`filterTransaction` refuses any doc change that is not a content load).
 * ProseMirror decorations rather than suggestion marks in the document: the body's
 * schema stays exactly bulletinExtensions(), and suggestions live on the server.
 */
export function reviewPlugin(field: ReviewField, callbacks: { current: ReviewCallbacks }, initial: ReviewDisplay): Plugin<ReviewState> {
  let editorView: EditorView | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // The text before a composition began (an accent typed with a dead key, an IME): the browser
  // must be left to compose in the page, so the document follows it until it ends.
  let compositionBase: ProseMirrorNode | null = null;

  const stateOf = (state: EditorState) => reviewPluginKey.getState(state)!;

  function send(edit: TextEdit) {
    const settle = (failed: boolean) => {
      const view = editorView;
      if (!view) return;
      const review = stateOf(view.state);
      if (!review.sending.includes(edit)) return;
      const meta: ReviewMeta = { sending: review.sending.filter((item) => item !== edit) };
      // Refused (the page says why): what was typed stays pending, sent again on the next pause, move or blur.
      if (failed && !review.pending && review.display.mode === "suggest") meta.pending = edit;
      view.dispatch(view.state.tr.setMeta(reviewPluginKey, meta));
    };
    const request = callbacks.current.onSuggest?.({ field, ...edit }) ?? Promise.resolve();
    request.then(() => settle(false), () => settle(true));
  }

  function flush() {
    clearTimeout(timer);
    const view = editorView;
    if (!view) return;
    const { pending, sending } = stateOf(view.state);
    if (!pending) return;
    view.dispatch(view.state.tr.setMeta(reviewPluginKey, { pending: null, sending: [...sending, pending] } satisfies ReviewMeta));
    send(pending);
  }

  /** Puts an edit step into the state: the new pending suggestion, the caret, and sends what was finished. */
  function run(view: EditorView, step: EditStep) {
    const { sending } = stateOf(view.state);
    const map = textMapOf(view.state.doc, field);
    const caret = map.toPos(step.caret);
    const transaction = view.state.tr
      .setMeta(reviewPluginKey, { pending: step.pending, sending: step.flushed ? [...sending, step.flushed] : sending } satisfies ReviewMeta)
      .setSelection(TextSelection.create(view.state.doc, caret))
      .scrollIntoView();
    view.dispatch(transaction);
    if (step.flushed) send(step.flushed);
    clearTimeout(timer);
    if (step.pending) timer = setTimeout(flush, SEND_AFTER_MS);
  }

  function replaceSelection(view: EditorView, text: string, from = currentSelection(view).from, to = currentSelection(view).to) {
    const map = textMapOf(view.state.doc, field);
    const insert = field === "body" ? text.replace(/\r\n?/g, "\n") : text.replace(/\s*[\r\n]+\s*/g, " ");
    run(view, addEdit(stateOf(view.state).pending, { from: map.toOffset(from), to: map.toOffset(to), insert }));
  }

  /** A composition ended: its text becomes a suggestion and the document goes back to the base text. */
  function settleComposition() {
    const view = editorView;
    const base = compositionBase;
    compositionBase = null;
    if (!view || !base || view.composing) return;
    const current = view.state.doc;
    const before = textMapOf(base, field).text;
    const edit = editBetween(before, textMapOf(current, field).text, before.length);
    const start = current.content.findDiffStart(base.content);
    if (start !== null) {
      let { a: endCurrent, b: endBase } = current.content.findDiffEnd(base.content)!;
      const overlap = start - Math.min(endCurrent, endBase);
      if (overlap > 0) {
        endCurrent += overlap;
        endBase += overlap;
      }
      view.dispatch(view.state.tr.replace(start, endCurrent, base.slice(start, endBase)).setMeta(REVERT_META, true).setMeta("addToHistory", false));
    }
    if (edit && suggesting(view.state)) run(view, addEdit(stateOf(view.state).pending, edit));
  }

  function suggesting(state: EditorState) {
    return stateOf(state).display.mode === "suggest";
  }

  return new Plugin<ReviewState>({
    key: reviewPluginKey,
    state: {
      init: (_, state) => ({
        display: initial,
        pending: null,
        sending: [],
        decorations: reviewDecorations(state.doc, () => textMapOf(state.doc, field), initial, null, []),
      }),
      apply(transaction, value, _old, state) {
        const meta = transaction.getMeta(reviewPluginKey) as ReviewMeta | undefined;
        const loaded = transaction.docChanged && transaction.getMeta(CONTENT_LOAD_META);
        if (transaction.getMeta(REVERT_META)) return { ...value, decorations: reviewDecorations(state.doc, () => textMapOf(state.doc, field), value.display, value.pending, value.sending) };
        if (!meta && !loaded) {
          return transaction.docChanged ? { ...value, decorations: value.decorations.map(transaction.mapping, transaction.doc) } : value;
        }
        // Offsets of a pending suggestion refer to the text it was typed on.
        const next = { ...value, ...(loaded ? { pending: null, sending: [] } : {}), ...meta };
        return { ...next, decorations: reviewDecorations(state.doc, () => textMapOf(state.doc, field), next.display, next.pending, next.sending) };
      },
    },
    filterTransaction(transaction, state) {
      if (!transaction.docChanged || transaction.getMeta(CONTENT_LOAD_META) || transaction.getMeta(REVERT_META)) return true;
      const review = reviewPluginKey.getState(state);
      if (!review || review.display.mode === "edit") return true;
      // Undo has nothing of suggest mode to undo; anything else (paste, cut, drop, a spelling fix) becomes a suggestion.
      if (review.display.mode === "suggest" && (compositionBase || editorView?.composing)) {
        compositionBase ??= state.doc;
        return true;
      }
      if (review.display.mode === "suggest" && transaction.getMeta("history$") === undefined) {
        const before = textMapOf(state.doc, field);
        const start = transaction.before.content.findDiffStart(transaction.doc.content) ?? 0;
        const edit = editBetween(before.text, textMapOf(transaction.doc, field).text, before.toOffset(start));
        if (edit) {
          queueMicrotask(() => {
            if (editorView && suggesting(editorView.state)) run(editorView, addEdit(stateOf(editorView.state).pending, edit));
          });
        }
      }
      return false;
    },
    props: {
      decorations: (state) => reviewPluginKey.getState(state)?.decorations,
      handleKeyDown(view, event) {
        if (!suggesting(view.state) || compositionBase || view.composing) return false;
        const { pending } = stateOf(view.state);
        const map = textMapOf(view.state.doc, field);
        const selection = currentSelection(view);
        const byWord = event.ctrlKey || event.altKey;
        if (event.key === "Backspace" || event.key === "Delete") {
          if (selection.from !== selection.to) replaceSelection(view, "");
          else if (event.key === "Backspace") run(view, deleteBackward(pending, map.toOffset(selection.from), map.text, byWord));
          else run(view, deleteForward(pending, map.toOffset(selection.from), map.text, byWord));
          return true;
        }
        if (event.key === "Enter") {
          if (field === "body") replaceSelection(view, "\n");
          else flush();
          return true;
        }
        return false;
      },
      handleTextInput(view, from, to, text) {
        if (!suggesting(view.state) || compositionBase || view.composing) return false;
        replaceSelection(view, text, from, to);
        return true;
      },
      handleDOMEvents: {
        // Typing is caught before the browser changes the page (it could type into a suggestion's widget).
        beforeinput(view, event) {
          if (!suggesting(view.state) || compositionBase || view.composing) return false;
          const input = event as InputEvent;
          const text = input.data ?? input.dataTransfer?.getData("text/plain") ?? null;
          if (input.inputType === "insertText" && text !== null) {
            event.preventDefault();
            replaceSelection(view, text);
            return true;
          }
          if (input.inputType === "insertReplacementText" && text !== null) {
            event.preventDefault();
            const [range] = input.getTargetRanges();
            if (range) replaceSelection(view, text, view.posAtDOM(range.startContainer, range.startOffset), view.posAtDOM(range.endContainer, range.endOffset));
            else replaceSelection(view, text);
            return true;
          }
          return false;
        },
        compositionend() {
          // After ProseMirror has read the composed text (it waits a moment after the event).
          if (compositionBase) setTimeout(settleComposition, 60);
          return false;
        },
        blur() {
          if (compositionBase) settleComposition();
          flush();
          return false;
        },
        click(_view, event) {
          const target = event.target instanceof Element ? event.target : null;
          const suggestion = target?.closest<HTMLElement>("[data-suggestion-id]");
          if (suggestion) callbacks.current.onFocusSuggestion?.(Number(suggestion.dataset.suggestionId));
          const comment = target?.closest<HTMLElement>("[data-comment-id]");
          if (comment) callbacks.current.onFocusComment?.(Number(comment.dataset.commentId));
          return false;
        },
      },
    },
    view(view) {
      editorView = view;
      controllers.set(view, { flush });
      return {
        update(current, previous) {
          if (current.state.selection.eq(previous.selection)) return;
          const { selection } = current.state;
          const review = stateOf(current.state);
          // The text map is built only when needed: typing in a long body must not walk it at every key.
          const map = () => textMapOf(current.state.doc, field);
          // Moving elsewhere finishes the suggestion being typed.
          if (review.pending && review.display.mode === "suggest" && !(selection.empty && touchesPending(review.pending, map().toOffset(selection.from)))) {
            queueMicrotask(flush);
          }
          if (revealing.has(current)) return;
          if (selection.empty) {
            if (!previous.selection.empty) callbacks.current.onSelectionChange?.(null);
            return;
          }
          const from = map().toOffset(selection.from);
          const to = map().toOffset(selection.to);
          if (to > from) callbacks.current.onSelectionChange?.({ field, from, to, quote: map().text.slice(from, to) });
        },
        destroy() {
          clearTimeout(timer);
          editorView = null;
          controllers.delete(view);
        },
      };
    },
  });
}

/**
 * Where the user's selection is now. ProseMirror reads the page's selection when the
 * browser reports it, after the keys that moved it: a key or input handled right
 * after (End, then typing) must read the page's own.
 */
export function currentSelection(view: EditorView): { from: number; to: number } {
  const selection = view.dom.ownerDocument.getSelection();
  const { anchorNode, focusNode } = selection ?? {};
  if (selection && anchorNode && focusNode && view.dom.contains(anchorNode) && view.dom.contains(focusNode)) {
    try {
      const anchor = view.posAtDOM(anchorNode, selection.anchorOffset);
      const head = view.posAtDOM(focusNode, selection.focusOffset);
      return { from: Math.min(anchor, head), to: Math.max(anchor, head) };
    } catch {
      // A point ProseMirror cannot place (inside a widget): its own selection then.
    }
  }
  return { from: view.state.selection.from, to: view.state.selection.to };
}
