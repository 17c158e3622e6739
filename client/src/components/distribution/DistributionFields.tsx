import "./distribution.css";
import { useId } from "react";
import type { ContactList } from "../../../../shared/api/distribution-schemas";
import type { DistributionChoice } from "../../api/distributions";
import { t } from "../../i18n/es";

export interface DistributionDraft {
  listIds: number[];
  /** `now` or `later` (at `sendAt`). */
  when: "now" | "later";
  sendAt: string;
  embargoed: boolean;
  embargoUntil: string;
  note: string;
}

export const EMPTY_DRAFT: DistributionDraft = { listIds: [], when: "now", sendAt: "", embargoed: false, embargoUntil: "", note: "" };

/** What the form asks the server for (the times as a clock in Mexico City reads them). */
export function choiceOf(draft: DistributionDraft): DistributionChoice {
  return {
    listIds: draft.listIds,
    ...(draft.when === "later" && draft.sendAt ? { sendAt: draft.sendAt } : {}),
    ...(draft.embargoed && draft.embargoUntil ? { embargoUntil: draft.embargoUntil } : {}),
    ...(draft.note.trim() ? { note: draft.note.trim() } : {}),
  };
}

/** What is missing before it can be sent, in Spanish; null when it can go. */
export function draftProblem(draft: DistributionDraft): string | null {
  if (draft.listIds.length === 0) return t("distribute.chooseList");
  if (draft.when === "later" && !draft.sendAt) return t("distribute.chooseTime");
  if (draft.embargoed && !draft.embargoUntil) return t("distribute.chooseEmbargo");
  return null;
}

/**
 * The lists (with how many of their contacts receive bulletins), when (`Ahora` or `Programar`,
 * hora del centro de México), an optional embargo, and a note on top of the e-mail.
 */
export function DistributionFields({ lists, value, onChange, disabled }: {
  lists: ContactList[] | undefined;
  value: DistributionDraft;
  onChange: (draft: DistributionDraft) => void;
  disabled?: boolean;
}) {
  const ids = { sendAt: useId(), embargo: useId(), note: useId() };
  const set = (changes: Partial<DistributionDraft>) => onChange({ ...value, ...changes });
  return (
    <div className="distribution-fields">
      <fieldset>
        <legend>{t("distribute.lists")}</legend>
        {!lists && <p className="muted">{t("app.loading")}</p>}
        {lists && lists.length === 0 && <p className="muted">{t("distribute.noLists")}</p>}
        <ul className="plain-checklist">
          {(lists ?? []).map((list) => (
            <li key={list.id}>
              <label>
                <input
                  type="checkbox"
                  disabled={disabled}
                  checked={value.listIds.includes(list.id)}
                  onChange={(event) => set({ listIds: event.target.checked ? [...value.listIds, list.id] : value.listIds.filter((id) => id !== list.id) })}
                />
                {list.name} <span className="muted small">{t("distribute.listCount", { count: list.activeCount })}</span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <fieldset>
        <legend>{t("distribute.when")}</legend>
        <label className="inline-choice">
          <input type="radio" name="cuando" disabled={disabled} checked={value.when === "now"} onChange={() => set({ when: "now" })} />
          {t("distribute.now")}
        </label>
        <label className="inline-choice">
          <input type="radio" name="cuando" disabled={disabled} checked={value.when === "later"} onChange={() => set({ when: "later" })} />
          {t("distribute.later")}
        </label>
        {value.when === "later" && (
          <label className="field" htmlFor={ids.sendAt}>
            <span>{t("distribute.sendAt")}</span>
            <input id={ids.sendAt} type="datetime-local" disabled={disabled} value={value.sendAt} onChange={(event) => set({ sendAt: event.target.value })} />
          </label>
        )}
      </fieldset>
      <fieldset>
        <legend>{t("distribute.embargo")}</legend>
        <label className="inline-choice">
          <input type="checkbox" disabled={disabled} checked={value.embargoed} onChange={(event) => set({ embargoed: event.target.checked })} />
          {t("distribute.embargoed")}
        </label>
        {value.embargoed && (
          <label className="field" htmlFor={ids.embargo}>
            <span>{t("distribute.embargoUntil")}</span>
            <input id={ids.embargo} type="datetime-local" disabled={disabled} value={value.embargoUntil} onChange={(event) => set({ embargoUntil: event.target.value })} />
          </label>
        )}
        <p className="muted small">{t("distribute.timeZone")}</p>
      </fieldset>
      <label className="field" htmlFor={ids.note}>
        <span>{t("distribute.note")}</span>
        <textarea id={ids.note} rows={3} maxLength={2000} disabled={disabled} value={value.note} onChange={(event) => set({ note: event.target.value })} />
      </label>
    </div>
  );
}
