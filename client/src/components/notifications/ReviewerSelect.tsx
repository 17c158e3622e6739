import { useId } from "react";
import { t } from "../../i18n/es";
import { reviewerChoices, usePeople } from "./people";

/** `Revisión a cargo de`: `Cualquier revisor` (null) or one reviewer, sent as `reviewerIds` on submit. */
export function ReviewerSelect({ authorId, value, onChange, disabled }: {
  authorId: number;
  value: number | null;
  onChange: (reviewerId: number | null) => void;
  disabled?: boolean;
}) {
  const id = useId();
  const { data } = usePeople();
  const choices = reviewerChoices(data ?? [], authorId);
  return (
    <span className="reviewer-select">
      <label htmlFor={id}>{t("reviewers.label")}</label>
      <select id={id} value={value ?? ""} disabled={disabled} onChange={(event) => onChange(event.target.value ? Number(event.target.value) : null)}>
        <option value="">{t("reviewers.any")}</option>
        {choices.map((person) => (
          <option key={person.id} value={person.id}>
            {person.name}
          </option>
        ))}
      </select>
    </span>
  );
}
