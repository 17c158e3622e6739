// @vitest-environment happy-dom
import { EditorState, TextSelection } from "@tiptap/pm/state";
import { EditorView } from "@tiptap/pm/view";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Suggestion } from "../../../../shared/api/schemas";
import { bulletinProseMirrorSchema } from "../../../../shared/editor/extensions";
import type { ReviewField } from "../../../../shared/review/fields";
import {
  CONTENT_LOAD_META,
  flushPendingSuggestion,
  reviewPlugin,
  reviewPluginKey,
  setReviewDisplay,
  type ReviewCallbacks,
  type ReviewDisplay,
  type SuggestionInput,
} from "./review-plugin";

const schema = bulletinProseMirrorSchema();
const BODY = {
  type: "doc",
  content: [
    { type: "paragraph", content: [{ type: "text", text: "Abre la clínica el lunes." }] },
    { type: "bulletList", content: [{ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "Con doce consultorios" }] }] }] },
  ],
};

function suggestion(overrides: Partial<Suggestion>): Suggestion {
  return {
    id: 1, bulletinId: 1, authorId: 3, authorName: "Raúl Revisor", field: "body", kind: "replace", text: "martes", deleted: "lunes",
    from: 19, to: 24, revision: 2, status: "open", decidedBy: null, decidedByName: null, decidedAt: null, createdAt: "2026-11-30T18:00:00Z",
    ...overrides,
  };
}

const views: EditorView[] = [];
afterEach(() => {
  views.splice(0).forEach((view) => view.destroy());
  vi.useRealTimers();
});

function mount(mode: ReviewDisplay["mode"], options: { field?: ReviewField; suggestions?: Suggestion[] } = {}) {
  const sent: SuggestionInput[] = [];
  const callbacks: { current: ReviewCallbacks } = {
    current: {
      onSuggest: async (input) => {
        sent.push(input);
      },
    },
  };
  const display: ReviewDisplay = {
    mode,
    suggestions: options.suggestions ?? [],
    anchors: [{ id: 9, field: "body", from: 8, to: 15 }],
    activeCommentId: 9,
    activeSuggestionId: null,
    userName: "Raúl Revisor",
  };
  const field = options.field ?? "body";
  const doc = field === "body" ? schema.nodeFromJSON(BODY) : schema.nodeFromJSON({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Titular del día" }] }] });
  const view = new EditorView(document.createElement("div"), {
    state: EditorState.create({ doc, plugins: [reviewPlugin(field, callbacks, display)] }),
  });
  views.push(view);
  return { view, sent, display };
}

const pending = (view: EditorView) => reviewPluginKey.getState(view.state)!.pending;

describe("the review plugin", () => {
  it("draws a suggestion as struck text and an underlined widget, and an anchor, at the positions of their offsets", () => {
    const { view } = mount("read", { suggestions: [suggestion({})] });
    expect(view.dom.querySelector(".suggestion-insert")?.textContent).toBe("martes");
    expect(view.dom.querySelector(".suggestion-insert")?.getAttribute("title")).toMatch(/^Sugerencia de Raúl Revisor, 30 de noviembre de 2026/);
    expect(view.dom.querySelector(".suggestion-delete")?.textContent).toBe("lunes");
    expect(view.dom.querySelector(".comment-anchor-active")?.textContent).toBe("clínica");
  });

  it("in suggest mode refuses every change to the text and turns a paste into one pending suggestion", async () => {
    const { view } = mount("suggest");
    const before = view.state.doc;
    view.dispatch(view.state.tr.insertText("próximo ", 20));
    expect(view.state.doc.eq(before)).toBe(true);
    await Promise.resolve();
    expect(pending(view)).toEqual({ from: 19, to: 19, insert: "próximo " });
    expect(view.dom.querySelector(".suggestion-pending")?.textContent).toBe("próximo ");
  });

  it("turns a deletion across the list into one deletion of the text with its line break", async () => {
    const { view } = mount("suggest");
    // From "lunes" to "Con d" in the list item: the list joins the paragraph.
    view.dispatch(view.state.tr.delete(20, 35));
    await Promise.resolve();
    expect(pending(view)).toEqual({ from: 19, to: 31, insert: "" });
    expect(view.dom.querySelector(".suggestion-break")?.textContent).toBe("¶");
  });

  it("lets content loaded from outside through, and refuses any change in read mode", () => {
    const { view } = mount("read");
    const before = view.state.doc;
    view.dispatch(view.state.tr.insertText("x", 2));
    expect(view.state.doc.eq(before)).toBe(true);
    view.dispatch(view.state.tr.insertText("x", 2).setMeta(CONTENT_LOAD_META, true));
    expect(view.state.doc.textContent.startsWith("Axbre")).toBe(true);
  });

  it("sends the pending suggestion on Enter in a one-line field, and after a pause otherwise", async () => {
    vi.useFakeTimers();
    const title = mount("suggest", { field: "title" });
    title.view.dispatch(title.view.state.tr.setSelection(TextSelection.create(title.view.state.doc, 16)));
    title.view.dispatch(title.view.state.tr.insertText(" hoy", 16));
    await Promise.resolve();
    flushPendingSuggestion(title.view);
    expect(title.sent).toEqual([{ field: "title", from: 15, to: 15, insert: " hoy" }]);

    const body = mount("suggest");
    body.view.dispatch(body.view.state.tr.insertText("!", 25));
    await Promise.resolve();
    expect(body.sent).toEqual([]);
    vi.advanceTimersByTime(1100);
    expect(body.sent).toEqual([{ field: "body", from: 24, to: 24, insert: "!" }]);
  });

  it("keeps the base text when switched from edit to suggest mode, and edits again when switched back", async () => {
    const { view, display } = mount("edit");
    view.dispatch(view.state.tr.insertText("Hoy ", 1));
    expect(view.state.doc.textContent.startsWith("Hoy Abre")).toBe(true);
    setReviewDisplay(view, { ...display, mode: "suggest" });
    view.dispatch(view.state.tr.insertText("Ya ", 1));
    expect(view.state.doc.textContent.startsWith("Hoy Abre")).toBe(true);
    await Promise.resolve();
    expect(pending(view)).toEqual({ from: 0, to: 0, insert: "Ya " });
  });
});
