import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import { t } from "../../i18n/es";
import { authorColourClass } from "./author-colour";
import type { TextEdit } from "./pending-suggestion";
import type { ReviewDisplay } from "./review-plugin";
import type { FieldTextMap } from "./text-offsets";

const dateFormat = new Intl.DateTimeFormat("es-MX", { dateStyle: "long", timeStyle: "short", timeZone: "America/Mexico_City" });

/**
 * What a field shows over its text: comment anchors, the open suggestions (struck
 * deletions, underlined insertion widgets, a colour class per author) and the user's own
 * suggestion being typed or sent. `textMap` is only built when there is something to draw.
 */
export function reviewDecorations(
  doc: ProseMirrorNode,
  textMap: () => FieldTextMap,
  display: ReviewDisplay,
  pending: TextEdit | null,
  sending: TextEdit[],
): DecorationSet {
  if (display.anchors.length === 0 && display.suggestions.length === 0 && !pending && sending.length === 0) return DecorationSet.empty;
  const map = textMap();
  const decorations: Decoration[] = [];
  for (const anchor of display.anchors) {
    if (anchor.to <= anchor.from) continue;
    const active = anchor.id === display.activeCommentId;
    decorations.push(
      Decoration.inline(map.toPos(anchor.from), map.toPos(anchor.to), {
        class: active ? "comment-anchor comment-anchor-active" : "comment-anchor",
        "data-comment-id": String(anchor.id),
      }),
    );
  }
  for (const suggestion of display.suggestions) {
    const title = t("review.suggestionBy", { name: suggestion.authorName, date: dateFormat.format(new Date(suggestion.createdAt)) });
    const active = suggestion.id === display.activeSuggestionId;
    pushSuggestion(decorations, map, { from: suggestion.from, to: suggestion.to, insert: suggestion.text }, {
      key: `s${suggestion.id}`,
      id: suggestion.id,
      colour: authorColourClass(suggestion.authorId),
      title,
      extraClass: active ? "suggestion-active" : "",
    });
  }
  const unsent = t("review.pendingSuggestion");
  sending.forEach((edit, index) => pushSuggestion(decorations, map, edit, { key: `sending${index}`, id: null, colour: authorColourClass("pending"), title: unsent, extraClass: "suggestion-pending" }));
  if (pending) pushSuggestion(decorations, map, pending, { key: "pending", id: null, colour: authorColourClass("pending"), title: unsent, extraClass: "suggestion-pending" });
  return DecorationSet.create(doc, decorations);
}

function pushSuggestion(
  decorations: Decoration[],
  map: FieldTextMap,
  edit: TextEdit,
  look: { key: string; id: number | null; colour: string; title: string; extraClass: string },
) {
  const idAttribute = look.id === null ? {} : { "data-suggestion-id": String(look.id) };
  if (edit.to > edit.from) {
    decorations.push(
      Decoration.inline(map.toPos(edit.from), map.toPos(edit.to), {
        class: `suggestion-delete ${look.colour} ${look.extraClass}`,
        title: look.title,
        ...idAttribute,
      }),
    );
    // A paragraph break has no text to strike through: a struck ¶ at the end of the paragraph shows it goes.
    const deleted = map.text.slice(edit.from, edit.to);
    for (let offset = deleted.indexOf("\n"); offset >= 0; offset = deleted.indexOf("\n", offset + 1)) {
      const at = edit.from + offset;
      decorations.push(
        Decoration.widget(map.toPos(at), () => breakMark(look), { side: 1, ignoreSelection: true, key: `${look.key}:break:${at}:${look.colour}:${look.extraClass}` }),
      );
    }
  }
  if (edit.insert !== "") {
    const render = () => {
      const span = document.createElement("span");
      span.className = `suggestion-insert ${look.colour} ${look.extraClass}`;
      span.contentEditable = "false";
      span.title = look.title;
      // A suggested paragraph break shows as ¶ and starts a line, as it will.
      span.textContent = edit.insert.replace(/\n/g, "¶\n");
      if (look.id !== null) span.dataset.suggestionId = String(look.id);
      return span;
    };
    decorations.push(
      Decoration.widget(map.toPos(edit.to), render, {
        side: -1,
        ignoreSelection: true,
        key: `${look.key}:${look.colour}:${look.extraClass}:${look.title}:${edit.insert}`,
      }),
    );
  }
}

function breakMark(look: { id: number | null; colour: string; title: string; extraClass: string }): HTMLElement {
  const span = document.createElement("span");
  span.className = `suggestion-delete suggestion-break ${look.colour} ${look.extraClass}`;
  span.contentEditable = "false";
  span.title = look.title;
  span.textContent = "¶";
  if (look.id !== null) span.dataset.suggestionId = String(look.id);
  return span;
}
