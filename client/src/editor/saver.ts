import type { BulletinResource } from "../../../shared/api/schemas";
import type { Bulletin } from "../../../shared/bulletin/schema";
import { bulletinContent } from "../api/endpoints";
import { ApiError, SIGNED_IN_AGAIN_EVENT } from "../api/http";
import { canonicalJson, localDrafts } from "./local-drafts";
import { splitTypedContent, type InvalidInput } from "./typed-content";

export type SaveStatus =
  | { kind: "saved" }
  /** The server has everything it would accept; what it would refuse (an invalid link) is only here. */
  | { kind: "invalid"; fields: InvalidInput[] }
  | { kind: "pending" }
  | { kind: "saving" }
  | { kind: "offline"; retryInMs: number }
  | { kind: "retrying"; retryInMs: number; message: string }
  | { kind: "conflict"; theirs: BulletinResource }
  | { kind: "notEditable"; message: string }
  | { kind: "signedOut" }
  | { kind: "failed"; message: string };

export interface SaverOptions {
  bulletinId: number;
  version: number;
  content: Bulletin;
  save: (content: Bulletin, version: number) => Promise<BulletinResource>;
  /** Loads the current resource when a 409 does not carry it. */
  loadCurrent: () => Promise<BulletinResource>;
  onSaved: (resource: BulletinResource) => void;
  delayMs?: number;
  /** How long after the last key a field reported through `typing` is read (300 ms). */
  typingPauseMs?: number;
}

const MAX_BACKOFF_MS = 30_000;
const TYPING_PAUSE_MS = 300;

/**
 * Autosave of one bulletin, independent of React. Every change is written to
 * localStorage at once and PUT ~1 s after typing stops, one request at a time, with
 * If-Match on the last version the server gave. Network and 5xx failures retry with
 * exponential backoff (and at once on `online`); a 409 stops saving until the user
 * resolves the conflict; nothing is dropped from local storage until the server has it.
 * What the server would refuse (a link that is not http(s)) is not sent: it stays in the
 * local copy, and the status says `invalid` instead of `saved` until it is fixed or removed.
 * A long field (the body) reports keys through `typing`: it is read, copied locally and
 * compared only after a short pause (or when something needs it), so a key press costs
 * nothing that grows with the text.
 */
export class BulletinSaver {
  private version: number;
  /** What goes to the server. */
  private content: Bulletin;
  /** What the writer typed, invalid input included: what the local copy keeps. */
  private typed: Bulletin;
  private invalid: InvalidInput[] = [];
  private savedJson: string;
  private status: SaveStatus = { kind: "saved" };
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight = false;
  private runAgain = false;
  private attempt = 0;
  private readonly listeners = new Set<() => void>();
  private readonly delayMs: number;
  private readonly typingPauseMs: number;
  /** Reads what was typed since the last read (the body editor's JSON), or null. */
  private pendingRead: (() => Partial<Bulletin>) | null = null;
  private readTimer: ReturnType<typeof setTimeout> | undefined;
  /** When the last change was typed: the save goes delayMs after it, however late the body was read. */
  private lastChangeAt = 0;

  constructor(private readonly options: SaverOptions) {
    this.version = options.version;
    this.content = bulletinContent(options.content);
    this.typed = this.content;
    this.savedJson = canonicalJson(this.content);
    this.delayMs = options.delayMs ?? 1000;
    this.typingPauseMs = options.typingPauseMs ?? TYPING_PAUSE_MS;
  }

  getStatus = (): SaveStatus => this.status;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** True while something typed is not yet on the server, invalid input included. */
  hasUnsavedChanges(): boolean {
    this.takeTyping();
    return this.inFlight || this.invalid.length > 0 || canonicalJson(this.content) !== this.savedJson;
  }

  /** What was typed that the server would refuse, by field. */
  getInvalid(): InvalidInput[] {
    return this.invalid;
  }

  getVersion(): number {
    return this.version;
  }

  /** What the writer typed, invalid input included: the page's one copy of the draft (a field still being typed in joins it after the pause). */
  getTyped = (): Bulletin => this.typed;

  /** Everything typed up to now, a field still being typed in included. */
  current(): Bulletin {
    this.takeTyping();
    return this.typed;
  }

