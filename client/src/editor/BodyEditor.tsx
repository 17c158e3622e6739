import { EditorContent, useEditor, useEditorState, type Editor } from "@tiptap/react";
import { useContext, useEffect, useRef, useState, type FormEvent } from "react";
import type { BodyDoc } from "../../../shared/bulletin/body-schema";
import { webLinkIssue } from "../../../shared/bulletin/web-link";
import { bulletinExtensions } from "../../../shared/editor/extensions";
import { Dialog } from "../components/Dialog";
import { t } from "../i18n/es";
import { FindReplaceBar } from "./find-replace/FindReplaceBar";
import { placeholderPlugin, placeholderPluginKey } from "./placeholder-plugin";
import { ReviewContext } from "./review/ReviewContext";
import { CONTENT_LOAD_META } from "./review/review-plugin";
import { useReviewField } from "./review/useReviewField";
import { wordUndoPlugin, wordUndoPluginKey } from "./word-undo-plugin";
import { useTopbarOffset } from "./useTopbarOffset";
import { PasteRefusedNotice, wordExtensions } from "./word-extensions";

interface BodyEditorProps {
  initialBody: BodyDoc;
  /** Changes when the body is replaced from outside (conflict resolved, recovery). */
  epoch: number;
  body: BodyDoc;
  onChange: (body: BodyDoc) => void;
  /**
   * Given, a key press only says the body changed and hands over how to read it: the
   * document's JSON is built once typing pauses (the saver decides), never at every key
   * of a long body. Without it, onChange gets the JSON at every change.
   */
  onTyping?: (read: () => BodyDoc) => void;
  invalid?: boolean;
}

/**
 * The body: Tiptap with exactly bulletinExtensions(). What is pasted (Word, web pages)
 * is parsed against that closed schema, so unknown nodes, scripts and javascript: links
 * never enter the document.
 */
