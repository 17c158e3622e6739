import type { Ref } from "react";
import type { CheckResult } from "../../../shared/api/schemas";
import type { BodyDoc } from "../../../shared/bulletin/body-schema";
import { todayInMexicoCity } from "../../../shared/bulletin/date-line";
import type { Bulletin, BulletinNumber } from "../../../shared/bulletin/schema";
import type { Organization } from "../../../shared/organization";
import { t } from "../i18n/es";
import { hasPlaceholder } from "./bulletin-text";
import { BodyEditor } from "./BodyEditor";
import { DateNumberLines } from "./DateNumberLines";
import { fieldChecks } from "./field-checks";
import { FieldNotes } from "./FieldNotes";
import { HighlightsField } from "./HighlightsField";
import { ClosingMark, Letterhead } from "./Letterhead";
import { MediaLinksField } from "./MediaLinksField";
import { OneLineField } from "./OneLineField";

export const TITLE_MAX = 180;

interface EditableSheetProps {
  draft: Bulletin;
  onChange: (changes: Partial<Bulletin>) => void;
  number: BulletinNumber | null;
  organization: Organization;
  checks: CheckResult[];
  initialBody: BodyDoc;
  bodyEpoch: number;
  ref?: Ref<HTMLElement>;
}

/** The bulletin as it will print, every part editable in place. */
export function EditableSheet(props: EditableSheetProps) {
  const { draft, onChange, number, organization, checks, initialBody, bodyEpoch, ref } = props;
  const titleLength = [...draft.title].length;
  const dateNotes = fieldChecks(checks, "date");
  const titleNotes = fieldChecks(checks, "title");
  const placeNotes = fieldChecks(checks, "place");
  const today = todayInMexicoCity();

  return (
    <article ref={ref} className="sheet sheet-editable" aria-label={t("editor.sheet")}>
      <Letterhead organization={organization} />

      <div className="sheet-controls">
        <label className="inline-field">
          <span>{t("editor.place")}</span>
          <input
            id="campo-lugar"
            type="text"
            className={hasPlaceholder(draft.place) ? "has-placeholder" : undefined}
            value={draft.place ?? ""}
            placeholder={organization.defaultPlace}
            aria-describedby={placeNotes.length ? "notas-lugar" : undefined}
            onChange={(event) => onChange({ place: event.target.value === "" ? null : event.target.value })}
          />
        </label>
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
      </div>
      <FieldNotes id="notas-lugar" checks={placeNotes} />
      <DateNumberLines place={draft.place} date={draft.date} number={number} dateLineId="linea-fecha" />
      <div id="notas-fecha">
        {!draft.date && <p className="field-note note-warning">{t("editor.noDate")}</p>}
        <FieldNotes id="notas-fecha-revision" checks={dateNotes} />
      </div>

      <div className="title-field">
        <OneLineField
          id="campo-titular"
          className="sheet-title"
          aria-label={t("editor.title")}
          aria-describedby="contador-titular notas-titular"
          aria-invalid={titleLength > TITLE_MAX}
          value={draft.title}
          onValue={(title) => onChange({ title })}
        />
        <p id="contador-titular" className={`counter ${titleLength > TITLE_MAX ? "counter-over" : ""}`}>
          {t("editor.titleCounter", { count: titleLength, max: TITLE_MAX })}
          {titleLength > TITLE_MAX && <span> — {t("editor.titleTooLong", { max: TITLE_MAX })}</span>}
        </p>
        <FieldNotes id="notas-titular" checks={titleNotes} />
      </div>

      <HighlightsField highlights={draft.highlights} onChange={(highlights) => onChange({ highlights })} checks={checks} />

      <div className="sheet-body">
        <BodyEditor
          initialBody={initialBody}
          body={draft.body}
          epoch={bodyEpoch}
          invalid={fieldChecks(checks, "body").some((check) => check.severity === "blocking")}
          onChange={(body) => onChange({ body })}
        />
        <FieldNotes id="notas-cuerpo" checks={fieldChecks(checks, "body")} />
      </div>

      <ClosingMark organization={organization} />

      <MediaLinksField
        kind="photo"
        title={organization.photoLinksLabel}
        links={draft.photoLinks}
        onChange={(photoLinks) => onChange({ photoLinks })}
        checks={checks}
      />
      <MediaLinksField
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
  );
}
