import { Extension } from "@tiptap/core";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import { Decoration, DecorationSet, type EditorView } from "@tiptap/pm/view";
import { spellChecker } from "./spell-checker";
import { openSpellMenu } from "./spell-menu";
import { wordsOf } from "./spell-words";

interface SpellState {
  wrong: Set<string>;
  decorations: DecorationSet;
}

export const spellKey = new PluginKey<SpellState>("spellCheck");

const SCAN_DELAY_MS = 700;

function decorate(doc: EditorView["state"]["doc"], wrong: Set<string>): DecorationSet {
  if (wrong.size === 0) return DecorationSet.empty;
  const decorations = wordsOf(doc)
    .filter((placed) => wrong.has(placed.word))
    .map((placed) => Decoration.inline(placed.from, placed.to, { class: "spell-error" }));
  return DecorationSet.create(doc, decorations);
}

/** Runs `task` when the browser is idle (soon after `delay`), never in the middle of typing. */
function whenIdle(task: () => void, delay: number): () => void {
  let idle: number | undefined;
  const timer = setTimeout(() => {
    if ("requestIdleCallback" in window) idle = window.requestIdleCallback(task, { timeout: 2000 });
    else task();
  }, delay);
  return () => {
    clearTimeout(timer);
    if (idle !== undefined) window.cancelIdleCallback(idle);
  };
}

/**
 * Offline Spanish (es-MX) spell check of the body with the office's glossary as known
 * words, so every browser flags the same words: misspelt words get a wavy underline
 * (a decoration; the text is never touched). The dictionary loads in a worker when the
 * browser is idle; until it is ready, and if it cannot load, the browser's own spell
 * check (`spellcheck`, `lang="es-MX"`) stays on. Adds no node or mark.
 */
export const SpellCheck = Extension.create({
  name: "spellCheck",

  addProseMirrorPlugins() {
    return [
      new Plugin<SpellState>({
        key: spellKey,
        state: {
          init: () => ({ wrong: new Set(), decorations: DecorationSet.empty }),
          apply(tr, previous, _old, state) {
            const wrong = tr.getMeta(spellKey) as Set<string> | undefined;
            if (wrong) return { wrong, decorations: decorate(state.doc, wrong) };
            if (!tr.docChanged) return previous;
            return { wrong: previous.wrong, decorations: previous.decorations.map(tr.mapping, tr.doc) };
          },
        },
        props: {
          decorations: (state) => spellKey.getState(state)?.decorations,
          handleDOMEvents: {
            // Right-click on an underlined word: its corrections instead of the browser's menu.
            contextmenu(view, event) {
              const target = event.target instanceof Element ? event.target.closest(".spell-error") : null;
              if (!target) return false;
              const position = view.posAtDOM(target, 0);
              const [found] = spellKey.getState(view.state)?.decorations.find(position, position + 1) ?? [];
              if (!found) return false;
              event.preventDefault();
              openSpellMenu(view, { from: found.from, to: found.to }, { x: event.clientX, y: event.clientY });
              return true;
            },
          },
        },
        view(view) {
          let cancel = () => undefined as void;
          let scanning = false;
          let again = false;
          let destroyed = false;
          const scan = async () => {
            if (scanning) {
              again = true;
              return;
            }
            scanning = true;
            try {
              const doc = view.state.doc;
              const wrong = await spellChecker.misspelt(wordsOf(doc).map((placed) => placed.word));
              if (destroyed || !wrong) return;
              // Ours flags the words now: the browser's own would underline them twice, differently.
              view.dom.setAttribute("spellcheck", "false");
              view.dom.setAttribute("data-spell-check", "es-MX");
              view.dispatch(view.state.tr.setMeta(spellKey, wrong).setMeta("addToHistory", false));
            } finally {
              scanning = false;
              if (again && !destroyed) {
                again = false;
                cancel = whenIdle(() => void scan(), SCAN_DELAY_MS);
              }
            }
          };
          cancel = whenIdle(() => void scan(), 1500);
          return {
            update(current, previousState) {
              // Identity, not eq(): comparing the documents would walk a long body at every key.
              if (current.state.doc === previousState.doc) return;
              cancel();
              cancel = whenIdle(() => void scan(), SCAN_DELAY_MS);
            },
            destroy() {
              destroyed = true;
              cancel();
            },
          };
        },
      }),
    ];
  },
});
