import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import { PLACEHOLDER_PATTERN } from "../../../shared/template/schema";

export const placeholderPluginKey = new PluginKey<DecorationSet>("bulletinPlaceholders");

/** Inline decorations over every `[…]` placeholder left from the template. */
function findPlaceholders(doc: ProseMirrorNode, className: string, title: string): DecorationSet {
  const decorations: Decoration[] = [];
  doc.descendants((node, position) => {
    if (!node.isTextblock) return true;
    // Leaf nodes (hard breaks) count as one character, so text offsets map 1:1 to positions.
    const text = node.textBetween(0, node.content.size, "\n", "\n");
    for (const match of text.matchAll(new RegExp(PLACEHOLDER_PATTERN.source, "g"))) {
      const from = position + 1 + match.index;
      decorations.push(Decoration.inline(from, from + match[0].length, { class: className, title }));
    }
    return false;
  });
  return DecorationSet.create(doc, decorations);
}

/**
 * A ProseMirror plugin (not a Tiptap extension: the schema stays exactly
 * bulletinExtensions()) that marks placeholders until the writer replaces them.
 */
export function placeholderPlugin(className: string, title: string): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: placeholderPluginKey,
    state: {
      init: (_, state) => findPlaceholders(state.doc, className, title),
      apply: (transaction, previous) =>
        transaction.docChanged ? findPlaceholders(transaction.doc, className, title) : previous,
    },
    props: {
      decorations(state) {
        return placeholderPluginKey.getState(state);
      },
    },
  });
}
