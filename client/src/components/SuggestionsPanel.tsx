import { useEffect, useRef, useState } from "react";
import type { Suggestion } from "../../../shared/api/schemas";
import { fieldLabel, type ReviewField } from "../../../shared/review/fields";
import { ApiError } from "../api/http";
import { t } from "../i18n/es";
import { formatTimestamp } from "../i18n/format";

export type SuggestionDecisionRequest = { kind: "one"; id: number; decision: "accept" | "reject" } | { kind: "all"; decision: "accept" | "reject" };

/** A suggestion's text as it reads in the panel: line breaks named, long passages cut. */
function shown(text: string): string {
  const visible = text.replace(/\n/g, ` ${t("suggestions.lineBreak")} `);
  return visible.length > 240 ? `${visible.slice(0, 240)}…` : visible;
}

/**
 * The open (and outdated) suggested edits, oldest first; the author or an admin
 * decides them here (`decide_suggestion`). Clicking one shows it in the text.
 */
export function SuggestionsPanel({ suggestions, canDecide, activeId, onFocus, onDecide }: {
  suggestions: Suggestion[] | undefined;
  canDecide: boolean;
  activeId: number | null;
  onFocus: (suggestion: Suggestion) => void;
  /** Resolves with the sentence to announce; throws an ApiError with the server's Spanish message. */
  onDecide: (request: SuggestionDecisionRequest) => Promise<string>;
}) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const open = (suggestions ?? []).filter((suggestion) => suggestion.status === "open");
  const outdated = (suggestions ?? []).filter((suggestion) => suggestion.status === "outdated");
  const listed = [...open, ...outdated].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id);
  const listRef = useRef<HTMLElement>(null);

  // A suggestion clicked in the text brings its item into view here.
  useEffect(() => {
    if (activeId === null) return;
    listRef.current?.querySelector(`[data-suggestion-id="${activeId}"]`)?.scrollIntoView({ block: "nearest" });
  }, [activeId]);

  async function decide(request: SuggestionDecisionRequest) {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      setMessage(await onDecide(request));
    } catch (failure) {
      setError(failure instanceof ApiError || failure instanceof Error ? failure.message : t("errors.unexpected"));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section ref={listRef} className="panel suggestions-panel" aria-labelledby="panel-sugerencias">
      <h2 id="panel-sugerencias">
        {t("suggestions.title")}
        {open.length > 0 && (
          <span className="count-badge"> {open.length === 1 ? t("suggestions.countOne") : t("suggestions.count", { count: open.length })}</span>
        )}
      </h2>
      {suggestions && listed.length === 0 && <p className="muted">{t("suggestions.none")}</p>}
      {listed.length > 0 && (
        <ol className="suggestion-list">
          {listed.map((suggestion) => {
            const isOutdated = suggestion.status === "outdated";
            return (
              <li
                key={suggestion.id}
                className={`suggestion ${isOutdated ? "suggestion-outdated" : ""} ${activeId === suggestion.id ? "is-active" : ""}`}
                data-suggestion-id={suggestion.id}
              >
                <button type="button" className="suggestion-focus link-button" onClick={() => onFocus(suggestion)}>
                  <span className="comment-meta">
                    <strong>{suggestion.authorName}</strong> · {formatTimestamp(suggestion.createdAt)} ·{" "}
                    {t("suggestions.in", { field: fieldLabel(suggestion.field as ReviewField) })}
                  </span>
                </button>
                {isOutdated && (
                  <p>
                    <span className="status-badge badge-outdated">{t("suggestions.outdated")}</span>{" "}
                    <span className="muted small">{t("suggestions.outdatedHint")}</span>
                  </p>
                )}
                {suggestion.deleted && (
                  <p className="suggestion-change">
                    <span className="muted small">{t("suggestions.delete")}: </span>
                    <del>{shown(suggestion.deleted)}</del>
                  </p>
                )}
                {suggestion.text && (
                  <p className="suggestion-change">
                    <span className="muted small">{t("suggestions.insert")}: </span>
                    <ins>{shown(suggestion.text)}</ins>
                  </p>
                )}
                {canDecide && (
                  <div className="suggestion-actions">
                    {!isOutdated && (
                      <button
                        type="button"
                        className="button-small"
                        disabled={busy}
                        onClick={() => void decide({ kind: "one", id: suggestion.id, decision: "accept" })}
                      >
                        {t("suggestions.accept")}
                      </button>
                    )}
                    <button
                      type="button"
                      className="button-small"
                      disabled={busy}
                      onClick={() => void decide({ kind: "one", id: suggestion.id, decision: "reject" })}
                    >
                      {t("suggestions.reject")}
                    </button>
                  </div>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {canDecide && open.length > 0 && (
        <div className="suggestions-all">
          <button type="button" disabled={busy} onClick={() => void decide({ kind: "all", decision: "accept" })}>
            {t("suggestions.acceptAll")}
          </button>
          <button type="button" disabled={busy} onClick={() => void decide({ kind: "all", decision: "reject" })}>
            {t("suggestions.rejectAll")}
          </button>
        </div>
      )}
      <p className="action-message" aria-live="polite">
        {message}
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
