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

/** What `corpusInsert` draws from: the seeds' pieces, places and the year span. */
export interface CorpusParams {
  sentences: string[];
  titles: string[];
  highlights: string[];
  places: string[];
  /** Bulletins per year (numbered 1..perYear within each year from 2013). */
  perYear: number;
}

export function corpusParams(count: number, source: Material = material()): CorpusParams {
  return { sentences: source.sentences, titles: source.titles, highlights: source.highlights, places: PLACES, perYear: Math.ceil(count / 11) };
}

/** Concatenates tsvectors in order (positions shifted as `||` does); created for the fill and dropped after it. */
export const CORPUS_AGGREGATE = [
  "DROP AGGREGATE IF EXISTS bench_tsvector_agg(tsvector)",
  "CREATE AGGREGATE bench_tsvector_agg(tsvector) (SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = '')",
];
export const CORPUS_AGGREGATE_DROP = "DROP AGGREGATE IF EXISTS bench_tsvector_agg(tsvector)";

/**
 * One INSERT … SELECT generate_series($5, $6) that builds bulletins i = $5..$6 in the
 * database itself, like generateBulletins (same pieces, same shape: 1–4 highlights, 5–12
 * paragraphs of 1–3 sentences, numbers 1..perYear within each year from 2013) with a hash
 * of (i, k) instead of the PRNG. No JSON crosses the wire, and to_tsvector runs once per
 * distinct piece (a few hundred sentences) per statement instead of once per bulletin: each
 * bulletin's vectors are its pieces' vectors joined with `||`, which equals to_tsvector of the
 * joined text except that a piece ending in stopwords leaves a gap of their positions smaller
 * (same lexemes, same weights, phrases within a piece exact). search_text is
 * searchDocument(content) (number, place, title, highlights, paragraphs, one per line);
 * search_head and search are built as searchColumns builds them.
 * Parameters: $1 sentences, $2 titles, $3 highlights, $4 places (text[]), $5 first i, $6 last i,
 * $7 per year, $8 author id.
 */
export const CORPUS_INSERT = `
  WITH sentence AS MATERIALIZED (SELECT n::int, t, to_tsvector('redacta_es', t) AS v FROM unnest($1::text[]) WITH ORDINALITY AS u(t, n)),
  title AS MATERIALIZED (SELECT n::int, t, to_tsvector('redacta_es', t) AS v FROM unnest($2::text[]) WITH ORDINALITY AS u(t, n)),
  highlight AS MATERIALIZED (SELECT n::int, t, to_tsvector('redacta_es', t) AS v FROM unnest($3::text[]) WITH ORDINALITY AS u(t, n)),
  place AS MATERIALIZED (SELECT n::int, t, to_tsvector('redacta_es', t) AS v FROM unnest($4::text[]) WITH ORDINALITY AS u(t, n)  ), drawn AS (
    SELECT g.i, 2013 + (g.i - 1) / $7::int AS year, (g.i - 1) % $7::int + 1 AS seq,
      (hashint8(g.i::int8 * 4096) & 2147483647) AS r,
      1 + (hashint8(g.i::int8 * 4096 + 1) & 2147483647) % cardinality($4::text[]) AS place,
      1 + (hashint8(g.i::int8 * 4096 + 2) & 2147483647) % cardinality($2::text[]) AS title,
      hl.texts AS highlights, hl.vector AS highlights_vector, body.paragraphs, body.vector AS body_vector
    FROM generate_series($5::int, $6::int) AS g(i)
    CROSS JOIN LATERAL (
      SELECT array_agg(highlight.t ORDER BY h) AS texts, bench_tsvector_agg(highlight.v ORDER BY h) AS vector
      FROM generate_series(1, 1 + (hashint8(g.i::int8 * 4096 + 3) & 2147483647) % 4) AS h
      JOIN highlight ON highlight.n = 1 + (hashint8(g.i::int8 * 4096 + 100 + h) & 2147483647) % cardinality($3::text[])
    ) AS hl
    CROSS JOIN LATERAL (
      SELECT array_agg(x.text ORDER BY x.p) AS paragraphs, bench_tsvector_agg(x.vector ORDER BY x.p) AS vector
      FROM (
        SELECT p, string_agg(sentence.t, ' ' ORDER BY s) AS text, bench_tsvector_agg(sentence.v ORDER BY s) AS vector
        FROM generate_series(1, 5 + (hashint8(g.i::int8 * 4096 + 4) & 2147483647) % 8) AS p
        CROSS JOIN LATERAL generate_series(1, 1 + (hashint8(g.i::int8 * 4096 + 150 + p) & 2147483647) % 3) AS s
        JOIN sentence ON sentence.n = 1 + (hashint8(g.i::int8 * 4096 + 200 + p * 4 + s) & 2147483647) % cardinality($1::text[])
        GROUP BY p
      ) AS x
    ) AS body
  ), built AS (
    SELECT d.year, d.seq,
      concat_ws(E'\\n', d.seq || '/' || d.year, place.t, title.t, array_to_string(d.highlights, E'\\n'), array_to_string(d.paragraphs, E'\\n')) AS search_text,
      setweight(title.v, 'A') || d.highlights_vector AS head,
      to_tsvector('redacta_es', d.seq || '/' || d.year) || place.v || title.v || d.highlights_vector || d.body_vector AS text_vector,
      jsonb_build_object(
        'number', jsonb_build_object('seq', d.seq, 'year', d.year),
        'place', place.t,
        'date', to_char(make_date(d.year, 1, 1) + floor(d.seq::float8 / $7::int * 360)::int, 'YYYY-MM-DD'),
        'title', title.t,
        'highlights', to_jsonb(d.highlights),
        'body', jsonb_build_object('type', 'doc', 'content', (
          SELECT jsonb_agg(jsonb_build_object('type', 'paragraph', 'content', jsonb_build_array(jsonb_build_object('type', 'text', 'text', u.text))) ORDER BY u.n)
          FROM unnest(d.paragraphs) WITH ORDINALITY AS u(text, n))),
        'photoLinks', CASE WHEN d.r % 2 = 0 THEN jsonb_build_array('https://comunicacion.example.mx/fotos/' || d.year || '/' || d.seq) ELSE '[]'::jsonb END,
        'videoLinks', CASE WHEN d.r % 5 = 0 THEN jsonb_build_array('https://comunicacion.example.mx/video/' || d.year || '/' || d.seq) ELSE '[]'::jsonb END
      ) AS content
    FROM drawn AS d JOIN place ON place.n = d.place JOIN title ON title.n = d.title
  )
  INSERT INTO bulletins (status, author_id, number_year, number_seq, content, version, approved_revision, approved_hash, source_key, search_text, search_head, search)
  SELECT 'published', $8::int, b.year, b.seq, b.content, 1, 1, md5(b.content::text), md5('bench:' || b.year || ':' || b.seq),
         b.search_text, b.head, b.head || b.text_vector
  FROM built AS b`;
