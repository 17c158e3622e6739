import { createHash } from "node:crypto";
import type { Bulletin } from "../shared/bulletin/schema";
import type { Organization } from "../shared/organization";

/** JSON with keys in a fixed order, so equal content always hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** sha256 of a bulletin's content: what an approval binds and an export carries. */
export function hashContent(content: Bulletin): string {
  return createHash("sha256").update(canonicalJson(content)).digest("hex");
}

/**
 * sha256 of what an approval fixes for good: the approved revision's content and
 * the organisation profile in force then (letterhead, label, default place).
 * Every final export must match it.
 */
export function hashApproval(content: Bulletin, profile: Organization): string {
  return createHash("sha256").update(canonicalJson({ content, profile })).digest("hex");
}
