import type { CheckResult } from "../../../shared/api/schemas";
import { groupPlaceholderChecks } from "./field-checks";

/** Check messages shown under a field; `id` is what the field's aria-describedby names. */
export function FieldNotes({ id, checks, extra }: { id: string; checks: CheckResult[]; extra?: string | null }) {
  if (checks.length === 0 && !extra) return null;
  return (
    <ul id={id} className="field-notes">
      {extra && <li className="note-blocking">{extra}</li>}
      {groupPlaceholderChecks(checks).map((check) => (
        <li key={check.code + check.message} className={`note-${check.severity}`}>
          {check.message}
        </li>
      ))}
    </ul>
  );
}
