import type { CheckResult } from "../../../shared/api/schemas";
import { t } from "../i18n/es";
import { fieldChecks } from "./field-checks";
import { FieldNotes } from "./FieldNotes";
import { OneLineEditor } from "./OneLineEditor";
import type { SheetMode } from "./review/review-plugin";
import { typedLinkProblem } from "./typed-content";

/**
 * Photo or video links: URL fields with add/remove, validated as typed. A link the server
 * would refuse stays in its field, marked invalid with the reason; it is not sent (and the
 * save status says so) until it is fixed or removed.
 */
export function MediaLinksField({ mode = "edit", kind, title, links, onChange, checks }: {
  mode?: SheetMode;
  kind: "photo" | "video";
  title: string;
  links: string[];
  onChange: (links: string[]) => void;
  checks: CheckResult[];
}) {
  const field = kind === "photo" ? "photoLinks" : "videoLinks";
  const idPrefix = kind === "photo" ? "campo-fotos" : "campo-video";
  const labelKey = kind === "photo" ? "editor.photoLink" : "editor.videoLink";
  const removeKey = kind === "photo" ? "editor.removePhotoLink" : "editor.removeVideoLink";

  function add() {
    onChange([...links, ""]);
    requestAnimationFrame(() => document.getElementById(`${idPrefix}-${links.length + 1}`)?.focus());
  }

  return (
    <section className="sheet-links" aria-label={kind === "photo" ? t("editor.photoLinks") : t("editor.videoLinks")}>
      {links.map((link, index) => {
        const n = index + 1;
        const problem = mode === "edit" ? typedLinkProblem(link) : null;
        const invalid = problem !== null;
        const notes = fieldChecks(checks, `${field}.${index}`);
        const notesId = `${idPrefix}-notas-${n}`;
        return (
          <div key={index} className="link-row">
            <span className="link-title">{title}</span>
            <OneLineEditor
              id={`${idPrefix}-${n}`}
              field={`${field}.${index}`}
              inputMode="url"
              className="link-input"
              aria-label={t(labelKey, { n })}
              aria-invalid={invalid}
              aria-describedby={invalid || notes.length ? notesId : undefined}
              value={link}
              placeholder="https://"
              onValue={(value) => onChange(links.map((item, position) => (position === index ? value : item)))}
            />
            {mode === "edit" && (
              <button
                type="button"
                className="icon-button"
                aria-label={t(removeKey, { n })}
                title={t(removeKey, { n })}
                onClick={() => onChange(links.filter((_, position) => position !== index))}
              >
                <span aria-hidden="true">×</span>
              </button>
            )}
            <FieldNotes id={notesId} checks={invalid ? [] : notes} extra={problem ? t(`linkProblem.${problem}`) : null} />
          </div>
        );
      })}
      {mode === "edit" && (
        <button type="button" className="add-button" onClick={add}>
          {kind === "photo" ? t("editor.addPhotoLink") : t("editor.addVideoLink")}
        </button>
      )}
    </section>
  );
}
