import { useImperativeHandle, useMemo, useRef, type Ref } from "react";
import type { Editor } from "@tiptap/react";
import type { CheckResult, Suggestion } from "../../../shared/api/schemas";
import type { BodyDoc } from "../../../shared/bulletin/body-schema";
import { todayInMexicoCity } from "../../../shared/bulletin/date-line";
import type { Bulletin, BulletinNumber } from "../../../shared/bulletin/schema";
import type { Organization } from "../../../shared/organization";
import type { ReviewField } from "../../../shared/review/fields";
import { t } from "../i18n/es";
import { BodyEditor } from "./BodyEditor";
import { DateNumberLines } from "./DateNumberLines";
import { fieldChecks } from "./field-checks";
import { FieldNotes } from "./FieldNotes";
import { HighlightsField } from "./HighlightsField";
import { ClosingMark, Letterhead } from "./Letterhead";
import { MediaLinksField } from "./MediaLinksField";
import { OneLineEditor } from "./OneLineEditor";
import { ReviewContext, type SheetReview } from "./review/ReviewContext";
import {
  revealPassage,
  type PassageAnchor,
  type ReviewCallbacks,
  type SheetMode,
  type SheetSelection,
  type SuggestionInput,
} from "./review/review-plugin";

export type { PassageAnchor, SheetMode, SheetSelection, SuggestionInput } from "./review/review-plugin";

export const TITLE_MAX = 180;

/** What the page can ask of the sheet (`sheetHandle`). */
export interface SheetHandle {
  /** Selects the passage in its field and scrolls it into view (a comment was clicked). */
  reveal(anchor: { field: string; from: number; to: number }): void;
}

interface EditableSheetProps {
  /** `edit`: typing changes the draft (autosaved through onChange); `suggest`: typing makes suggestions; `read`: selectable only. */
  mode?: SheetMode;
  /** In edit mode what is typed; in suggest and read mode the base text, never changed here. */
  draft: Bulletin;
  onChange?: (changes: Partial<Bulletin>) => void;
  /** In edit mode, the body's key presses: `read` gives its JSON when asked (after the pause); without it the body goes through onChange. */
  onBodyTyping?: (read: () => BodyDoc) => void;
  number: BulletinNumber | null;
  organization: Organization;
  checks: CheckResult[];
  /** Not read any more: the body starts from `draft.body` whenever the sheet mounts (kept so callers compile). */
  initialBody?: BodyDoc;
  /** Bump it when the content is replaced from outside (conflict, recovery, an accepted suggestion): the body takes `draft.body`. */
  bodyEpoch: number;
  /** False once approved or published: a missing number is not "to be given" any more. */
  numberPending?: boolean;
  /** Every suggestion of the bulletin; the open ones are drawn in their fields. */
  suggestions?: Suggestion[];
  /** Comment threads' passages, drawn highlighted. */
  anchors?: PassageAnchor[];
  activeCommentId?: number | null;
  activeSuggestionId?: number | null;
  /** The signed-in user's name, in the title of a suggestion being sent. */
  userName?: string | null;
  /** Suggest mode sends a finished suggestion; resolve once `suggestions` holds it (it replaces the pending one). */
  onSuggest?: (input: SuggestionInput) => Promise<void>;
  onFocusComment?: (id: number) => void;
  onFocusSuggestion?: (id: number) => void;
  /** A non-empty selection in one field (the `Comentar` button), or null when it collapses. */
  onSelectionChange?: (selection: SheetSelection | null) => void;
  sheetHandle?: Ref<SheetHandle>;
  ref?: Ref<HTMLElement>;
}

const NO_SUGGESTIONS: Suggestion[] = [];
const NO_ANCHORS: PassageAnchor[] = [];
const ignoreChange = () => {};

/**
 * The bulletin as it will print, in one layout for writing (`edit`), suggesting
 * (`suggest`) and reading (`read`): every part is a field editor that draws its
 * suggestions and comment anchors.
 */
