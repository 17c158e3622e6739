import type { Bulletin } from "../bulletin/schema";
import type { Template } from "./schema";

/** The content of a new draft made from `template`: its placeholders, the place, the date; no number, no links. */
export function draftFromTemplate(template: Template, organizationPlace: string, date: string): Bulletin {
  return {
    number: null,
    place: template.defaultPlace ?? organizationPlace,
    date,
    title: template.titlePlaceholder,
    highlights: [...template.highlightSlots],
    body: template.body,
    photoLinks: [],
    videoLinks: [],
  };
}
