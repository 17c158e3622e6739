// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { BulletinResource } from "../../../shared/api/schemas";
import type { Bulletin } from "../../../shared/bulletin/schema";
import { ApiError, SIGNED_IN_AGAIN_EVENT } from "../api/http";
import { BulletinSaver } from "./saver";

const BULLETIN_ID = 11;

function content(title: string): Bulletin {
  return {
    number: null,
    place: "Ciudad de México",
    date: "2026-11-28",
    title,
    highlights: ["Uno"],
    body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Texto." }] }] },
    photoLinks: [],
    videoLinks: [],
  };
}

const resource = (version: number, bulletin: Bulletin) => ({ ...bulletin, id: BULLETIN_ID, version }) as unknown as BulletinResource;

beforeEach(() => {
  vi.useFakeTimers();
  localStorage.clear();
});
afterEach(() => vi.useRealTimers());

describe("BulletinSaver after the session expired", () => {
  it("holds what is typed after a 401, keeps it locally, and saves all of it once signed in again", async () => {
    const calls: Array<{ content: Bulletin; version: number }> = [];
    let signedIn = false;
    const saver = new BulletinSaver({
      bulletinId: BULLETIN_ID,
      version: 3,
      content: content("Inicio"),
      save: async (saved, version) => {
        calls.push({ content: saved, version });
        if (!signedIn) throw new ApiError(401, "unauthenticated", "Inicia sesión.");
        return resource(version + 1, saved);
      },
      loadCurrent: () => Promise.resolve(resource(3, content("Inicio"))),
      onSaved: () => undefined,
      delayMs: 1000,
    });
    saver.start();

    saver.update(content("Primera frase"));
    await vi.advanceTimersByTimeAsync(1000);
    expect(saver.getStatus().kind).toBe("signedOut");

    // Typing goes on: nothing is sent while signed out, everything is kept in this browser.
    saver.update(content("Primera frase y la segunda"));
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toHaveLength(1);
    expect(JSON.parse(localStorage.getItem(`redacta:borrador:${BULLETIN_ID}`)!).content.title).toBe("Primera frase y la segunda");
    expect(saver.hasUnsavedChanges()).toBe(true);

    signedIn = true;
    window.dispatchEvent(new Event(SIGNED_IN_AGAIN_EVENT));
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(2);
    expect(calls[1]).toMatchObject({ version: 3, content: { title: "Primera frase y la segunda" } });
    expect(saver.getStatus().kind).toBe("saved");
    expect(localStorage.getItem(`redacta:borrador:${BULLETIN_ID}`)).toBeNull();
    saver.stop();
  });

  it("does nothing on a sign-in when it was not held by a 401", async () => {
    const save = vi.fn(async (saved: Bulletin, version: number) => resource(version + 1, saved));
    const saver = new BulletinSaver({
      bulletinId: BULLETIN_ID,
      version: 3,
      content: content("Inicio"),
      save,
      loadCurrent: () => Promise.resolve(resource(3, content("Inicio"))),
      onSaved: () => undefined,
    });
    saver.start();
    window.dispatchEvent(new Event(SIGNED_IN_AGAIN_EVENT));
    await vi.advanceTimersByTimeAsync(2000);
    expect(save).not.toHaveBeenCalled();
    expect(saver.getStatus().kind).toBe("saved");
    saver.stop();
  });
});
