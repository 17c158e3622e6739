import type { CheckResult } from "../../../shared/api/schemas";
import { t } from "../i18n/es";
import { fieldChecks } from "./field-checks";
import { FieldNotes } from "./FieldNotes";
import { OneLineEditor } from "./OneLineEditor";
import type { SheetMode } from "./review/review-plugin";

export const MAX_HIGHLIGHTS = 5;

/** The 1–5 bold bullet lines under the headline: add, remove, move up and down (while editing). */
export function HighlightsField({ mode = "edit", highlights, onChange, checks }: {
  mode?: SheetMode;
  highlights: string[];
  onChange: (highlights: string[]) => void;
  checks: CheckResult[];
}) {
  function move(index: number, offset: number) {
    const next = [...highlights];
    const [item] = next.splice(index, 1);
    next.splice(index + offset, 0, item ?? "");
    onChange(next);
    // Keep the keyboard on the moved line's field.
    requestAnimationFrame(() => document.getElementById(`campo-destacado-${index + offset + 1}`)?.focus());
  }

  function remove(index: number) {
    onChange(highlights.filter((_, position) => position !== index));
    requestAnimationFrame(() =>
      (
        document.getElementById(`campo-destacado-${Math.max(1, index)}`) ??
        document.getElementById("agregar-destacado")
      )?.focus(),
    );
  }

  function add() {
    onChange([...highlights, ""]);
    requestAnimationFrame(() => document.getElementById(`campo-destacado-${highlights.length + 1}`)?.focus());
  }

  return (
    <section className="sheet-highlights" aria-label={t("editor.highlights")}>
      <ul className="highlight-list">
        {highlights.map((highlight, index) => {
          const n = index + 1;
          const notesId = `notas-destacado-${n}`;
          const notes = fieldChecks(checks, `highlights.${index}`);
          return (
            <li key={index} className="highlight-row">
              <span className="highlight-bullet" aria-hidden="true">-</span>
              <div className="highlight-input">
                <OneLineEditor
                  id={`campo-destacado-${n}`}
                  field={`highlights.${index}`}
                  aria-label={t("editor.highlight", { n })}
                  aria-describedby={notes.length ? notesId : undefined}
                  className="sheet-highlight"
                  value={highlight}
                  onValue={(value) => onChange(highlights.map((item, position) => (position === index ? value : item)))}
                />
                <FieldNotes id={notesId} checks={notes} />
              </div>
              {mode === "edit" && (
                <span className="row-tools">
                  <button
                    type="button"
                    className="icon-button"
                    disabled={index === 0}
                    aria-label={t("editor.moveHighlightUp", { n })}
                    title={t("editor.moveHighlightUp", { n })}
                    onClick={() => move(index, -1)}
                  >
                    <span aria-hidden="true">↑</span>
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    disabled={index === highlights.length - 1}
                    aria-label={t("editor.moveHighlightDown", { n })}
                    title={t("editor.moveHighlightDown", { n })}
                    onClick={() => move(index, 1)}
                  >
                    <span aria-hidden="true">↓</span>
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    disabled={highlights.length <= 1}
                    aria-label={t("editor.removeHighlight", { n })}
                    title={t("editor.removeHighlight", { n })}
                    onClick={() => remove(index)}
                  >
                    <span aria-hidden="true">×</span>
                  </button>
                </span>
              )}
            </li>
          );
        })}
      </ul>
      {mode === "edit" && (
        <>
          <button
            id="agregar-destacado"
            type="button"
            className="add-button"
            disabled={highlights.length >= MAX_HIGHLIGHTS}
            aria-describedby="limite-destacados"
            onClick={add}
          >
            {t("editor.addHighlight")}
          </button>
          <span id="limite-destacados" className="muted small">
            {t("editor.highlightLimit", { max: MAX_HIGHLIGHTS })}
          </span>
        </>
      )}
    </section>
  );
}
