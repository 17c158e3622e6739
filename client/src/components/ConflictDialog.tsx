import type { BulletinResource } from "../../../shared/api/schemas";
import type { Bulletin } from "../../../shared/bulletin/schema";
import type { Organization } from "../../../shared/organization";
import { ReadOnlySheet } from "../editor/ReadOnlySheet";
import { canonicalJson } from "../editor/local-drafts";
import { t, type MessageKey } from "../i18n/es";
import { Dialog } from "./Dialog";
import { useUser } from "./Session";

/** The parts of the bulletin where the two versions differ, as dictionary keys. */
function differingParts(theirs: Bulletin, mine: Bulletin): MessageKey[] {
  const differ = (a: unknown, b: unknown) => canonicalJson(a) !== canonicalJson(b);
  const parts: MessageKey[] = [];
  if (differ([theirs.place, theirs.date], [mine.place, mine.date])) parts.push("conflict.part.dateLine");
  if (differ(theirs.title, mine.title)) parts.push("conflict.part.title");
  if (differ(theirs.highlights, mine.highlights)) parts.push("conflict.part.highlights");
  if (differ(theirs.body, mine.body)) parts.push("conflict.part.body");
  if (differ([theirs.photoLinks, theirs.videoLinks], [mine.photoLinks, mine.videoLinks])) parts.push("conflict.part.links");
  return parts;
}

/** `a`, `a y b`, `a, b y c`. */
function joinList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} y ${items.at(-1)}`;
}

/**
 * A save refused with 409: their saved version and mine side by side, and three ways
 * on. Closing it keeps the conflict open (nothing is saved or dropped). When the
 * version in the way was saved by the signed-in user, it says so (another window or
 * tab) instead of blaming someone else.
 */
export function ConflictDialog({ theirs, mine, organization, onKeepTheirs, onKeepMine, onCopyFromBoth, onClose }: {
  theirs: BulletinResource;
  mine: Bulletin;
  organization: Organization;
  onKeepTheirs: () => void;
  onKeepMine: () => void;
  onCopyFromBoth: () => void;
  onClose: () => void;
}) {
  const user = useUser();
  const differences = differingParts(theirs, mine);
  const savedBy = theirs.lastSavedBy ?? null;
  const byMe = savedBy !== null && savedBy.id === user.id;
  const title = byMe ? t("conflict.titleSelf") : savedBy ? t("conflict.titleOther", { name: savedBy.name }) : t("conflict.title");
  return (
    <Dialog title={title} onClose={onClose} className="dialog-wide">
      <p>
        {byMe
          ? t("conflict.introSelf", { version: theirs.version })
          : t("conflict.intro", { name: savedBy?.name ?? t("conflict.someone"), version: theirs.version })}
      </p>
      <p className="conflict-differences">
        {differences.length > 0
          ? t("conflict.differences", { parts: joinList(differences.map((part) => t(part))) })
          : t("conflict.noDifferences")}
      </p>
      <div className="conflict-columns">
        <section aria-labelledby="conflicto-suya">
          <h3 id="conflicto-suya">{byMe ? t("conflict.theirsSelf") : t("conflict.theirs")}</h3>
          <ReadOnlySheet bulletin={theirs} number={theirs.number} organization={organization} compact />
        </section>
        <section aria-labelledby="conflicto-mia">
          <h3 id="conflicto-mia">{byMe ? t("conflict.mineSelf") : t("conflict.mine")}</h3>
          <ReadOnlySheet bulletin={mine} number={theirs.number} organization={organization} compact />
        </section>
      </div>
      <div className="conflict-choices">
        <div>
          <button type="button" onClick={onKeepTheirs} aria-describedby="conflicto-suya-ayuda">
            {byMe ? t("conflict.keepTheirsSelf") : t("conflict.keepTheirs")}
          </button>
          <p id="conflicto-suya-ayuda" className="muted small">{t("conflict.keepTheirsHint")}</p>
        </div>
        <div>
          <button type="button" className="button-primary" onClick={onKeepMine} aria-describedby="conflicto-mia-ayuda">
            {t("conflict.keepMine")}
          </button>
          <p id="conflicto-mia-ayuda" className="muted small">{byMe ? t("conflict.keepMineHintSelf") : t("conflict.keepMineHint")}</p>
        </div>
        <div>
          <button type="button" onClick={onCopyFromBoth} aria-describedby="conflicto-ambas-ayuda">
            {t("conflict.copyFromBoth")}
          </button>
          <p id="conflicto-ambas-ayuda" className="muted small">{byMe ? t("conflict.copyFromBothHintSelf") : t("conflict.copyFromBothHint")}</p>
        </div>
      </div>
    </Dialog>
  );
}
