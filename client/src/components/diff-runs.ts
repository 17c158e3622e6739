import type { DiffPart } from "../../../shared/api/schemas";

const SPACES = /^[ \t\u00a0]+$/;

/**
 * Folds a word-by-word diff into runs a reader can follow: within a line, removed and
 * added words separated only by spaces become one removed phrase followed by one added
 * phrase (`[Titular: …]` struck through, then the new headline) instead of alternating
 * single words. Line breaks and unchanged words end a run.
 */
export function diffRuns(parts: DiffPart[]): DiffPart[] {
  const runs: DiffPart[] = [];
  let removed = "";
  let added = "";
  let trailing = "";
  let spaceBeforeRemoved = false;
  let spaceBeforeAdded = false;

  const flush = () => {
    if (removed) runs.push({ kind: "removed", text: removed });
    if (added) runs.push({ kind: "added", text: added });
    if (trailing) runs.push({ kind: "same", text: trailing });
    removed = added = trailing = "";
    spaceBeforeRemoved = spaceBeforeAdded = false;
  };

  for (const part of parts) {
    if (part.kind === "same") {
      if ((removed || added) && SPACES.test(part.text)) {
        trailing += part.text;
        spaceBeforeRemoved = spaceBeforeAdded = true;
        continue;
      }
      flush();
      runs.push(part);
      continue;
    }
    if (part.kind === "removed") {
      removed += (removed && spaceBeforeRemoved ? " " : "") + part.text;
      spaceBeforeRemoved = false;
    } else {
      added += (added && spaceBeforeAdded ? " " : "") + part.text;
      spaceBeforeAdded = false;
    }
    trailing = "";
  }
  flush();
  return runs;
}
