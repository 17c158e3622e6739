/**
 * The Spanish (es-MX) speller, off the main thread: loading the Hunspell dictionary
 * takes about a second and 60 MB, which typing must never wait for. Messages:
 * `{ id, known }` first (words to accept), then `{ id, words }` → `{ id, misspelt }`
 * and `{ id, suggest }` → `{ id, suggestions }` (the right-click menu).
 */
import nspell from "nspell";
import affUrl from "../../../../node_modules/dictionary-es-mx/index.aff?url";
import dicUrl from "../../../../node_modules/dictionary-es-mx/index.dic?url";
import { misspelt, type Speller } from "./spell-words";

interface Scope {
  postMessage(message: unknown): void;
  addEventListener(type: "message", listener: (event: MessageEvent) => void): void;
}
const scope = self as unknown as Scope;

let speller: Promise<Speller> | null = null;

async function load(known: string[]): Promise<Speller> {
  const [aff, dic] = await Promise.all([fetch(affUrl).then((r) => r.text()), fetch(dicUrl).then((r) => r.text())]);
  const loaded = nspell(aff, dic);
  for (const word of known) loaded.add(word);
  return loaded;
}

scope.addEventListener("message", (event) => {
  const message = event.data as { id: number; known?: string[]; words?: string[]; suggest?: string };
  if (message.known) {
    speller = load(message.known);
    speller.then(
      () => scope.postMessage({ id: message.id, ready: true }),
      () => scope.postMessage({ id: message.id, failed: true }),
    );
    return;
  }
  const suggest = message.suggest;
  if (suggest !== undefined) {
    void speller?.then(
      (loaded) => scope.postMessage({ id: message.id, suggestions: (loaded as Speller & { suggest(word: string): string[] }).suggest(suggest).slice(0, 6) }),
      () => scope.postMessage({ id: message.id, failed: true }),
    );
    return;
  }
  void speller?.then(
    (loaded) => scope.postMessage({ id: message.id, misspelt: misspelt(loaded, message.words ?? []) }),
    () => scope.postMessage({ id: message.id, failed: true }),
  );
});