  /**
   * A field changed, read later by `read`: after a pause of typingPauseMs, or at once when
   * something needs the content (a save, a flush, leaving the page, a change of another field),
   * and at every key while the server cannot take it (offline, a conflict).
   */
  typing(read: () => Partial<Bulletin>): void {
    this.pendingRead = read;
    this.lastChangeAt = Date.now();
    clearTimeout(this.readTimer);
    const kind = this.status.kind;
    // Offline, refused or held, the local copy is the only one: it follows every key, as before.
    if (kind !== "saved" && kind !== "invalid" && kind !== "pending" && kind !== "saving") {
      this.takeTyping();
      return;
    }
    this.readTimer = setTimeout(() => this.takeTyping(), this.typingPauseMs);
    if (kind === "saved" || kind === "invalid") this.setStatus({ kind: "pending" });
  }

  /** Changes some fields on top of everything typed (the body still being typed in included). */
  patch(changes: Partial<Bulletin>): void {
    this.update({ ...this.current(), ...changes });
  }

  /** Records a change (as typed, invalid links included): kept locally now, saved after the pause. Replaces what `typing` had not read yet. */
  update(typed: Bulletin): void {
    this.lastChangeAt = Date.now();
    this.record(typed);
  }

  /** Takes `typed` as the draft: local copy, status, and the save delayMs after the last change. */
  private record(typed: Bulletin): void {
    this.dropTyping();
    this.accept(typed);
    this.notify();
    const dirty = canonicalJson(this.content) !== this.savedJson;
    if (dirty || this.invalid.length > 0) this.keepLocally();
    else if (!this.inFlight) localDrafts.clear(this.options.bulletinId);
    if (this.isHeld()) return;
    if (!dirty) {
      if (!this.inFlight) this.setStatus(this.settledStatus());
      return;
    }
    if (this.status.kind === "offline" || this.status.kind === "retrying") return; // the retry timer saves it
    if (!this.inFlight) this.setStatus({ kind: "pending" });
    this.schedule(Math.max(0, this.lastChangeAt + this.delayMs - Date.now()));
  }

  /** Saves now and resolves true once the server has everything typed. */
  async flush(): Promise<boolean> {
    this.takeTyping();
    for (let round = 0; round < 200; round += 1) {
      if (this.isHeld()) return false;
      if (this.inFlight) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      clearTimeout(this.timer);
      if (canonicalJson(this.content) === this.savedJson) {
        this.setStatus(this.settledStatus());
        // Saved, but not everything typed: a transition now would leave the invalid input behind.
        return this.invalid.length === 0;
      }
      await this.run();
      const kind = this.status.kind;
      if (kind === "offline" || kind === "retrying" || kind === "failed") return false;
    }
    return false;
  }

  /** After a transition or a reload from the server: continue from this resource. */
  rebase(resource: BulletinResource, content: Bulletin = resource): void {
    // Content from outside replaces the fields' (their editors take it too), as it replaced typing before.
    this.dropTyping();
    this.version = resource.version;
    this.accept(content);
    this.notify();
    this.savedJson = canonicalJson(bulletinContent(resource));
    if (canonicalJson(this.content) === this.savedJson) {
      if (this.invalid.length > 0) this.keepLocally();
      else localDrafts.clear(this.options.bulletinId);
      this.setStatus(this.settledStatus());
    } else {
      this.setStatus({ kind: "pending" });
      this.schedule(0);
    }
  }

  /** After a workflow transition: the server's version moved, the content did not. */
  setVersion(version: number): void {
    this.version = version;
  }

  /** Holds saving as if the server had refused with `theirs` (a stale local draft recovered). */
  raiseConflict(theirs: BulletinResource): void {
    clearTimeout(this.timer);
    this.setStatus({ kind: "conflict", theirs });
  }

  /** Conflict: drop my changes (the caller has shown or parked them) and load theirs. */
  acceptTheirs(theirs: BulletinResource): void {
    this.rebase(theirs);
  }

  /** Conflict: save my content as a new revision on top of theirs (If-Match: their version). */
  keepMine(theirs: BulletinResource): void {
    this.takeTyping();
    this.version = theirs.version;
    this.savedJson = canonicalJson(bulletinContent(theirs));
    this.setStatus({ kind: "pending" });
    this.schedule(0);
  }

  start(): void {
    window.addEventListener("online", this.onOnline);
    window.addEventListener(SIGNED_IN_AGAIN_EVENT, this.onSignedInAgain);
  }