export function EditableSheet(props: EditableSheetProps) {
  const { draft, number, organization, checks, bodyEpoch, ref } = props;
  const mode = props.mode ?? "edit";
  const editing = mode === "edit";
  const onChange = editing && props.onChange ? props.onChange : ignoreChange;
  const onBodyTyping = editing ? props.onBodyTyping : undefined;
  const suggestions = props.suggestions ?? NO_SUGGESTIONS;
  const anchors = props.anchors ?? NO_ANCHORS;

  const callbacks = useRef<ReviewCallbacks>({});
  callbacks.current = {
    onSuggest: props.onSuggest,
    onFocusComment: props.onFocusComment,
    onFocusSuggestion: props.onFocusSuggestion,
    onSelectionChange: props.onSelectionChange,
  };
  const editors = useRef(new Map<string, Editor>()).current;
  const review = useMemo<SheetReview>(
    () => ({
      mode,
      suggestions,
      anchors,
      activeCommentId: props.activeCommentId ?? null,
      activeSuggestionId: props.activeSuggestionId ?? null,
      userName: props.userName ?? null,
      callbacks,
      editors,
    }),
    [mode, suggestions, anchors, props.activeCommentId, props.activeSuggestionId, props.userName, editors],
  );

  useImperativeHandle(
    props.sheetHandle,
    () => ({
      reveal(anchor) {
        const editor = editors.get(anchor.field);
        if (editor && !editor.isDestroyed) revealPassage(editor.view, anchor.field as ReviewField, anchor.from, anchor.to);
      },
    }),
    [editors],
  );

  const titleLength = [...draft.title].length;
  const dateNotes = fieldChecks(checks, "date");
  const titleNotes = fieldChecks(checks, "title");
  const placeNotes = fieldChecks(checks, "place");
  const today = todayInMexicoCity();
  // Reading, the place is in the date line; its field shows only to carry a suggestion or a comment.
  const showPlace = mode !== "read" || suggestions.some((item) => item.field === "place" && item.status === "open") || anchors.some((anchor) => anchor.field === "place");

  return (
    <ReviewContext value={review}>
      <article ref={ref} className={`sheet sheet-editable sheet-mode-${mode}`} aria-label={t("editor.sheet")}>
        <Letterhead organization={organization} label={draft.label} />

        {(editing || showPlace) && (
          <div className="sheet-controls">
            {showPlace && (
              <div className="inline-field">
                <span aria-hidden="true">{t("editor.place")}</span>
                <OneLineEditor
                  id="campo-lugar"
                  field="place"
                  className="place-input"
                  aria-label={t("editor.place")}
                  aria-describedby={placeNotes.length ? "notas-lugar" : undefined}
                  value={draft.place ?? ""}
                  placeholder={organization.defaultPlace}
                  onValue={(place) => onChange({ place: place === "" ? null : place })}
                />
              </div>
            )}
            {editing && (
              <>
                <label className="inline-field">
                  <span>{t("editor.date")}</span>
                  <input
                    id="campo-fecha"
                    type="date"
                    value={draft.date ?? ""}
                    aria-describedby="linea-fecha notas-fecha"
                    onChange={(event) => onChange({ date: event.target.value || null })}
                  />
                </label>
                <button type="button" className="button-quiet" onClick={() => onChange({ date: today })}>
                  {t("editor.today")}
                </button>
              </>
            )}
          </div>
        )}
        <FieldNotes id="notas-lugar" checks={placeNotes} />
        <DateNumberLines place={draft.place} date={draft.date} number={number} dateLineId="linea-fecha" numberPending={props.numberPending} />
        <div id="notas-fecha">
          {editing && !draft.date && <p className="field-note note-warning">{t("editor.noDate")}</p>}
          <FieldNotes id="notas-fecha-revision" checks={dateNotes} />
        </div>

        <div className="title-field">
          <OneLineEditor
            id="campo-titular"
            field="title"
            className="sheet-title"
            aria-label={t("editor.title")}
            aria-describedby={editing ? "contador-titular notas-titular" : "notas-titular"}
            aria-invalid={titleLength > TITLE_MAX}
            value={draft.title}
            onValue={(title) => onChange({ title })}
          />
          {editing && (
            <p id="contador-titular" className={`counter ${titleLength > TITLE_MAX ? "counter-over" : ""}`}>
              {t("editor.titleCounter", { count: titleLength, max: TITLE_MAX })}
              {titleLength > TITLE_MAX && <span> — {t("editor.titleTooLong", { max: TITLE_MAX })}</span>}
            </p>
          )}
          <FieldNotes id="notas-titular" checks={titleNotes} />
        </div>

        <HighlightsField mode={mode} highlights={draft.highlights} onChange={(highlights) => onChange({ highlights })} checks={checks} />

        <div className="sheet-body">
          <BodyEditor
            initialBody={draft.body}
            body={draft.body}
            epoch={bodyEpoch}
            invalid={fieldChecks(checks, "body").some((check) => check.severity === "blocking")}
            onChange={(body) => onChange({ body })}
            onTyping={onBodyTyping}
          />
          <FieldNotes id="notas-cuerpo" checks={fieldChecks(checks, "body")} />
        </div>

        <ClosingMark organization={organization} />

        <MediaLinksField
          mode={mode}
          kind="photo"
          title={organization.photoLinksLabel}
          links={draft.photoLinks}
          onChange={(photoLinks) => onChange({ photoLinks })}
          checks={checks}
        />
        <MediaLinksField
          mode={mode}
          kind="video"
          title={organization.videoLinksLabel}
          links={draft.videoLinks}
          onChange={(videoLinks) => onChange({ videoLinks })}
          checks={checks}
        />
        <p id="placeholder-hint" className="visually-hidden">
          {t("editor.placeholderHint")}
        </p>
      </article>
    </ReviewContext>
  );
}
