import { formatDateLine } from "../../shared/bulletin/date-line";
import { formatNumber } from "../../shared/bulletin/number";
import type { Bulletin } from "../../shared/bulletin/schema";
import { embargoLine } from "../../shared/distribution/mexico-time";
import type { Organization } from "../../shared/organization";
import { bulletinLabel, exportableBulletin } from "../export/exportable";
import { escapeHtml, renderBodyHtml } from "../export/html";
import { renderText } from "../export/text";

/**
 * The e-mail a distribution sends: the same for every recipient but for the unsubscribe
 * footer (`withUnsubscribe`). The text is the bulletin's approved revision, as the DOCX and
 * PDF attached to it; the note and any embargo, correction or withdrawal line go on top.
 */

export type DistributionKind = "original" | "correction" | "withdrawal";

export interface MessageInput {
  kind: DistributionKind;
  content: Bulletin;
  organization: Organization;
  note: string;
  embargoUntil: Date | null;
  /** `correction`: what was corrected; `withdrawal`: why it is withdrawn. */
  reason?: string | null;
}

export interface Message {
  subject: string;
  /** The lines printed above the bulletin, also in its attachments (`EMBARGADO HASTA …`, `CORRECCIÓN`). */
  banner: string[];
  text: string;
  html: string;
}

/** `Boletín No. 493/2024: <titular>`, with CORRECCIÓN or RETIRADO before it. */
export function distributionSubject(kind: DistributionKind, content: Bulletin): string {
  const number = content.number ? `Boletín ${formatNumber(content.number).replace(/\.$/, "")}` : "Boletín";
  const title = content.title.replace(/\s+/g, " ").trim();
  const base = `${number}: ${title}`;
  return kind === "correction" ? `CORRECCIÓN · ${base}` : kind === "withdrawal" ? `RETIRADO · ${base}` : base;
}

/** The lines above the bulletin in the e-mail and in its attachments. */
export function distributionBanner(input: Pick<MessageInput, "kind" | "embargoUntil" | "reason">): string[] {
  const lines: string[] = [];
  if (input.kind === "correction") lines.push(`CORRECCIÓN / FE DE ERRATAS${input.reason ? `: ${input.reason}` : ""}`);
  if (input.kind === "withdrawal") lines.push(`BOLETÍN RETIRADO${input.reason ? `: ${input.reason}` : ""}`);
  if (input.embargoUntil) lines.push(embargoLine(input.embargoUntil));
  return lines;
}

/** The bulletin in the office layout as e-mail HTML (inline styles only: mail readers drop the rest). */
export function bulletinHtml(stored: Bulletin, organization: Organization): string {
  const bulletin = exportableBulletin(stored);
  const parts: string[] = [
    `<p style="text-align:center;margin:0"><strong>${escapeHtml(organization.name)}</strong><br>${escapeHtml(organization.unit)}${organization.motto ? `<br><small>${escapeHtml(organization.motto)}</small>` : ""}<br><strong>${escapeHtml(bulletinLabel(bulletin, organization))}</strong></p>`,
  ];
  if (bulletin.date) parts.push(`<p style="text-align:right">${escapeHtml(formatDateLine(bulletin.place ?? organization.defaultPlace, bulletin.date))}</p>`);
  if (bulletin.number) parts.push(`<p style="text-align:right">${escapeHtml(formatNumber(bulletin.number))}</p>`);
  parts.push(`<h1 style="font-size:1.25em;text-align:center">${escapeHtml(bulletin.title)}</h1>`);
  const highlights = bulletin.highlights.filter((text) => text.trim());
  if (highlights.length) parts.push(`<ul>${highlights.map((text) => `<li><strong>${escapeHtml(text)}</strong></li>`).join("")}</ul>`);
  parts.push(`<div style="text-align:justify">${renderBodyHtml(bulletin.body)}</div>`);
  parts.push(`<p style="text-align:center">${escapeHtml(organization.closingMark)}</p>`);
  for (const [label, links] of [[organization.photoLinksLabel, bulletin.photoLinks], [organization.videoLinksLabel, bulletin.videoLinks]] as const) {
    if (links.length === 0) continue;
    parts.push(`<p><strong>${escapeHtml(label)}</strong><br>${links.map((url) => `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`).join("<br>")}</p>`);
  }
  return parts.join("\n");
}

/** The message of a distribution, before the recipient's unsubscribe footer. */
export function distributionMessage(input: MessageInput): Message {
  const banner = distributionBanner(input);
  const subject = distributionSubject(input.kind, input.content);
  const note = input.note.trim();
  if (input.kind === "withdrawal") {
    // A withdrawal carries no text of the bulletin: only which one, and that it must not run.
    const which = `${input.content.number ? formatNumber(input.content.number).replace(/\.$/, "") : "El boletín"} «${input.content.title.replace(/\s+/g, " ").trim()}»`;
    const ask = `${input.organization.name} retira el boletín ${which}. Les pedimos no publicarlo y, si ya lo publicaron, indicar que fue retirado.`;
    return {
      subject,
      banner,
      text: [...banner, ask, ...(note ? [note] : [])].join("\n\n"),
      html: [
        `<div style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.45;color:#111;max-width:42em">`,
        ...banner.map((line) => `<p style="border:2px solid #9a1c1c;color:#9a1c1c;padding:0.4em 0.6em;font-weight:bold">${escapeHtml(line)}</p>`),
        `<p>${escapeHtml(ask)}</p>`,
        ...(note ? [`<p style="white-space:pre-wrap">${escapeHtml(note)}</p>`] : []),
        `</div>`,
      ].join("\n"),
    };
  }
  const bulletinText = renderText(input.content, { organization: input.organization, draft: false });
  const text = [...banner, ...(note ? [note] : []), bulletinText].join("\n\n");
  const html = [
    `<div style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.45;color:#111;max-width:42em">`,
    ...banner.map((line) => `<p style="border:2px solid #9a1c1c;color:#9a1c1c;padding:0.4em 0.6em;font-weight:bold">${escapeHtml(line)}</p>`),
    ...(note ? [`<p style="white-space:pre-wrap;background:#f4f6f8;padding:0.6em">${escapeHtml(note)}</p>`] : []),
    bulletinHtml(input.content, input.organization),
    `</div>`,
  ].join("\n");
  return { subject, banner, text, html };
}

/** The recipient's copy: the message with the unsubscribe link at the foot. */
export function withUnsubscribe(message: Pick<Message, "text" | "html">, organizationName: string, link: string): { text: string; html: string } {
  const line = `Recibes este boletín porque estás en una lista de medios de ${organizationName}. Para dejar de recibirlos: ${link}`;
  return {
    text: `${message.text}\n\n--\n${line}\n`,
    html: `${message.html}\n<hr><p style="font-family:Arial,Helvetica,sans-serif;font-size:12px;color:#555">Recibes este boletín porque estás en una lista de medios de ${escapeHtml(organizationName)}. <a href="${escapeHtml(link)}">Dejar de recibirlos</a></p>`,
  };
}
