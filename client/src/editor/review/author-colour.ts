/** How many author colours styles.css defines (`.suggestion-colour-0` … `-7`): hues far apart and from the anchors' yellow. */
export const AUTHOR_COLOURS = 8;

/**
 * A stable colour per author for their suggestions, as a class (the app's CSP allows
 * no style attributes). `pending` is the orange of one's own suggestion not sent yet.
 */
export function authorColourClass(authorId: number | "pending"): string {
  return authorId === "pending" ? "suggestion-colour-pending" : `suggestion-colour-${Math.abs(authorId) % AUTHOR_COLOURS}`;
}
