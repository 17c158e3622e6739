import fs from "node:fs";
import path from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bulletinSchema } from "../../shared/bulletin/schema";
import { decodeBulletinBytes, parseBulletin } from "../../server/import/parse-bulletin";
import { validateBodyStructure } from "../../server/validate-body";
import { ROOT } from "./child-server";

/**
 * The importer meets whatever old office PCs saved: random bytes, damaged copies
 * of real bulletins, 100 KB files. It always returns a valid bulletin (with
 * warnings), never throws, and stays fast on big inputs.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20_240_925);
const RANDOM_RUNS = 300;
const MUTATED_RUNS = 300;
const LARGE_RUNS = 40;
const LARGE_BYTES = 100 * 1024;
/**
 * A 100 KB input must parse in this much CPU time on an idle core: this process's
 * own time, after a garbage collection, the best of up to seven runs. A busy
 * machine (a second test file, child servers) slows every run; the limit then
 * grows with a realistic 100 KB bulletin parsed at the same moment, which takes
 * about 4 ms, a twelfth of the limit, when idle. A quadratic loop (seconds) still fails.
 */
const LARGE_LIMIT_MS = 50;
const REFERENCE_SHARE = 12;
const MAX_RUNS = 7;

const SEEDS = fs
  .readdirSync(path.join(ROOT, "seeds"))
  .filter((name) => name.endsWith(".txt"))
  .sort()
  .map((name) => fs.readFileSync(path.join(ROOT, "seeds", name)));

const TRICKY_LINES = [
  "BOLETÍN DE PRENSA", "Ciudad de México, miércoles 25 de septiembre de 2024.", "Ciudad de México, lunes 31 de febrero de 2024.",
  "No. 493/2024.", "No. 0/0.", "No. 99999999999999999999/2024.", "---o0o---", "--- o0o ---", "LINK FOTOS  https://imss.gob.mx/fotos",
  "LINK VIDEO javascript:alert(1)", "LINK FOTOS data:text/html,<script>", "- **Destacado en negritas**", "· Destacado con punto medio",
  "**sin cerrar", "*", "**", "***", "- ", "·", "1. lista", "    - sublista", "\t\t- tabulada", "> cita", "[Lugar y motivo del evento]",
  "INSTITUTO MEXICANO DEL SEGURO SOCIAL", "COORDINACIÓN DE COMUNICACIÓN SOCIAL", "Página 1 de 3", "\u0000", "\ufeff", "\u200b\u200b",
  "\u202e", "<script>alert(1)</script>", "https://", "a".repeat(5_000),
].map((line) => Buffer.from(`${line}\n`, "utf8"));

const BOMS = [Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from([0xff, 0xfe]), Buffer.from([0xfe, 0xff]), Buffer.alloc(0)];

type Mutation = (bytes: Buffer) => Buffer;

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })).map(([at, value]): Mutation => (bytes) => {
    const copy = Buffer.from(bytes);
    if (copy.length) copy[at % copy.length] = value;
    return copy;
  }),
  fc.tuple(fc.nat(), fc.uint8Array({ maxLength: 64 })).map(([at, inserted]): Mutation => (bytes) => {
    const cut = at % (bytes.length + 1);
    return Buffer.concat([bytes.subarray(0, cut), Buffer.from(inserted), bytes.subarray(cut)]);
  }),
  fc.tuple(fc.nat(), fc.nat({ max: 2_000 })).map(([at, length]): Mutation => (bytes) => {
    const cut = at % (bytes.length + 1);
    return Buffer.concat([bytes.subarray(0, cut), bytes.subarray(cut + length)]);
  }),
  fc.tuple(fc.nat(), fc.nat({ max: 1_000 }), fc.integer({ min: 1, max: 5 })).map(([at, length, times]): Mutation => (bytes) => {
    const cut = at % (bytes.length + 1);
    const piece = bytes.subarray(cut, cut + length);
    return Buffer.concat([bytes.subarray(0, cut), ...Array.from({ length: times }, () => piece), bytes.subarray(cut)]);
  }),
  fc.tuple(fc.nat(), fc.constantFrom(...TRICKY_LINES)).map(([at, line]): Mutation => (bytes) => {
    const lines = bytes.toString("latin1").split("\n");
    const index = at % (lines.length + 1);
    return Buffer.concat([Buffer.from(lines.slice(0, index).join("\n") + "\n", "latin1"), line, Buffer.from(lines.slice(index).join("\n"), "latin1")]);
  }),
  fc.nat().map((at): Mutation => (bytes) => {
    // Shuffle: swap two lines.
    const lines = bytes.toString("utf8").split("\n");
    const a = at % lines.length;
    const b = (at * 7 + 3) % lines.length;
    [lines[a], lines[b]] = [lines[b]!, lines[a]!];
    return Buffer.from(lines.join("\n"), "utf8");
  }),
  fc.constantFrom<Mutation>(
    (bytes) => Buffer.from(bytes.toString("utf8").replace(/\n/g, "\r\n"), "utf8"),
    (bytes) => Buffer.from(bytes.toString("utf8").replace(/\n/g, "\r"), "utf8"),
    (bytes) => Buffer.from(bytes.toString("utf8"), "latin1"),
    (bytes) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(bytes.toString("utf8"), "utf16le")]),
    (bytes) => Buffer.from(bytes.toString("utf8").replace(/ /g, "\u00a0"), "utf8"),
    (bytes) => Buffer.from(bytes.toString("utf8").normalize("NFD"), "utf8"),
    (bytes) => Buffer.from(bytes.toString("utf8").toUpperCase(), "utf8"),
    (bytes) => Buffer.from(bytes.toString("utf8").replace(/\n+/g, " "), "utf8"),
  ),
);

