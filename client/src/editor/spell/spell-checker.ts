import { officeWords } from "./office-words";

type Reply = { id: number; ready?: boolean; failed?: boolean; misspelt?: string[]; suggestions?: string[] };

/**
 * The page's one speller: a worker started on first use, and a cache of every word
 * already judged, so a keystroke only ever asks about the new words. `null` answers
 * mean "no offline dictionary" (the browser's own spell check stays).
 */
class SpellChecker {
  private worker: Worker | null = null;
  private failed = false;
  private nextId = 1;
  private readonly pending = new Map<number, (reply: Reply) => void>();
  private readonly verdicts = new Map<string, boolean>();
  private ready: Promise<boolean> | null = null;

  private call(message: Record<string, unknown>): Promise<Reply> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker!.postMessage({ ...message, id });
    });
  }

  /** Starts the worker and the dictionary; resolves false when it cannot be had. */
  start(): Promise<boolean> {
    if (this.ready) return this.ready;
    this.ready = (async () => {
      try {
        this.worker = new Worker(new URL("./spell-worker.ts", import.meta.url), { type: "module" });
        this.worker.addEventListener("message", (event: MessageEvent<Reply>) => {
          this.pending.get(event.data.id)?.(event.data);
          this.pending.delete(event.data.id);
        });
        this.worker.addEventListener("error", () => {
          this.failed = true;
          for (const resolve of this.pending.values()) resolve({ id: 0, failed: true });
          this.pending.clear();
        });
        const reply = await this.call({ known: officeWords() });
        this.failed = !reply.ready;
      } catch {
        this.failed = true;
      }
      return !this.failed;
    })();
    return this.ready;
  }

  /** The misspelt ones among `words`, or null without a dictionary. */
  async misspelt(words: string[]): Promise<Set<string> | null> {
    if (!(await this.start())) return null;
    const unknown = [...new Set(words)].filter((word) => !this.verdicts.has(word));
    if (unknown.length > 0) {
      const reply = await this.call({ words: unknown });
      if (reply.failed || !reply.misspelt) return null;
      const wrong = new Set(reply.misspelt);
      for (const word of unknown) this.verdicts.set(word, !wrong.has(word));
    }
    return new Set(words.filter((word) => this.verdicts.get(word) === false));
  }

  /** Up to six corrections for a misspelt word (empty without a dictionary or without ideas). */
  async suggest(word: string): Promise<string[]> {
    if (!(await this.start())) return [];
    const reply = await this.call({ suggest: word });
    return reply.suggestions ?? [];
  }
}

export const spellChecker = new SpellChecker();
