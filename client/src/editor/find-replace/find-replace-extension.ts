import { Extension } from "@tiptap/core";
import { Plugin, PluginKey, TextSelection, type EditorState, type Transaction } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import { findMatches, mapMatches, type FindMatch, type FindOptions } from "./find-matches";

export interface FindState extends FindOptions {
  open: boolean;
  /** Goes up on every Ctrl+F, so the bar focuses its search box again. */
  openCount: number;
  query: string;
  matches: FindMatch[];
  /** Index of the current match in `matches` (0 when there is none). */
  current: number;
}

type FindMeta = Partial<Pick<FindState, "open" | "openCount" | "query" | "matchCase" | "matchAccents" | "current">>;

export const findReplaceKey = new PluginKey<FindState>("findReplace");

const CLOSED: FindState = { open: false, openCount: 0, query: "", matchCase: false, matchAccents: true, matches: [], current: 0 };

/** The find state of `state` (closed when the plugin is not there). */
export function findState(state: EditorState): FindState {
  return findReplaceKey.getState(state) ?? CLOSED;
}

declare module "@tiptap/core" {
  interface Commands<ReturnType> {
    findReplace: {
      /** Opens the bar (Ctrl+F), taking a one-line selection as the query. */
      openFind: () => ReturnType;
      closeFind: () => ReturnType;
      setFindQuery: (query: string, options?: Partial<FindOptions>) => ReturnType;
      /** Moves to the next (or, with -1, the previous) match, selects it and scrolls to it. */
      findStep: (direction: 1 | -1) => ReturnType;
      /** Replaces the current match (one undo step) and moves to the next one. */
      replaceMatch: (replacement: string) => ReturnType;
      /** Replaces every match in one transaction: one Ctrl+Z undoes them all. */
      replaceAllMatches: (replacement: string) => ReturnType;
    };
  }
}

function selectMatch(tr: Transaction, match: FindMatch | undefined): Transaction {
  if (!match) return tr;
  return tr.setSelection(TextSelection.create(tr.doc, match.from, match.to)).scrollIntoView();
}

/** The match at or after the selection: where Siguiente starts after a search changes. */
function matchNear(matches: FindMatch[], position: number): number {
  const index = matches.findIndex((match) => match.from >= position);
  return index === -1 ? 0 : index;
}

/** Built once per find state: the view asks for decorations at every update, typing included. */
const decorationCache = new WeakMap<FindState, DecorationSet>();

function decorations(state: FindState, doc: EditorState["doc"]): DecorationSet {
  if (!state.open || state.matches.length === 0) return DecorationSet.empty;
  const cached = decorationCache.get(state);
  if (cached) return cached;
  const set = DecorationSet.create(
    doc,
    state.matches.map((match, index) =>
      Decoration.inline(match.from, match.to, { class: index === state.current ? "find-match find-match-current" : "find-match" }),
    ),
  );
  decorationCache.set(state, set);
  return set;
}

/**
 * Find and replace in the body, as in Word: Ctrl+F (Cmd+F) inside the editor opens the
 * bar (outside it the browser's own search stays), matches are decorations (the
 * document is never touched to show them), and replacing goes through transactions, so
 * Ctrl+Z undoes it. The schema is not changed: this extension adds no node or mark.
 */
export const FindReplace = Extension.create({
  name: "findReplace",

  addProseMirrorPlugins() {
    return [
      new Plugin<FindState>({
        key: findReplaceKey,
        state: {
          init: () => CLOSED,
          apply(tr, previous, _oldState, newState) {
            const meta = tr.getMeta(findReplaceKey) as FindMeta | undefined;
            if (!meta && !(tr.docChanged && previous.open)) return previous;
            const next: FindState = { ...previous, ...meta };
            if (!next.open) return { ...next, matches: [], current: 0 };
            const searchChanged =
              !!meta && (meta.query !== undefined || meta.matchCase !== undefined || meta.matchAccents !== undefined || meta.open !== undefined);
            if (searchChanged) next.matches = findMatches(newState.doc, next.query, next);
            else if (tr.docChanged) next.matches = mapMatches(previous.matches, tr, next.query, next);
            // After typing or a replacement, the current match is the one at or after the cursor.
            if (meta?.current === undefined) next.current = matchNear(next.matches, newState.selection.from);
            return next;
          },
        },
        props: {
          decorations(state) {
            return decorations(findState(state), state.doc);
          },
          handleKeyDown(view, event) {
            if (event.key === "Escape" && findState(view.state).open) {
              view.dispatch(view.state.tr.setMeta(findReplaceKey, { open: false } satisfies FindMeta));
              return true;
            }
            return false;
          },
        },
      }),
    ];
  },

  addKeyboardShortcuts() {
    return { "Mod-f": () => this.editor.commands.openFind() };
  },

  addCommands() {
    return {
      openFind:
        () =>
        ({ state, tr, dispatch }) => {
          const previous = findState(state);
          const { from, to } = state.selection;
          const selected = state.doc.textBetween(from, to, "\n", "\n");
          const query = selected && !selected.includes("\n") && selected.length <= 200 ? selected : previous.query;
          if (dispatch) tr.setMeta(findReplaceKey, { open: true, openCount: previous.openCount + 1, query } satisfies FindMeta);
          return true;
        },
      closeFind:
        () =>
        ({ tr, dispatch }) => {
          if (dispatch) tr.setMeta(findReplaceKey, { open: false } satisfies FindMeta);
          return true;
        },
      setFindQuery:
        (query, options = {}) =>
        ({ tr, dispatch }) => {
          if (dispatch) tr.setMeta(findReplaceKey, { query, ...options } satisfies FindMeta);
          return true;
        },
      findStep:
        (direction) =>
        ({ state, tr, dispatch }) => {
          const { matches, current } = findState(state);
          if (matches.length === 0) return false;
          const index = (current + direction + matches.length) % matches.length;
          if (dispatch) selectMatch(tr.setMeta(findReplaceKey, { current: index } satisfies FindMeta), matches[index]);
          return true;
        },
      replaceMatch:
        (replacement) =>
        ({ state, tr, dispatch }) => {
          const { matches, current } = findState(state);
          const match = matches[current];
          if (!match) return false;
          if (!dispatch) return true;
          tr.insertText(replacement, match.from, match.to);
          // The match after it, mapped through the replacement, becomes the current one.
          const following = matches[current + 1];
          if (following) {
            const from = tr.mapping.map(following.from);
            tr.setSelection(TextSelection.create(tr.doc, from, tr.mapping.map(following.to))).scrollIntoView();
          }
          return true;
        },
      replaceAllMatches:
        (replacement) =>
        ({ state, tr, dispatch }) => {
          const { matches } = findState(state);
          if (matches.length === 0) return false;
          if (!dispatch) return true;
          for (const match of [...matches].reverse()) tr.insertText(replacement, match.from, match.to);
          return true;
        },
    };
  },
});
