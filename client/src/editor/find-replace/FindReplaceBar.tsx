import type { Editor } from "@tiptap/react";
import { useEditorState } from "@tiptap/react";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { t } from "../../i18n/es";
import { findState } from "./find-replace-extension";

/**
 * The `Buscar` / `Reemplazar por` bar over the body, shown while the FindReplace
 * extension's state is open (Ctrl+F in the body); without `canReplace` (a sheet only
 * read or suggested on) it only finds. Enter goes to the next match,
 * Shift+Enter to the previous one, Escape closes and gives the text back its cursor.
 */
export function FindReplaceBar({ editor, canReplace = true }: { editor: Editor; canReplace?: boolean }) {
  const find = useEditorState({
    editor,
    selector: ({ editor: current }) => {
      const state = findState(current.state);
      return {
        open: state.open,
        openCount: state.openCount,
        query: state.query,
        total: state.matches.length,
        current: state.current,
        matchCase: state.matchCase,
        matchAccents: state.matchAccents,
      };
    },
  });
  const [replacement, setReplacement] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!find.open) return;
    searchRef.current?.focus();
    searchRef.current?.select();
  }, [find.open, find.openCount]);

  // Escape also closes when the focus fell out of the bar (a button that became disabled).
  useEffect(() => {
    if (!find.open) return;
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (event.key !== "Escape" || event.defaultPrevented) return;
      const active = document.activeElement;
      if (active && active !== document.body) return;
      event.preventDefault();
      editor.chain().closeFind().focus().run();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [editor, find.open]);

  if (!find.open) return null;

  function close() {
    editor.chain().closeFind().focus().run();
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "f") {
      event.preventDefault();
      searchRef.current?.select();
    } else if (
      (event.ctrlKey || event.metaKey) &&
      (notice !== null || !(event.target instanceof HTMLInputElement && event.target.type !== "checkbox"))
    ) {
      // Ctrl+Z right after Reemplazar todo (its notice still shown, the focus back in the search box)
      // undoes it in the text, as in Word; otherwise the boxes keep their own undo.
      const key = event.key.toLowerCase();
      if (key === "z" || key === "y") {
        event.preventDefault();
        if (key === "y" || event.shiftKey) editor.commands.redo();
        else editor.commands.undo();
        setNotice(null);
      }
    }
  }

  const count = find.query === "" ? "" : find.total === 0 ? t("find.none") : t("find.count", { current: find.current + 1, total: find.total });

  return (
    <div className="find-bar" role="search" aria-label={t("find.label")} onKeyDown={onKeyDown}>
      <div className="find-row">
        <label className="find-field">
          <span>{t("find.search")}</span>
          <input
            ref={searchRef}
            type="search"
            value={find.query}
            lang="es-MX"
            spellCheck={false}
            aria-describedby="find-count"
            onChange={(event) => {
              setNotice(null);
              editor.commands.setFindQuery(event.target.value);
            }}
            onKeyDown={(event) => {
              if (event.key !== "Enter") return;
              event.preventDefault();
              editor.commands.findStep(event.shiftKey ? -1 : 1);
            }}
          />
        </label>
        <span id="find-count" className="find-count" role="status" aria-live="polite">
          {notice ?? count}
        </span>
        <button type="button" onClick={() => editor.commands.findStep(-1)} disabled={find.total === 0}>
          {t("find.previous")}
        </button>
        <button type="button" onClick={() => editor.commands.findStep(1)} disabled={find.total === 0}>
          {t("find.next")}
        </button>
        <button type="button" className="button-quiet find-close" onClick={close} aria-label={t("find.close")} title={t("find.close")}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
      {canReplace && (
        <div className="find-row">
          <label className="find-field">
            <span>{t("find.replace")}</span>
            <input
              type="text"
              value={replacement}
              lang="es-MX"
              onChange={(event) => {
                setNotice(null);
                setReplacement(event.target.value);
              }}
              onKeyDown={(event) => {
                if (event.key !== "Enter") return;
                event.preventDefault();
                editor.commands.replaceMatch(replacement);
              }}
            />
          </label>
          <button type="button" onClick={() => editor.commands.replaceMatch(replacement)} disabled={find.total === 0}>
            {t("find.replaceOne")}
          </button>
          <button
            type="button"
            onClick={() => {
              const total = find.total;
              if (editor.commands.replaceAllMatches(replacement)) setNotice(t("find.replaced", { count: total }));
              // The button is disabled now (no match left): the focus stays in the bar.
              searchRef.current?.focus();
            }}
            disabled={find.total === 0}
          >
            {t("find.replaceAll")}
          </button>
        </div>
      )}
      <div className="find-row find-options">
        <label>
          <input
            type="checkbox"
            checked={find.matchCase}
            onChange={(event) => editor.commands.setFindQuery(find.query, { matchCase: event.target.checked })}
          />{" "}
          {t("find.matchCase")}
        </label>
        <label>
          <input
            type="checkbox"
            checked={find.matchAccents}
            onChange={(event) => editor.commands.setFindQuery(find.query, { matchAccents: event.target.checked })}
          />{" "}
          {t("find.matchAccents")}
        </label>
      </div>
    </div>
  );
}