  /** Stops timers; pending changes are sent one last time (and stay in localStorage). */
  stop(): void {
    window.removeEventListener("online", this.onOnline);
    window.removeEventListener(SIGNED_IN_AGAIN_EVENT, this.onSignedInAgain);
    clearTimeout(this.timer);
    this.takeTyping();
    if (!this.isHeld() && canonicalJson(this.content) !== this.savedJson) void this.run();
  }

  /** Signed in again in place after a 401: what was held goes to the server now. */
  private onSignedInAgain = (): void => {
    if (this.status.kind !== "signedOut") return;
    this.setStatus({ kind: "pending" });
    this.schedule(0);
  };

  private onOnline = (): void => {
    if (this.status.kind === "offline" || this.status.kind === "retrying") this.schedule(0);
  };

  /** Reads what `typing` reported, if anything, into the draft (local copy, status, save). */
  private takeTyping(): void {
    const read = this.pendingRead;
    if (!read) return;
    this.record({ ...this.typed, ...read() });
  }

  private dropTyping(): void {
    clearTimeout(this.readTimer);
    this.pendingRead = null;
  }

  private accept(typed: Bulletin): void {
    const { savable, invalid } = splitTypedContent(typed);
    this.typed = bulletinContent(typed);
    this.content = savable;
    this.invalid = invalid;
  }

  private keepLocally(): void {
    localDrafts.write(this.options.bulletinId, {
      baseVersion: this.version,
      content: this.typed,
      savedAt: new Date().toISOString(),
    });
  }

  /** Nothing left to send: `saved`, or `invalid` while something typed cannot be sent. */
  private settledStatus(): SaveStatus {
    return this.invalid.length > 0 ? { kind: "invalid", fields: this.invalid } : { kind: "saved" };
  }

  private isHeld(): boolean {
    const kind = this.status.kind;
    return kind === "conflict" || kind === "notEditable" || kind === "signedOut";
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), delay);
  }

  private setStatus(status: SaveStatus): void {
    this.status = status;
    this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  private async run(): Promise<void> {
    if (this.inFlight) {
      this.runAgain = true;
      return;
    }
    const snapshot = this.content;
    const snapshotJson = canonicalJson(snapshot);
    if (snapshotJson === this.savedJson) {
      this.setStatus(this.settledStatus());
      return;
    }
    this.inFlight = true;
    this.setStatus({ kind: "saving" });
    try {
      const resource = await this.options.save(snapshot, this.version);
      this.version = resource.version;
      this.savedJson = snapshotJson;
      this.attempt = 0;
      this.options.onSaved(resource);
      if (canonicalJson(this.content) === snapshotJson) {
        if (this.invalid.length > 0) this.keepLocally();
        else localDrafts.clear(this.options.bulletinId);
        this.setStatus(this.settledStatus());
      } else {
        this.setStatus({ kind: "pending" });
        this.schedule(this.delayMs);
      }
    } catch (error) {
      await this.handleFailure(error);
    } finally {
      this.inFlight = false;
    }
    if (this.runAgain) {
      this.runAgain = false;
      if (!this.isHeld() && this.status.kind !== "offline" && this.status.kind !== "retrying") this.schedule(0);
    }
  }

  private async handleFailure(error: unknown): Promise<void> {
    if (!(error instanceof ApiError)) {
      this.setStatus({ kind: "failed", message: String(error) });
      return;
    }
    if (error.code === "version_conflict") {
      const current = (error.details as { current?: BulletinResource } | undefined)?.current;
      try {
        this.setStatus({ kind: "conflict", theirs: current ?? (await this.options.loadCurrent()) });
      } catch {
        this.retryLater(error);
      }
      return;
    }
    if (error.code === "not_editable") {
      this.setStatus({ kind: "notEditable", message: error.message });
      return;
    }
    if (error.status === 401) {
      this.setStatus({ kind: "signedOut" });
      return;
    }
    if (error.isNetwork || error.status >= 500 || error.status === 429) {
      this.retryLater(error);
      return;
    }
    this.setStatus({ kind: "failed", message: error.message });
  }

  private retryLater(error: ApiError): void {
    this.attempt += 1;
    const retryInMs = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (this.attempt - 1));
    this.setStatus(
      error.isNetwork ? { kind: "offline", retryInMs } : { kind: "retrying", retryInMs, message: error.message },
    );
    this.schedule(retryInMs);
  }
}
