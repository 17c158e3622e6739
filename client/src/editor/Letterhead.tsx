import type { Organization } from "../../../shared/organization";

/** The letterhead and label at the top of the sheet, as the DOCX prints them; `label`: the bulletin's own (an imported `Nota informativa`). */
export function Letterhead({ organization, label }: { organization: Organization; label?: string }) {
  return (
    <header className="sheet-letterhead">
      <p className="letterhead-name">{organization.name}</p>
      <p className="letterhead-unit">{organization.unit}</p>
      {organization.motto && <p className="letterhead-motto">{organization.motto}</p>}
      <p className="sheet-label">{label?.trim() ? label : organization.label}</p>
    </header>
  );
}

/** The closing mark (`---o0o---`) after the body. */
export function ClosingMark({ organization }: { organization: Organization }) {
  return <p className="sheet-closing">{organization.closingMark}</p>;
}
