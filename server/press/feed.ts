import { Feed } from "feed";
import { formatNumber } from "../../shared/bulletin/number";
import type { Organization } from "../../shared/organization";
import type { PublicListItem } from "../db/queries/press";
import { renderBulletinHtml } from "../export/html";
import { bulletinPath, spanishDate } from "./pages";

/** When an item appeared: its publication, else (the imported archive) its date, else now. */
function itemDate(item: PublicListItem): Date {
  if (item.withdrawnAt) return item.withdrawnAt;
  if (item.publishedAt) return item.publishedAt;
  return item.content.date ? new Date(`${item.content.date}T12:00:00-06:00`) : new Date();
}

/**
 * RSS 2.0 of the public bulletins (the newest first, as the list): each item links to
 * its page; a withdrawn one says so and carries none of its text.
 */
export function renderFeed(params: { organization: Organization; origin: string; items: PublicListItem[] }): string {
  const { organization, origin, items } = params;
  const dates = items.map(itemDate);
  const feed = new Feed({
    title: `Boletines de prensa · ${organization.name}`,
    description: `Boletines de prensa de ${organization.unit}, ${organization.name}.`,
    id: `${origin}/prensa`,
    link: `${origin}/prensa`,
    language: "es-MX",
    copyright: organization.name,
    generator: "Redacta",
    updated: dates.length ? new Date(Math.max(...dates.map((date) => date.getTime()))) : new Date(0),
    feedLinks: { rss: `${origin}/prensa/feed.xml` },
    ttl: 1,
  });
  items.forEach((item, index) => {
    const link = `${origin}${bulletinPath(item.number)}`;
    const number = formatNumber(item.number);
    if (item.withdrawnAt) {
      const note = item.withdrawalNote?.trim();
      feed.addItem({
        title: `${number} Boletín retirado`,
        id: link,
        link,
        date: dates[index]!,
        description: `Boletín retirado el ${spanishDate(item.withdrawnAt)}${note ? `: ${note}` : "."}`,
        category: [{ name: "retirado" }],
      });
      return;
    }
    feed.addItem({
      title: `${number} ${item.content.title}`,
      id: link,
      link,
      date: dates[index]!,
      ...(item.publishedAt ? { published: item.publishedAt } : {}),
      description: item.content.highlights.find((text) => text.trim()) ?? item.content.title,
      content: renderBulletinHtml(item.content, item.approvedProfile ?? organization),
    });
  });
  return feed.rss2();
}
