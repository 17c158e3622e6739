import type { Editor } from "@tiptap/react";
import { createContext, type RefObject } from "react";
import type { Suggestion } from "../../../../shared/api/schemas";
import type { PassageAnchor, ReviewCallbacks, SheetMode } from "./review-plugin";

/** What the sheet gives each of its field editors: the mode, what to draw, whom to tell. */
export interface SheetReview {
  mode: SheetMode;
  suggestions: Suggestion[];
  anchors: PassageAnchor[];
  activeCommentId: number | null;
  activeSuggestionId: number | null;
  userName: string | null;
  callbacks: RefObject<ReviewCallbacks>;
  /** The field editors by ReviewField name, for the sheet's reveal(). */
  editors: Map<string, Editor>;
}

export const ReviewContext = createContext<SheetReview | null>(null);
