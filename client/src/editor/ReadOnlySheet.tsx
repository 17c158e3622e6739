import type { Ref } from "react";
import type { BulletinNumber, Bulletin } from "../../../shared/bulletin/schema";
import type { Organization } from "../../../shared/organization";
import { t } from "../i18n/es";
import { hasPlaceholder } from "./bulletin-text";
import { BodyView } from "./BodyView";
import { DateNumberLines } from "./DateNumberLines";
import { ClosingMark, Letterhead } from "./Letterhead";

/** The bulletin as it will print, read-only (review, archive, conflict view). */
export function ReadOnlySheet({ bulletin, number, organization, compact, numberPending, ref }: {
  bulletin: Bulletin;
  number: BulletinNumber | null;
  organization: Organization;
  compact?: boolean;
  /** False once approved or published: a missing number is not "to be given" any more. */
  numberPending?: boolean;
  ref?: Ref<HTMLElement>;
}) {
  return (
    <article ref={ref} className={`sheet sheet-readonly ${compact ? "sheet-compact" : ""}`} aria-label={t("editor.sheet")}>
      {!compact && <Letterhead organization={organization} label={bulletin.label} />}
      {compact && <p className="sheet-label">{bulletin.label?.trim() ? bulletin.label : organization.label}</p>}
      <DateNumberLines place={bulletin.place} date={bulletin.date} number={number} numberPending={numberPending} />
      <h2 className={`sheet-title-text ${hasPlaceholder(bulletin.title) ? "has-placeholder" : ""}`}>
        {bulletin.title || t("list.untitled")}
      </h2>
      {bulletin.highlights.length > 0 && (
        <ul className="sheet-highlights-text">
          {bulletin.highlights.map((highlight, index) => (
            <li key={index} className={hasPlaceholder(highlight) ? "has-placeholder" : undefined}>
              {highlight}
            </li>
          ))}
        </ul>
      )}
      <div className="sheet-body">
        <BodyView body={bulletin.body} />
      </div>
      <ClosingMark organization={organization} />
      <LinkLines label={organization.photoLinksLabel} links={bulletin.photoLinks} />
      <LinkLines label={organization.videoLinksLabel} links={bulletin.videoLinks} />
    </article>
  );
}

function LinkLines({ label, links }: { label: string; links: string[] }) {
  return links.map((link, index) => (
    <p key={index} className="link-line">
      <span className="link-title">{label}</span>{" "}
      {/^https?:\/\//i.test(link) ? (
        <a href={link} target="_blank" rel="noopener noreferrer nofollow">
          {link}
        </a>
      ) : (
        link
      )}
    </p>
  ));
}
