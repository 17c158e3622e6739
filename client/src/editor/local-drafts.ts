import type { Bulletin } from "../../../shared/bulletin/schema";

/**
 * What this browser keeps of a bulletin that the server may not have:
 * - `borrador`: the latest typed content, written on every change, cleared once saved;
 * - `rescate`: a `borrador` found on load, parked until the user recovers or discards it,
 *   so typing before answering can never overwrite it;
 * - `copia`: "my version" text after a conflict resolved by copying from both.
 */
export interface LocalDraft {
  baseVersion: number;
  content: Bulletin;
  savedAt: string;
  /** Who typed it: a draft is offered back only to them (another person signing in on this browser never saves it as theirs). */
  ownerId?: number;
}

/** The signed-in person (Session sets it); null until known. */
let owner: number | null = null;

/** True when `draft` may be offered to whoever is signed in now. */
function isOwn(draft: LocalDraft | null): boolean {
  return draft !== null && (draft.ownerId === undefined || owner === null || draft.ownerId === owner);
}

const key = (slot: "borrador" | "rescate" | "copia", bulletinId: number) => `redacta:${slot}:${bulletinId}`;

function read<T>(name: string): T | null {
  try {
    const text = localStorage.getItem(name);
    return text ? (JSON.parse(text) as T) : null;
  } catch {
    return null;
  }
}

function write(name: string, value: unknown): void {
  try {
    localStorage.setItem(name, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the server copy is all we have; the save status still tells.
  }
}

function remove(name: string): void {
  try {
    localStorage.removeItem(name);
  } catch {
    // Same as above.
  }
}

export const localDrafts = {
  /** Whose drafts are written and offered from now on. */
  setOwner(userId: number | null): void {
    owner = userId;
  },
  write(bulletinId: number, draft: LocalDraft): void {
    write(key("borrador", bulletinId), owner === null ? draft : { ...draft, ownerId: owner });
  },
  clear(bulletinId: number): void {
    remove(key("borrador", bulletinId));
  },
  /** Parks the unsaved draft of a previous visit (if any) and returns the parked one. */
  takeForRecovery(bulletinId: number): LocalDraft | null {
    const pending = read<LocalDraft>(key("borrador", bulletinId));
    if (pending && isOwn(pending)) {
      write(key("rescate", bulletinId), pending);
      remove(key("borrador", bulletinId));
    }
    const parked = read<LocalDraft>(key("rescate", bulletinId));
    return isOwn(parked) ? parked : null;
  },
  clearRecovery(bulletinId: number): void {
    remove(key("rescate", bulletinId));
  },
  readCopy(bulletinId: number): string | null {
    return read<string>(key("copia", bulletinId));
  },
  writeCopy(bulletinId: number, text: string): void {
    write(key("copia", bulletinId), text);
  },
  clearCopy(bulletinId: number): void {
    remove(key("copia", bulletinId));
  },
};

/** JSON with sorted keys and empty attrs/nulls in nodes dropped: equal text means equal content. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalize(value));
}

function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (typeof value !== "object" || value === null) return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([name, item]) => {
      if (item === undefined) return false;
      if (name === "attrs" && typeof item === "object" && item !== null) {
        return Object.values(item).some((attribute) => attribute !== null && attribute !== undefined);
      }
      return true;
    })
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, item]) => [name, normalize(item)]);
  return Object.fromEntries(entries);
}
