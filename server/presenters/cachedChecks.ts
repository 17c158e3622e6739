import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import type { CheckResult } from "../../shared/api/schemas";
import { runChecks, type CheckContext, type Glossary } from "../../shared/checks";
import { glossarySnapshot, glossaryUnchanged, type GlossarySnapshot } from "../../shared/checks/glossary";
import type { BulletinRow } from "../db/queries/bulletins";

/** How many bulletins' check results one process keeps (a few KB each). */
const CAPACITY = 1_000;

const cache = new LRUCache<string, CheckResult[]>({ max: CAPACITY });

// The glossary is fingerprinted by content, so a new glossary object, or the same one
// edited in place, never gets another glossary's results.
const fingerprints = new WeakMap<Glossary, { snapshot: GlossarySnapshot; digest: string }>();

function glossaryFingerprint(glossary: Glossary): string {
  const known = fingerprints.get(glossary);
  if (known && glossaryUnchanged(known.snapshot, glossary)) return known.digest;
  const snapshot = glossarySnapshot(glossary);
  const digest = createHash("sha256").update(JSON.stringify(snapshot)).digest("base64url");
  fingerprints.set(glossary, { snapshot, digest });
  return digest;
}

/**
 * The editorial checks of a stored bulletin, computed once per state: the key holds
 * everything the result depends on (bulletin id, version, status, last write, today's
 * date while it is written, the duplicate-number answer and the glossary), so a save, a
 * transition, a new day or another glossary computes them again. Pure derived data: two
 * processes with their own caches still answer the same.
 */
export function cachedChecks(
  row: Pick<BulletinRow, "id" | "version" | "status" | "updatedAt" | "content">,
  context: Omit<CheckContext, "bulletin">,
): CheckResult[] {
  const key = [
    row.id,
    row.version,
    row.status,
    row.updatedAt.getTime(),
    context.today ?? "",
    context.duplicateNumber ? 1 : 0,
    glossaryFingerprint(context.glossary),
  ].join(":");
  let checks = cache.get(key);
  if (!checks) {
    checks = runChecks({ ...context, bulletin: row.content });
    cache.set(key, checks);
  }
  return checks;
}
