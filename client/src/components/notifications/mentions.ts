/** The pure part of @mentions in the comment boxes: what is being typed, what to insert, who is still named. */

export interface Mentionable {
  id: number;
  name: string;
}

/** Lower case without accents, for matching `@raul` to `Raúl Revisor`. */
export const fold = (text: string) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

/**
 * The mention being typed at `caret`: an `@` at the start or after a space, followed by
 * at least one letter and nothing else up to the caret. Null when there is none (an e-mail address is not one).
 */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)@(\p{L}+)$/u.exec(before);
  const query = match?.[2];
  if (!query) return null;
  return { start: caret - query.length - 1, query };
}

/** The people whose name has a word starting with `query` (first names first), at most `limit`. */
export function matchPeople<T extends Mentionable>(people: T[], query: string, limit = 8): T[] {
  const wanted = fold(query);
  const rank = (person: T) => {
    const words = fold(person.name).split(/\s+/);
    if (words[0]?.startsWith(wanted)) return 0;
    return words.some((word) => word.startsWith(wanted)) ? 1 : -1;
  };
  return people
    .map((person) => ({ person, rank: rank(person) }))
    .filter((entry) => entry.rank >= 0)
    .sort((a, b) => a.rank - b.rank || a.person.name.localeCompare(b.person.name, "es"))
    .slice(0, limit)
    .map((entry) => entry.person);
}

/**
 * The text with `@query` (from `start` to `caret`) replaced by `@Name`, and where the caret goes:
 * after one space (the one already there, or a new one), or right after the name before punctuation.
 */
export function insertMention(text: string, start: number, caret: number, name: string): { text: string; caret: number } {
  const rest = text.slice(caret);
  const inserted = /^[\p{P}]/u.test(rest) ? `@${name}` : `@${name} `;
  const after = rest.replace(/^ /, "");
  return { text: text.slice(0, start) + inserted + after, caret: start + inserted.length };
}

/** The ids of the chosen people whose `@Name` is still in the text (each once, in order of choice). */
export function mentionedIds(text: string, chosen: Mentionable[]): number[] {
  const ids: number[] = [];
  for (const person of chosen) {
    if (ids.includes(person.id)) continue;
    const escaped = person.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    if (new RegExp(`(^|\\s)@${escaped}(?![\\p{L}\\p{N}])`, "u").test(text)) ids.push(person.id);
  }
  return ids;
}