const randomBytes = fc.tuple(fc.constantFrom(...BOMS), fc.uint8Array({ maxLength: 4_096 })).map(([bom, bytes]) => Buffer.concat([bom, Buffer.from(bytes)]));
const mutatedSeed = fc
  .tuple(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 1, maxLength: 8 }))
  .map(([seed, mutations]) => mutations.reduce<Buffer>((bytes, apply) => apply(bytes), seed));

function toSize(bytes: Buffer, size: number): Buffer {
  if (bytes.length === 0) return Buffer.alloc(size, 0x20);
  return Buffer.concat(Array.from({ length: Math.ceil(size / bytes.length) }, () => bytes)).subarray(0, size);
}

const PATHOLOGICAL = [
  "-", "*", "**", "- **", "·", " ", "\n", "\t", "[", "[a", "No. ", "http://", "---o0o---\n", "LINK FOTOS ", "a", "á", "\u00a0",
  "    - ", "1. ", "> ", "BOLETÍN DE PRENSA\n", "Ciudad de México, lunes 1 de enero de 2024.\n", "**a*", "_", "\\", "\r",
  "[](", "[](<", "[](http", "[a](https://imss.gob.mx)", "](", "\\ ",
].map((text) => Buffer.from(text, "utf8"));

const largeInput = fc.oneof(
  fc.tuple(fc.constantFrom(...SEEDS), fc.array(mutation, { maxLength: 4 })).map(([seed, mutations]) => toSize(mutations.reduce<Buffer>((bytes, apply) => apply(bytes), seed), LARGE_BYTES)),
  fc.uint8Array({ minLength: 1_024, maxLength: 1_024 }).map((bytes) => toSize(Buffer.from(bytes), LARGE_BYTES)),
  fc.constantFrom(...PATHOLOGICAL).map((unit) => toSize(unit, LARGE_BYTES)),
  fc.tuple(fc.constantFrom(...PATHOLOGICAL), fc.constantFrom(...PATHOLOGICAL)).map(([a, b]) => toSize(Buffer.concat([a, b]), LARGE_BYTES)),
  // One 100 KB paragraph, then one 100 KB line of a single highlight.
  fc.constantFrom(Buffer.from("- **" + "palabra ".repeat(LARGE_BYTES / 8)), Buffer.from("Párrafo ".repeat(LARGE_BYTES / 9))),
);

/** fast-check's report without the counterexample's bytes (100 KB of them), but with the seed to repeat it. */
function assertQuietly<T>(property: fc.IProperty<T>, parameters: fc.Parameters<T>): void {
  const details = fc.check(property, parameters);
  if (!details.failed) return;
  const error = details.errorInstance as Error | undefined;
  throw new Error(`Falló con la semilla ${details.seed} (ruta ${details.counterexamplePath}) tras ${details.numRuns} casos: ${error?.message ?? String(details.errorInstance)}`);
}

