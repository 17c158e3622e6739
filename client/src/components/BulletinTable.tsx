import { Link } from "react-router";
import type { BulletinListItem } from "../../../shared/api/schemas";
import { formatNumber } from "../../../shared/bulletin/number";
import { t } from "../i18n/es";
import { formatCalendarDate, formatTimestamp } from "../i18n/format";

/** Bulletins as a table: number, date, headline (a link), author, status, last change. */
export function BulletinTable({ items, caption, linkTo }: {
  items: BulletinListItem[];
  caption: string;
  linkTo: (item: BulletinListItem) => string;
}) {
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
