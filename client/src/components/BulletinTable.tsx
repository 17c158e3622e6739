import { Link } from "react-router";
import type { BulletinListItem } from "../../../shared/api/schemas";
import { formatNumber } from "../../../shared/bulletin/number";
import { t } from "../i18n/es";
import { reviewerSummary } from "./notifications/ReviewerPicker";
import { useSession } from "./Session";
import { formatCalendarDate, formatTimestamp } from "../i18n/format";

/**
 * Under the headline of a bulletin in review: `Para ti · Te lo pidió Ana Autora, 1 dic 2026,
 * 10:02` when the reader was asked, `A cargo de Raúl Revisor` otherwise; nothing for any reviewer.
 */
function ReviewersLine({ item, userId }: { item: BulletinListItem; userId: number | undefined }) {
  const mine = item.reviewers.find((reviewer) => reviewer.id === userId);
  if (mine) {
    return (
      <p className="list-reviewers small">
        <span className="assigned-badge">{t("reviewers.assignedToYouBadge")}</span>{" "}
        {mine.assignedById === userId
          ? t("reviewers.takenByYou", { date: formatTimestamp(mine.assignedAt) })
          : mine.assignedByName && t("reviewers.assignedToYou", { name: mine.assignedByName, date: formatTimestamp(mine.assignedAt) })}
      </p>
    );
  }
  if (item.reviewers.length === 0) return null;
  return <p className="list-reviewers small muted">{t("reviewers.inCharge", { names: reviewerSummary(item.reviewers.map((reviewer) => reviewer.name)) })}</p>;
}

/** Bulletins as a table: number, date, headline (a link), author, status, last change. */
export function BulletinTable({ items, caption, linkTo }: {
  items: BulletinListItem[];
  caption: string;
  linkTo: (item: BulletinListItem) => string;
}) {
  const userId = useSession().user?.id;
  return (
    <table className="bulletin-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t("list.col.number")}</th>
          <th scope="col">{t("list.col.date")}</th>
          <th scope="col">{t("list.col.title")}</th>
          <th scope="col">{t("list.col.author")}</th>
          <th scope="col">{t("list.col.status")}</th>
          <th scope="col">{t("list.col.updated")}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.id}>
            <td className="nowrap">{item.number ? formatNumber(item.number) : t("list.noNumber")}</td>
            <td className="nowrap">{item.date ? formatCalendarDate(item.date) : t("list.noDate")}</td>
            <td>
              <Link to={linkTo(item)}>{item.title.trim() || t("list.untitled")}</Link>
              {item.status === "in_review" && <ReviewersLine item={item} userId={userId} />}
            </td>
            <td>{item.authorName}</td>
            <td>
              <span className={`status-badge status-${item.status}`}>{t(`status.${item.status}`)}</span>
            </td>
            <td className="nowrap">{formatTimestamp(item.updatedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
