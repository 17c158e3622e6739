import { useEffect, useId, useRef, useState } from "react";
import { t } from "../../i18n/es";
import type { Person } from "../../api/notification-types";
import { reviewerChoices, usePeople } from "./people";

/** `Raúl Revisor y Rita Revisora`, or `Cualquier revisor` for nobody in particular. */
export function reviewerSummary(names: string[]): string {
  return names.length === 0 ? t("reviewers.any") : new Intl.ListFormat("es", { type: "conjunction" }).format(names);
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
  const { data: people = [] } = usePeople();
  const chosen = reviewerChoices(people, authorId).filter((person) => value.includes(person.id));

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
      <button type="button" aria-expanded={open} aria-controls={panelId} disabled={disabled} title={reviewerSummary(chosen.map((person) => person.name))} onClick={() => setOpen(!open)}>
        {t("reviewers.label")}: <strong>{reviewerSummary(chosen.map((person) => person.name))}</strong>
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
