import { Node, type AnyExtension, type JSONContent } from "@tiptap/core";
import { TextSelection } from "@tiptap/pm/state";
import { EditorContent, useEditor } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import { useEffect, useRef, useState } from "react";
import type { ReviewField } from "../../../shared/review/fields";
import { hasPlaceholder } from "./bulletin-text";
import { CONTENT_LOAD_META, currentSelection, flushPendingSuggestion } from "./review/review-plugin";
import { useReviewField } from "./review/useReviewField";
import { wordUndoPlugin, wordUndoPluginKey } from "./word-undo-plugin";

interface OneLineEditorProps {
  id: string;
  /** The part of the bulletin this is, for suggestions and comment anchors. */
  field: ReviewField;
  value: string;
  onValue?: (value: string) => void;
  className?: string;
  "aria-label": string;
  "aria-describedby"?: string;
  "aria-invalid"?: boolean;
  /** Shown while the field is empty. */
  placeholder?: string;
  inputMode?: "url" | "text";
}

/** A document of exactly one paragraph of plain text: no marks, no breaks. */
const OneLineDocument = Node.create({ name: "doc", topNode: true, content: "paragraph" });

function oneLineExtensions(): AnyExtension[] {
  return [
    OneLineDocument,
    StarterKit.configure({
      document: false,
      blockquote: false,
      bold: false,
      bulletList: false,
      code: false,
      codeBlock: false,
      dropcursor: false,
      gapcursor: false,
      hardBreak: false,
      heading: false,
      horizontalRule: false,
      italic: false,
      listItem: false,
      listKeymap: false,
      link: false,
      orderedList: false,
      strike: false,
      underline: false,
      trailingNode: false,
    }),
  ];
}

function oneLineDoc(value: string): JSONContent {
  return { type: "doc", content: [{ type: "paragraph", content: value ? [{ type: "text", text: value }] : [] }] };
}

const LINE_BREAKS = /\s*[\r\n]+\s*/g;

/**
 * A field that wraps like printed text but holds one line (headline, highlight, place,
 * link): a tiny Tiptap editor, so it undoes by word like the body and can show
 * suggestions and comment anchors. Enter is ignored (in suggest mode it sends the
 * suggestion) and pasted line breaks become spaces. Marked while it still holds a
 * template placeholder.
 */
export function OneLineEditor(props: OneLineEditorProps) {
  const { id, field, value, onValue, className, placeholder, inputMode } = props;
  const onValueRef = useRef(onValue);
  onValueRef.current = onValue;
  // What this editor reported and the page has not handed back yet: its own typing, not an outside change.
  const echoes = useRef<string[]>([]);
  const [extensions] = useState(oneLineExtensions);
  const editor = useEditor({
    extensions,
    content: oneLineDoc(value),
    immediatelyRender: true,
    injectCSS: false,
    shouldRerenderOnTransaction: false,
    editorProps: {
      attributes: {
        id,
        class: `one-line one-line-editor ${className ?? ""}`,
        role: "textbox",
        "aria-multiline": "false",
        "aria-label": props["aria-label"],
        spellcheck: "true",
        lang: "es-MX",
        ...(inputMode ? { inputmode: inputMode } : {}),
      },
      handleKeyDown(view, event) {
        if (event.key === "Enter") {
          flushPendingSuggestion(view);
          return true;
        }
        // Home and End go to the field's start and end, through ProseMirror: the browser's own move
        // could be undone by ProseMirror's check of the selection just after the field takes focus.
        if ((event.key === "Home" || event.key === "End") && !event.altKey && !event.metaKey) {
          const { doc, selection } = view.state;
          const head = event.key === "Home" ? 1 : doc.content.size - 1;
          view.dispatch(view.state.tr.setSelection(TextSelection.create(doc, event.shiftKey ? selection.anchor : head, head)).scrollIntoView());
          return true;
        }
        return false;
      },
      handlePaste(view, event) {
        const text = event.clipboardData?.getData("text/plain");
        if (!text) return false;
        const { from, to } = currentSelection(view);
        view.dispatch(view.state.tr.insertText(text.replace(LINE_BREAKS, " "), from, to).scrollIntoView());
        return true;
      },
    },
    onUpdate: ({ editor: current }) => {
      const text = current.state.doc.textContent;
      echoes.current.push(text);
      onValueRef.current?.(text);
    },
  });
  useReviewField(editor, field);

  useEffect(() => {
    editor.registerPlugin(wordUndoPlugin());
    return () => {
      if (!editor.isDestroyed) editor.unregisterPlugin(wordUndoPluginKey);
    };
  }, [editor]);

  useEffect(() => {
    const echo = echoes.current.lastIndexOf(value);
    if (echo >= 0) {
      echoes.current.splice(0, echo + 1);
      return;
    }
    if (editor.state.doc.textContent === value) return;
    echoes.current = [];
    editor.chain().setMeta(CONTENT_LOAD_META, true).setMeta("addToHistory", false).setContent(oneLineDoc(value), { emitUpdate: false }).run();
  }, [editor, value]);

  const describedBy = props["aria-describedby"];
  const invalid = props["aria-invalid"];
  useEffect(() => {
    const dom = editor.view.dom;
    setAttribute(dom, "aria-describedby", describedBy);
    setAttribute(dom, "aria-invalid", invalid === undefined ? undefined : String(invalid));
    setAttribute(dom, "data-placeholder", placeholder);
    dom.classList.toggle("is-empty", value === "");
    dom.classList.toggle("has-placeholder", hasPlaceholder(value));
  }, [editor, describedBy, invalid, placeholder, value]);

  return <EditorContent editor={editor} className="one-line-host" />;
}

function setAttribute(element: Element, name: string, value: string | undefined) {
  if (value === undefined || value === "") element.removeAttribute(name);
  else element.setAttribute(name, value);
}