// A collection before each timed run, so a run does not pay for the garbage of the runs before it.
v8.setFlagsFromString("--expose-gc");
const collectGarbage = vm.runInNewContext("gc") as () => void;

interface Outcome {
  ms: number;
  warnings: number;
}

function importBytes(bytes: Buffer): Outcome {
  const started = process.cpuUsage();
  const { bulletin, warnings } = parseBulletin(decodeBulletinBytes(bytes));
  const used = process.cpuUsage(started);
  const ms = (used.user + used.system) / 1000;
  const checked = bulletinSchema.safeParse(bulletin);
  if (!checked.success) throw new Error(`El boletín importado no es válido: ${JSON.stringify(checked.error.issues.slice(0, 3))}`);
  // What the importer stores must open in the editor too.
  validateBodyStructure(checked.data.body);
  expect(Array.isArray(warnings) && warnings.every((warning) => typeof warning === "string")).toBe(true);
  return { ms, warnings: warnings.length };
}

describe("importer fuzzing", () => {
  it("random bytes and damaged bulletins always give a valid bulletin, with warnings, never an exception", { timeout: 120_000 }, () => {
    let cases = 0;
    let withWarnings = 0;
    let slowest = 0;
    for (const [name, arbitrary, runs] of [["random", randomBytes, RANDOM_RUNS], ["mutated", mutatedSeed, MUTATED_RUNS]] as const) {
      assertQuietly(
        fc.property(arbitrary, (bytes) => {
          const outcome = importBytes(bytes);
          cases++;
          if (outcome.warnings > 0) withWarnings++;
          slowest = Math.max(slowest, outcome.ms);
        }),
        { seed: SEED + (name === "random" ? 0 : 1), numRuns: runs },
      );
    }
    for (const seed of SEEDS) importBytes(seed);
    console.log(`fuzz-import: ${cases} inputs (${RANDOM_RUNS} random, ${MUTATED_RUNS} mutated examples) + ${SEEDS.length} examples, seed ${SEED}: all valid, ${withWarnings} with warnings, 0 exceptions, slowest ${slowest.toFixed(1)} ms CPU`);
  });

  it(`a 100 KB input parses in under ${LARGE_LIMIT_MS} ms`, { timeout: 120_000 }, () => {
    const reference = toSize(SEEDS[0]!, LARGE_BYTES);
    importBytes(reference); // warm the JIT up
    const measure = (bytes: Buffer) => {
      collectGarbage();
      return importBytes(bytes).ms;
    };
    let worst = { best: 0, limit: LARGE_LIMIT_MS, input: "" };
    let worstSingle = 0;
    let busiestReference = 0;
    assertQuietly(
      fc.property(largeInput, (bytes) => {
        const times = [measure(bytes)];
        let limit = LARGE_LIMIT_MS;
        // Over the limit: measured again, with the reference beside it, up to seven times.
        while (times.length < MAX_RUNS && Math.min(...times) >= limit) {
          const referenceMs = Math.min(measure(reference), measure(reference));
          busiestReference = Math.max(busiestReference, referenceMs);
          limit = Math.max(LARGE_LIMIT_MS, REFERENCE_SHARE * referenceMs);
          times.push(measure(bytes));
        }
        const best = Math.min(...times);
        worstSingle = Math.max(worstSingle, ...times);
        if (best > worst.best) worst = { best, limit, input: JSON.stringify(bytes.subarray(0, 40).toString("utf8")) };
        expect(best, `${bytes.length} bytes starting ${JSON.stringify(bytes.subarray(0, 60).toString("utf8"))}`).toBeLessThan(limit);
      }),
      { seed: SEED + 2, numRuns: LARGE_RUNS },
    );
    console.log(
      `fuzz-import: ${LARGE_RUNS} inputs of 100 KB, slowest ${worst.best.toFixed(1)} ms CPU (limit ${worst.limit.toFixed(0)} ms; best of up to ${MAX_RUNS} runs; ` +
        `slowest single run ${worstSingle.toFixed(1)} ms; reference bulletin at most ${busiestReference.toFixed(1)} ms), worst input starts ${worst.input}`,
    );
  });
});
