import type { Bulletin } from "../../shared/bulletin/schema";
import { bodyPlainText } from "../../shared/bulletin/plain-text";
import { decodeBulletinBytes, parseBulletin } from "../../server/import/parse-bulletin";
import { pick, rng, seedFiles } from "./util";

/**
 * Realistic Spanish bulletins made by recombining the seeds: titles, highlights and
 * body sentences drawn from the five example bulletins, with places and dates varied.
 * Deterministic (fixed PRNG seed).
 */

const PLACES = [
  "Ciudad de México", "Guadalajara, Jalisco", "Monterrey, Nuevo León", "Mérida, Yucatán", "Tuxtla Gutiérrez, Chiapas",
  "Oaxaca de Juárez, Oaxaca", "Puebla, Puebla", "Hermosillo, Sonora", "Culiacán, Sinaloa", "Villahermosa, Tabasco",
];

export interface Material {
  titles: string[];
  highlights: string[];
  sentences: string[];
  /** Every distinct word of the seeds (letters only, ≥ 4 characters). */
  words: string[];
  seeds: Bulletin[];
}

function sentencesOf(paragraph: string): string[] {
  return paragraph
    .split(/(?<=[.!?])\s+(?=[A-ZÁÉÍÓÚÑ¿¡"“])/u)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length >= 30);
}

export function material(): Material {
  const seeds = seedFiles().map((seed) => parseBulletin(decodeBulletinBytes(seed.bytes)).bulletin);
  const titles = seeds.map((bulletin) => bulletin.title).filter(Boolean);
  const highlights = seeds.flatMap((bulletin) => bulletin.highlights).filter(Boolean);
  const paragraphs = seeds.flatMap((bulletin) => bodyPlainText(bulletin.body));
  const sentences = [...new Set(paragraphs.flatMap(sentencesOf))];
  const text = [...titles, ...highlights, ...paragraphs].join(" ");
  const words = [...new Set(text.match(/\p{L}{4,}/gu) ?? [])];
  // Headlines are few (5): more come from highlight and body sentences of headline length.
  const headlineLike = [...highlights, ...sentences].filter((sentence) => sentence.length >= 50 && sentence.length <= 180);
  return { titles: [...titles, ...headlineLike.map((s) => s.replace(/\.$/, ""))], highlights, sentences, words, seeds };
}

function isoDate(year: number, dayOfYear: number): string {
  const date = new Date(Date.UTC(year, 0, 1 + dayOfYear));
  return date.toISOString().slice(0, 10);
}

/** `count` bulletins, numbered 1..n within each year 2013–2023 (unique numbers). */
export function generateBulletins(count: number, source: Material = material()): Bulletin[] {
  const random = rng(20240925);
  // 2013–2023: clear of the seeded examples (2024), whose numbers must stay unique.
  const years = Array.from({ length: 11 }, (_, i) => 2013 + i);
  const perYear = Math.ceil(count / years.length);
  const bulletins: Bulletin[] = [];
  for (let i = 0; i < count; i++) {
    const year = years[Math.floor(i / perYear)]!;
    const seq = (i % perYear) + 1;
    const paragraphs = Array.from({ length: 5 + Math.floor(random() * 8) }, () =>
      Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(random, source.sentences)).join(" "),
    );
    bulletins.push({
      number: { seq, year },
      place: pick(random, PLACES),
      date: isoDate(year, Math.floor((seq / perYear) * 360)),
      title: pick(random, source.titles),
      highlights: Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(random, source.highlights)),
      body: {
        type: "doc",
        content: paragraphs.map((text) => ({ type: "paragraph" as const, content: [{ type: "text" as const, text }] })),
      },
      photoLinks: random() < 0.5 ? [`https://comunicacion.example.mx/fotos/${year}/${seq}`] : [],
      videoLinks: random() < 0.2 ? [`https://comunicacion.example.mx/video/${year}/${seq}`] : [],
    });
  }
  return bulletins;
}

function foldAccents(text: string): string {
  return text.normalize("NFD").replace(/\p{Diacritic}/gu, "").normalize("NFC");
}

export interface SearchQuery {
  kind: "name" | "name (no accents)" | "word" | "word (no accents)" | "plural/stem" | "phrase" | "no match";
  q: string;
}

/** ~200 archive searches: official names (and accent-less), words, accent-less words, plurals, phrases. */
export function searchQueries(source: Material, glossaryNames: string[], total = 200): SearchQuery[] {
  const random = rng(493);
  const queries: SearchQuery[] = [];
  for (const name of glossaryNames) {
    queries.push({ kind: "name", q: name });
    if (foldAccents(name) !== name) queries.push({ kind: "name (no accents)", q: foldAccents(name) });
  }
  const fixed: SearchQuery[] = [
    { kind: "plural/stem", q: "hospitales" },
    { kind: "plural/stem", q: "hospital" },
    { kind: "plural/stem", q: "unidades médicas" },
    { kind: "plural/stem", q: "trabajadoras" },
    { kind: "phrase", q: '"atención primaria"' },
    { kind: "phrase", q: '"Seguro Social"' },
    { kind: "word (no accents)", q: "atencion primaria" },
    { kind: "word (no accents)", q: "vacunacion" },
    { kind: "no match", q: "xilófono" },
    { kind: "no match", q: "criptomoneda" },
  ];
  queries.push(...fixed);
  const accented = source.words.filter((word) => foldAccents(word) !== word && word.length >= 5);
  const plain = source.words.filter((word) => word.length >= 6);
  while (queries.length < total) {
    const r = random();
    if (r < 0.45) queries.push({ kind: "word", q: pick(random, plain).toLowerCase() });
    else if (r < 0.7) queries.push({ kind: "word (no accents)", q: foldAccents(pick(random, accented)).toLowerCase() });
    else if (r < 0.9) queries.push({ kind: "word", q: `${pick(random, plain)} ${pick(random, plain)}`.toLowerCase() });
    else {
      const sentence = pick(random, source.sentences).split(/\s+/);
      const start = Math.floor(random() * Math.max(1, sentence.length - 3));
      queries.push({ kind: "phrase", q: `"${sentence.slice(start, start + 3).join(" ").replace(/["“”,.;:]/g, "")}"` });
    }
  }
  return queries.slice(0, total);
}
