import { useEffect, useRef, useState, type FormEvent, type RefObject } from "react";
import type { Comment } from "../../../shared/api/schemas";
import { addComment, listComments, setCommentResolved } from "../api/endpoints";
import { ApiError } from "../api/http";
import { t } from "../i18n/es";
import { formatTimestamp } from "../i18n/format";

const QUOTE_MAX = 2000;

/** The text selected inside `container`, or null. */
function selectedPassage(container: HTMLElement | null): string | null {
  const selection = window.getSelection();
  if (!container || !selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  if (!container.contains(selection.anchorNode) || !container.contains(selection.focusNode)) return null;
  const text = selection.toString().replace(/\s+/g, " ").trim();
  return text ? text.slice(0, QUOTE_MAX) : null;
}

/** Comments of the bulletin; `Comentar` takes the passage selected in the sheet as quote. */
export function CommentsPanel({ bulletinId, sheetRef, refreshKey, canComment, canResolve }: {
  bulletinId: number;
  sheetRef: RefObject<HTMLElement | null>;
  refreshKey: number;
  /** From the resource's `abilities` (the server's policy): what this user may do here. */
  canComment: boolean;
  canResolve: boolean;
}) {
  const [comments, setComments] = useState<Comment[] | null>(null);
  const [composing, setComposing] = useState(false);
  const [quote, setQuote] = useState<string | null>(null);
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const pressedQuote = useRef<string | null>(null);
  const textareaRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    let live = true;
    listComments(bulletinId)
      .then(({ items }) => live && setComments(items))
      .catch((failure: unknown) => live && setError(failure instanceof ApiError ? failure.message : t("errors.unexpected")));
    return () => {
      live = false;
    };
  }, [bulletinId, refreshKey]);

  function startComment() {
    // The selection read at pointer-down survives a browser that collapses it on click.
    const passage = selectedPassage(sheetRef.current) ?? pressedQuote.current;
    pressedQuote.current = null;
    if (passage) setQuote(passage);
    setComposing(true);
    requestAnimationFrame(() => textareaRef.current?.focus());
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!body.trim()) {
      setError(t("comments.empty"));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const comment = await addComment(bulletinId, body.trim(), quote ?? undefined);
      setComments((current) => [...(current ?? []), comment]);
      setBody("");
      setQuote(null);
      setComposing(false);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : t("errors.unexpected"));
    } finally {
      setBusy(false);
    }
  }

  async function toggleResolved(comment: Comment) {
    try {
      const updated = await setCommentResolved(bulletinId, comment.id, !comment.resolved);
      setComments((current) => current?.map((item) => (item.id === updated.id ? updated : item)) ?? null);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : t("errors.unexpected"));
    }
  }

  return (
    <section className="panel" aria-labelledby="panel-comentarios">
      <h2 id="panel-comentarios">{t("comments.title")}</h2>
      {comments && comments.length === 0 && <p className="muted">{t("comments.none")}</p>}
      {comments && comments.length > 0 && (
        <ol className="comment-list">
          {comments.map((comment) => (
            <li key={comment.id} className={`comment ${comment.resolved ? "comment-resolved" : ""}`}>
              <p className="comment-meta">
                <strong>{comment.authorName}</strong> · {formatTimestamp(comment.createdAt)} ·{" "}
                {t("comments.onRevision", { version: comment.revision })}
                {comment.resolved && <span className="status-badge"> {t("comments.resolved")}</span>}
              </p>
              {comment.quote && <blockquote className="comment-quote">{comment.quote}</blockquote>}
              <p className="comment-body">{comment.body}</p>
              {canResolve && (
                <button type="button" className="link-button" onClick={() => toggleResolved(comment)}>
                  {comment.resolved ? t("comments.markOpen") : t("comments.markResolved")}
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
      {canComment && (
        <>
          <button
            type="button"
            onMouseDown={() => {
              pressedQuote.current = selectedPassage(sheetRef.current);
            }}
            onClick={startComment}
            aria-describedby="comentar-ayuda"
          >
            {t("comments.comment")}
          </button>
          <p id="comentar-ayuda" className="muted small">
            {t("comments.selectHint")}
          </p>
        </>
      )}
      {canComment && composing && (
        <form className="comment-form" onSubmit={onSubmit}>
          {quote && (
            <figure className="comment-quote-draft">
              <figcaption>{t("comments.quote")}</figcaption>
              <blockquote className="comment-quote">{quote}</blockquote>
              <button type="button" className="link-button" onClick={() => setQuote(null)}>
                {t("comments.removeQuote")}
              </button>
            </figure>
          )}
          <label className="field">
            <span>{t("comments.body")}</span>
            <textarea ref={textareaRef} rows={3} value={body} onChange={(event) => setBody(event.target.value)} />
          </label>
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
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
