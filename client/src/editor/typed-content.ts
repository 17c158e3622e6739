import { webLinkIssue, type WebLinkProblemCode } from "../../../shared/bulletin/web-link";
import type { Bulletin } from "../../../shared/bulletin/schema";
import { bulletinContent } from "../api/endpoints";

/** Something typed that the server would refuse, so it is kept on screen and in this browser only. */
export interface InvalidInput {
  /** The field's path, as the checks name it: `photoLinks.1`, `videoLinks.0`. */
  field: string;
  code: WebLinkProblemCode;
}

/** Why a typed photo/video link cannot be saved, or null when it can (an empty field is neither). */
export function typedLinkProblem(link: string): WebLinkProblemCode | null {
  const value = link.trim();
  return value === "" ? null : (webLinkIssue(value)?.code ?? null);
}

/**
 * What the editor holds, split into what goes to the server (empty link fields dropped,
 * links trimmed) and what it would refuse (a link that is not an http(s) address), which
 * stays in its field, in the local copy and in the save status until the writer fixes it.
 */
export function splitTypedContent(typed: Bulletin): { savable: Bulletin; invalid: InvalidInput[] } {
  const invalid: InvalidInput[] = [];
  const links = (list: string[], field: "photoLinks" | "videoLinks") =>
    list.flatMap((link, index) => {
      const code = typedLinkProblem(link);
      if (code) invalid.push({ field: `${field}.${index}`, code });
      return code || link.trim() === "" ? [] : [link.trim()];
    });
  const savable = { ...bulletinContent(typed), photoLinks: links(typed.photoLinks, "photoLinks"), videoLinks: links(typed.videoLinks, "videoLinks") };
  return { savable, invalid };
}
