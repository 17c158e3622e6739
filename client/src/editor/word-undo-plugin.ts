import { closeHistory } from "@tiptap/pm/history";
import { Plugin, PluginKey } from "@tiptap/pm/state";

export const wordUndoPluginKey = new PluginKey("bulletinWordUndo");

/**
 * Undo by word, as Word does: a space or punctuation typed starts a new undo step,
 * however fast the writer types (ProseMirror's history alone groups by time). It
 * runs after the editor's own input rules (lists, quotes), so they still apply.
 */
export function wordUndoPlugin(): Plugin {
  return new Plugin({
    key: wordUndoPluginKey,
    props: {
      handleTextInput(view, from, to, text) {
        if (!/^[\s.,;:!?¡¿)\]»"”]$/u.test(text)) return false;
        view.dispatch(closeHistory(view.state.tr.insertText(text, from, to)));
        return true;
      },
    },
  });
}
