/**
 * Hostile but valid bulletin content, the same for the integration tests and the bench:
 * long texts with nothing in common, and an official's name misspelt thousands of times.
 */

const VOWELS = "aeiou";
// Disjoint consonants per text, so two texts share no word at all.
const CONSONANTS = ["bcdfgh", "jklmnp", "qrstvz"];

/** `count` words of made-up Spanish-looking text, `perParagraph` a paragraph; seeds 1–3 give texts with no word in common. */
export function unrelatedParagraphs(count: number, seed: number, perParagraph = 100): string[] {
  const consonants = CONSONANTS[(seed - 1) % CONSONANTS.length]!;
  let state = seed * 2_654_435_761;
  const random = (below: number) => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return (state >>> 8) % below;
  };
  const word = () =>
    Array.from({ length: 2 + random(3) }, () => consonants[random(consonants.length)]! + VOWELS[random(VOWELS.length)]!).join("");
  const paragraphs: string[] = [];
  for (let start = 0; start < count; start += perParagraph) {
    const words = Array.from({ length: Math.min(perParagraph, count - start) }, word);
    paragraphs.push(`${words.join(" ")}.`);
  }
  return paragraphs;
}

/** `count` different misspellings of «Zoé Robledo»: accents on the wrong letters (never the right spelling). */
export function misspellingsOfZoeRobledo(count: number): string[] {
  const o = ["o", "ó", "ò", "ô", "ö", "õ"];
  const e = ["e", "é", "è", "ê", "ë"];
  const spellings: string[] = [];
  for (const first of o) for (const second of e) for (const third of o) for (const fourth of e) for (const fifth of o) {
    const spelling = `Z${first}${second} R${third}bl${fourth}d${fifth}`;
    if (spelling !== "Zoé Robledo") spellings.push(spelling);
    if (spellings.length === count) return spellings;
  }
  return spellings;
}

/** Paragraphs mentioning `names` in turn, `count` mentions in all, 100 per paragraph. */
export function mentions(names: string[], count: number): string[] {
  const paragraphs: string[] = [];
  for (let start = 0; start < count; start += 100) {
    const sentences = Array.from({ length: Math.min(100, count - start) }, (_, index) => `Habló ${names[(start + index) % names.length]} con la prensa.`);
    paragraphs.push(sentences.join(" "));
  }
  return paragraphs;
}
