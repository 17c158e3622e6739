import type { Editor } from "@tiptap/react";
import { createContext, type RefObject } from "react";
import type { ReviewCallbacks, ReviewDisplay } from "./review-plugin";

/** What the sheet gives each of its field editors: what to draw (the plugin's display), whom to tell. */
export interface SheetReview extends ReviewDisplay {
  callbacks: RefObject<ReviewCallbacks>;
  /** The field editors by ReviewField name, for the sheet's reveal(). */
  editors: Map<string, Editor>;
}

export const ReviewContext = createContext<SheetReview | null>(null);