export function BodyEditor({ initialBody, epoch, body, onChange, onTyping, invalid }: BodyEditorProps) {
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const onTypingRef = useRef(onTyping);
  onTypingRef.current = onTyping;
  const [imagesRefused, setImagesRefused] = useState(false);
  useTopbarOffset();
  const [extensions] = useState(() => [...bulletinExtensions(), ...wordExtensions(() => setImagesRefused(true))]);
  const editor = useEditor({
    extensions,
    content: initialBody,
    immediatelyRender: true,
    // No injected <style> element (strict CSP): the ProseMirror rules are in styles.css.
    injectCSS: false,
    shouldRerenderOnTransaction: false,
    editorProps: {
      attributes: {
        id: "campo-cuerpo",
        class: "body-editor",
        role: "textbox",
        "aria-multiline": "true",
        "aria-label": t("editor.body"),
        spellcheck: "true",
        lang: "es-MX",
      },
    },
    onUpdate: ({ editor: current }) => {
      if (onTypingRef.current) onTypingRef.current(() => current.getJSON() as BodyDoc);
      else onChangeRef.current(current.getJSON() as BodyDoc);
    },
  });

  // Suggestions and comment anchors in the body; suggest and read modes keep its text as it is.
  useReviewField(editor, "body");
  const editing = (useContext(ReviewContext)?.mode ?? "edit") === "edit";

  useEffect(() => {
    editor.registerPlugin(placeholderPlugin("placeholder-mark", t("editor.placeholderHint")));
    editor.registerPlugin(wordUndoPlugin());
    return () => {
      if (!editor.isDestroyed) editor.unregisterPlugin([placeholderPluginKey, wordUndoPluginKey]);
    };
  }, [editor]);

  const firstEpoch = useRef(epoch);
  useEffect(() => {
    if (epoch === firstEpoch.current) return;
    editor.chain().setMeta(CONTENT_LOAD_META, true).setContent(body, { emitUpdate: false }).run();
    // Only an outside replacement (new epoch) resets the document; typing never does.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [epoch, editor]);

  useEffect(() => {
    editor.view.dom.setAttribute("aria-invalid", invalid ? "true" : "false");
  }, [editor, invalid]);

  return (
    <div className="body-field">
      <div className="body-sticky">
        {editing && <Toolbar editor={editor} />}
        <FindReplaceBar editor={editor} canReplace={editing} />
        {imagesRefused && <PasteRefusedNotice onClose={() => setImagesRefused(false)} />}
      </div>
      <EditorContent editor={editor} />
    </div>
  );
}

function Toolbar({ editor }: { editor: Editor }) {
  const active = useEditorState({
    editor,
    selector: ({ editor: current }) => ({
      bold: current.isActive("bold"),
      italic: current.isActive("italic"),
      bulletList: current.isActive("bulletList"),
      blockquote: current.isActive("blockquote"),
      link: current.isActive("link"),
    }),
  });
  const [linking, setLinking] = useState(false);

  const buttons = [
    { label: t("toolbar.bold"), pressed: active.bold, run: () => editor.chain().focus().toggleBold().run(), glyph: "B", className: "glyph-bold" },
    { label: t("toolbar.italic"), pressed: active.italic, run: () => editor.chain().focus().toggleItalic().run(), glyph: "I", className: "glyph-italic" },
    { label: t("toolbar.bulletList"), pressed: active.bulletList, run: () => editor.chain().focus().toggleBulletList().run(), glyph: "•≡", className: "" },
    { label: t("toolbar.quote"), pressed: active.blockquote, run: () => editor.chain().focus().toggleBlockquote().run(), glyph: "❝", className: "" },
  ];

  return (
    <div className="toolbar" role="toolbar" aria-label={t("toolbar.label")} aria-controls="campo-cuerpo">
      {buttons.map((button) => (
        <button
          key={button.label}
          type="button"
          className={`toolbar-button ${button.className}`}
          aria-pressed={button.pressed}
          title={button.label}
          onClick={button.run}
        >
          <span aria-hidden="true">{button.glyph}</span>
          <span className="visually-hidden">{button.label}</span>
        </button>
      ))}
      <button
        type="button"
        className="toolbar-button"
        aria-pressed={active.link}
        title={t("toolbar.link")}
        onClick={() => setLinking(true)}
      >
        <svg className="toolbar-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1.2 1.2" />
          <path d="M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1.2-1.2" />
        </svg>
        <span className="visually-hidden">{t("toolbar.link")}</span>
      </button>
      {active.link && (
        <button
          type="button"
          className="toolbar-button toolbar-text"
          onClick={() => editor.chain().focus().extendMarkRange("link").unsetLink().run()}
        >
          {t("toolbar.unlink")}
        </button>
      )}
      {linking && <LinkDialog editor={editor} onClose={() => setLinking(false)} />}
    </div>
  );
}

function LinkDialog({ editor, onClose }: { editor: Editor; onClose: () => void }) {
  const current = (editor.getAttributes("link") as { href?: string }).href ?? "";
  const [url, setUrl] = useState(current || "https://");
  const [error, setError] = useState<string | null>(null);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const href = url.trim();
    const problem = webLinkIssue(href);
    if (problem) {
      setError(problem.code === "scheme" ? t("link.invalid") : t(`linkProblem.${problem.code}`));
      return;
    }
    const chain = editor.chain().focus();
    if (editor.state.selection.empty && !editor.isActive("link")) {
      chain.insertContent({ type: "text", text: href, marks: [{ type: "link", attrs: { href } }] }).run();
    } else {
      chain.extendMarkRange("link").setLink({ href }).run();
    }
    onClose();
  }

  return (
    <Dialog title={t("link.title")} onClose={onClose}>
      <form onSubmit={onSubmit} noValidate>
        <label className="field">
          <span>{t("link.url")}</span>
          <input
            type="url"
            value={url}
            onChange={(event) => setUrl(event.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby="link-hint"
          />
        </label>
        <p id="link-hint" className={error ? "form-error" : "muted"} role={error ? "alert" : undefined}>
          {error ?? t("link.hint")}
        </p>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t("dialog.cancel")}
          </button>
          <button type="submit" className="button-primary">
            {t("link.apply")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
