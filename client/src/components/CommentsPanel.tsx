import { useEffect, useRef, useState, type FormEvent, type RefObject } from "react";
import type { Anchor, Comment } from "../../../shared/api/schemas";
import { fieldLabel, type ReviewField } from "../../../shared/review/fields";
import type { NewComment } from "../api/endpoints";
import { ApiError } from "../api/http";
import { t } from "../i18n/es";
import { formatTimestamp } from "../i18n/format";
import type { Person } from "../api/notification-types";
import { mentionedIds } from "./notifications/mentions";
import { MentionTextarea } from "./notifications/MentionTextarea";

const QUOTE_MAX = 2000;

/** A passage selected in the editor: where it is and what it says. */
export interface SheetSelection {
  field: string;
  from: number;
  to: number;
  quote: string;
}

/** The text selected inside `container` (a read-only sheet), or null. */
function selectedText(container: HTMLElement | null): string | null {
  const selection = window.getSelection();
  if (!container || !selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  if (!container.contains(selection.anchorNode) || !container.contains(selection.focusNode)) return null;
  const text = selection.toString().replace(/\s+/g, " ").trim();
  return text ? text.slice(0, QUOTE_MAX) : null;
}

const errorText = (failure: unknown) => (failure instanceof ApiError ? failure.message : t("errors.unexpected"));

/** What a new comment is about: an anchored passage of the editor, a quote from a read-only sheet, or nothing. */
type Passage = { anchor: Anchor; quote: string } | { quote: string } | null;

/**
 * The bulletin's comment threads. A thread opens on a passage (the editor's selection
 * when `Comentar` is pressed), takes replies (`Responder`) and is resolved or reopened
 * as a whole; resolved threads fold away behind `Mostrar resueltos (N)`.
 */
export function CommentsPanel({ threads, error, selection, hasSelection, sheetRef, canComment, canResolve, activeId, onActivate, onAdd, onResolve }: {
  threads: Comment[] | undefined;
  error: string | null;
  /** The editor's current selection (`onSelectionChange`); null when nothing is selected. */
  selection: RefObject<SheetSelection | null>;
  /** True while the editor reports a non-empty selection: `Comentar` then anchors the comment to it. */
  hasSelection: boolean;
  /** The read-only sheet, whose browser selection becomes a plain quote. */
  sheetRef: RefObject<HTMLElement | null>;
  /** From the resource's `abilities` (the server's policy). */
  canComment: boolean;
  canResolve: boolean;
  activeId: number | null;
  onActivate: (thread: Comment) => void;
  onAdd: (comment: NewComment) => Promise<void>;
  onResolve: (thread: Comment, resolved: boolean) => Promise<void>;
}) {
  const [composing, setComposing] = useState(false);
  const [passage, setPassage] = useState<Passage>(null);
  const [body, setBody] = useState("");
  /** The people chosen from the `@` list; those still named in the text go as `mentions`. */
  const [mentioned, setMentioned] = useState<Person[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [showResolved, setShowResolved] = useState(false);
  const pressed = useRef<Passage>(null);
  const textareaRef = useRef<HTMLTextAreaElement>(null);

  const open = (threads ?? []).filter((thread) => !thread.resolved);
  const resolved = (threads ?? []).filter((thread) => thread.resolved);
  const listRef = useRef<HTMLElement>(null);

  // A passage clicked in the text brings its thread into view here.
  useEffect(() => {
    if (activeId === null) return;
    listRef.current?.querySelector(`[data-comment-id="${activeId}"]`)?.scrollIntoView({ block: "nearest" });
  }, [activeId]);

  /** Read at pointer-down: clicking the button may collapse the selection before `click`. */
  function currentPassage(): Passage {
    const selected = selection.current;
    if (selected && selected.to > selected.from) {
      return { anchor: { field: selected.field as ReviewField, from: selected.from, to: selected.to }, quote: selected.quote };
    }
    const text = selectedText(sheetRef.current);
    return text ? { quote: text } : null;
  }

  function startComment() {
    setPassage(pressed.current ?? currentPassage());
    pressed.current = null;
    setComposing(true);
    requestAnimationFrame(() => textareaRef.current?.focus());
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!body.trim()) {
      setFailure(t("comments.empty"));
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      const comment: NewComment = { body: body.trim() };
      const mentions = mentionedIds(comment.body, mentioned);
      if (mentions.length > 0) comment.mentions = mentions;
      if (passage && "anchor" in passage) comment.anchor = passage.anchor;
      else if (passage) comment.quote = passage.quote;
      await onAdd(comment);
      setBody("");
      setMentioned([]);
      setPassage(null);
      setComposing(false);
    } catch (caught) {
      setFailure(errorText(caught));
    } finally {
      setBusy(false);
    }
  }

  const thread = (item: Comment) => (
    <Thread
      key={item.id}
      thread={item}
      active={item.id === activeId}
      canComment={canComment}
      canResolve={canResolve}
      onActivate={onActivate}
      onReply={(text, mentions) => onAdd({ body: text, parentId: item.id, ...(mentions.length > 0 ? { mentions } : {}) })}
      onResolve={onResolve}
    />
  );

  return (
    <section ref={listRef} className="panel" aria-labelledby="panel-comentarios">
      <h2 id="panel-comentarios">{t("comments.title")}</h2>
      {threads && threads.length === 0 && <p className="muted">{t("comments.none")}</p>}
      {open.length > 0 && <ol className="comment-list">{open.map(thread)}</ol>}
      {resolved.length > 0 && (
        <>
          <button type="button" className="link-button threads-toggle" aria-expanded={showResolved} onClick={() => setShowResolved(!showResolved)}>
            {showResolved ? t("threads.hideResolved") : t("threads.showResolved", { count: resolved.length })}
          </button>
          {showResolved && <ol className="comment-list comment-list-resolved">{resolved.map(thread)}</ol>}
        </>
      )}
      {canComment && !composing && (
        <>
          <button
            type="button"
            className={hasSelection ? "button-primary" : undefined}
            onMouseDown={() => {
              pressed.current = currentPassage();
            }}
            onClick={startComment}
            aria-describedby="comentar-ayuda"
          >
            {t("comments.comment")}
          </button>
          <p id="comentar-ayuda" className="muted small">
            {hasSelection ? t("threads.onPassage") : t("comments.selectHint")}
          </p>
        </>
      )}
      {canComment && composing && (
        <form className="comment-form" onSubmit={onSubmit}>
          {passage && (
            <figure className="comment-quote-draft">
              <figcaption>
                {t("comments.quote")}
                {"anchor" in passage && ` · ${t("threads.in", { field: fieldLabel(passage.anchor.field as ReviewField) })}`}
              </figcaption>
              <blockquote className="comment-quote">{passage.quote}</blockquote>
              <button type="button" className="link-button" onClick={() => setPassage(null)}>
                {t("comments.removeQuote")}
              </button>
            </figure>
          )}
          <MentionTextarea
            label={t("comments.body")}
            textareaRef={textareaRef}
            rows={3}
            value={body}
            onChange={setBody}
            onMention={(person) => setMentioned((chosen) => [...chosen, person])}
          />
          <div className="form-actions">
            <button type="button" onClick={() => setComposing(false)}>
              {t("dialog.cancel")}
            </button>
            <button type="submit" className="button-primary" disabled={busy}>
              {t("comments.send")}
            </button>
          </div>
        </form>
      )}
      {(failure ?? error) && (
        <p className="form-error" role="alert">
          {failure ?? error}
        </p>
      )}
    </section>
  );
}

function Thread({ thread, active, canComment, canResolve, onActivate, onReply, onResolve }: {
  thread: Comment;
  active: boolean;
  canComment: boolean;
  canResolve: boolean;
  onActivate: (thread: Comment) => void;
  /** The reply and the ids of the people it @mentions. */
  onReply: (body: string, mentions: number[]) => Promise<void>;
  onResolve: (thread: Comment, resolved: boolean) => Promise<void>;
}) {
  const [replying, setReplying] = useState(false);
  const [reply, setReply] = useState("");
  const [mentioned, setMentioned] = useState<Person[]>([]);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setFailure(null);
    try {
      await action();
      return true;
    } catch (caught) {
      setFailure(errorText(caught));
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function sendReply(event: FormEvent) {
    event.preventDefault();
    if (!reply.trim()) {
      setFailure(t("comments.empty"));
      return;
    }
    if (await run(() => onReply(reply.trim(), mentionedIds(reply.trim(), mentioned)))) {
      setReply("");
      setMentioned([]);
      setReplying(false);
    }
  }

  return (
    <li
      className={`comment comment-thread ${thread.resolved ? "comment-resolved" : ""} ${active ? "is-active" : ""}`}
      data-comment-id={thread.id}
    >
      <div
        className={thread.anchor ? "comment-anchored" : undefined}
        onClick={thread.anchor ? () => onActivate(thread) : undefined}
      >
        <p className="comment-meta">
          <strong>{thread.authorName}</strong> · {formatTimestamp(thread.createdAt)}
          {thread.anchor && ` · ${t("threads.in", { field: fieldLabel(thread.anchor.field as ReviewField) })}`}
          {thread.resolved && <span className="status-badge"> {t("comments.resolved")}</span>}
          {thread.outdated && (
            <span className="status-badge badge-outdated" title={t("threads.outdatedHint")}>
              {" "}
              {t("threads.outdated")}
            </span>
          )}
        </p>
        {thread.quote &&
          (thread.anchor ? (
            <button type="button" className="comment-quote comment-quote-button" onClick={() => onActivate(thread)}>
              {thread.quote}
            </button>
          ) : (
            <blockquote className={`comment-quote ${thread.outdated ? "quote-outdated" : ""}`}>{thread.quote}</blockquote>
          ))}
        <p className="comment-body">{thread.body}</p>
      </div>
      {thread.replies.length > 0 && (
        <ol className="comment-replies">
          {thread.replies.map((item) => (
            <li key={item.id} className="comment comment-reply">
              <p className="comment-meta">
                <strong>{item.authorName}</strong> · {formatTimestamp(item.createdAt)}
              </p>
              <p className="comment-body">{item.body}</p>
            </li>
          ))}
        </ol>
      )}
      <div className="comment-actions">
        {canComment && !thread.resolved && !replying && (
          <button type="button" className="link-button" onClick={() => setReplying(true)}>
            {t("threads.reply")}
          </button>
        )}
        {canResolve && (
          <button type="button" className="link-button" disabled={busy} onClick={() => void run(() => onResolve(thread, !thread.resolved))}>
            {thread.resolved ? t("threads.reopen") : t("threads.resolve")}
          </button>
        )}
      </div>
      {replying && (
        <form className="comment-form" onSubmit={sendReply}>
          <MentionTextarea
            label={t("threads.replyBody")}
            rows={2}
            value={reply}
            autoFocus
            onChange={setReply}
            onMention={(person) => setMentioned((chosen) => [...chosen, person])}
          />
          <div className="form-actions">
            <button type="button" onClick={() => setReplying(false)}>
              {t("dialog.cancel")}
            </button>
            <button type="submit" className="button-primary" disabled={busy}>
              {t("threads.sendReply")}
            </button>
          </div>
        </form>
      )}
      {failure && (
        <p className="form-error" role="alert">
          {failure}
        </p>
      )}
    </li>
  );
}
