import { useEffect, useId, useRef, useState } from "react";
import { t } from "../../i18n/es";
import type { Person } from "../../api/notification-types";
import { reviewerChoices, usePeople } from "./people";

/** `Raúl Revisor y Rita Revisora`, or `Cualquier revisor` for nobody in particular. */
export function reviewerSummary(names: string[]): string {
  return names.length === 0 ? t("reviewers.any") : new Intl.ListFormat("es", { type: "conjunction" }).format(names);
}

/**
 * Who may be asked, once the office's people are in; a chosen reviewer who may no longer
 * review (disabled, no longer a reviewer) is dropped from `value`, since the server would refuse them.
 */
export function usePrunedChoice(authorId: number, value: number[], onChange: (reviewerIds: number[]) => void) {
  const people = usePeople();
  const choices = reviewerChoices(people.data ?? [], authorId);
  const stale = people.data ? value.filter((id) => !choices.some((person) => person.id === id)) : [];
  useEffect(() => {
    if (stale.length > 0) onChange(value.filter((id) => !stale.includes(id)));
  });
  return { people: people.data ?? [], choices, loading: !people.data };
}

/**
 * The office's reviewers and admins as checkboxes, the author left out. `Cualquier revisor`
 * (no one in particular, `value` empty) is offered first when `allowAny`.
 */
export function ReviewerChecklist({ authorId, value, onChange, allowAny = true, disabled, people }: {
  authorId: number;
  value: number[];
  onChange: (reviewerIds: number[]) => void;
  allowAny?: boolean;
  disabled?: boolean;
  people: Person[];
}) {
  const choices = reviewerChoices(people, authorId);
  return (
    <ul className="reviewer-checklist">
      {allowAny && (
        <li>
          <label>
            <input type="checkbox" checked={value.length === 0} disabled={disabled} onChange={() => onChange([])} />
            {t("reviewers.any")}
          </label>
        </li>
      )}
      {choices.map((person) => (
        <li key={person.id}>
          <label>
            <input
              type="checkbox"
              checked={value.includes(person.id)}
              disabled={disabled}
              onChange={(event) => onChange(event.target.checked ? [...value, person.id] : value.filter((id) => id !== person.id))}
            />
            {person.name}
          </label>
        </li>
      ))}
    </ul>
  );
}

/**
 * `Revisión a cargo de: Cualquier revisor`, beside `Enviar a revisión`: a button that opens the
 * checklist (one or several reviewers, or any). Escape or a click elsewhere closes it.
 */
export function ReviewerPicker({ authorId, value, onChange, disabled }: {
  authorId: number;
  value: number[];
  onChange: (reviewerIds: number[]) => void;
  disabled?: boolean;
}) {
  const panelId = useId();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const { people, choices, loading } = usePrunedChoice(authorId, value, onChange);
  const summary = loading && value.length > 0 ? t("app.loading") : reviewerSummary(choices.filter((person) => value.includes(person.id)).map((person) => person.name));

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      root.current?.querySelector<HTMLButtonElement>("button")?.focus();
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  return (
    <div className="reviewer-picker" ref={root}>
      <button type="button" aria-expanded={open} aria-controls={panelId} disabled={disabled} title={summary} onClick={() => setOpen(!open)}>
        {t("reviewers.label")}: <strong>{summary}</strong>
      </button>
      {open && (
        <fieldset id={panelId} className="reviewer-picker-panel">
          <legend>{t("reviewers.label")}</legend>
          <ReviewerChecklist authorId={authorId} value={value} onChange={onChange} disabled={disabled} people={people} />
        </fieldset>
      )}
    </div>
  );
}
