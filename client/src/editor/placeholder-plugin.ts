import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { Plugin, PluginKey, type Transaction } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import { PLACEHOLDER_PATTERN } from "../../../shared/template/schema";
import { changedRanges } from "./changed-ranges";

export const placeholderPluginKey = new PluginKey<DecorationSet>("bulletinPlaceholders");

/** The placeholders of one textblock at `position`. */
function placeholdersOf(node: ProseMirrorNode, position: number, className: string, title: string): Decoration[] {
  // Leaf nodes (hard breaks) count as one character, so text offsets map 1:1 to positions.
  const text = node.textBetween(0, node.content.size, "\n", "\n");
  const decorations: Decoration[] = [];
  for (const match of text.matchAll(new RegExp(PLACEHOLDER_PATTERN.source, "g"))) {
    const from = position + 1 + match.index;
    decorations.push(Decoration.inline(from, from + match[0].length, { class: className, title }));
  }
  return decorations;
}

/** Inline decorations over every `[…]` placeholder left from the template. */
export function findPlaceholders(doc: ProseMirrorNode, className: string, title: string): DecorationSet {
  const decorations: Decoration[] = [];
  doc.descendants((node, position) => {
    if (!node.isTextblock) return true;
    decorations.push(...placeholdersOf(node, position, className, title));
    return false;
  });
  return DecorationSet.create(doc, decorations);
}

/** The placeholders after `tr`: mapped, and searched again only in the textblocks it changed (a key never walks the document). */
export function mapPlaceholders(previous: DecorationSet, tr: Transaction, className: string, title: string): DecorationSet {
  let set = previous.map(tr.mapping, tr.doc);
  const seen = new Set<number>();
  for (const range of changedRanges(tr)) {
    tr.doc.nodesBetween(range.from, range.to, (node, position) => {
      if (!node.isTextblock) return true;
      if (seen.has(position)) return false;
      seen.add(position);
      set = set.remove(set.find(position, position + node.nodeSize)).add(tr.doc, placeholdersOf(node, position, className, title));
      return false;
    });
  }
  return set;
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
      apply: (transaction, previous) => (transaction.docChanged ? mapPlaceholders(previous, transaction, className, title) : previous),
    },
    props: {
      decorations(state) {
        return placeholderPluginKey.getState(state);
      },
    },
  });
}
