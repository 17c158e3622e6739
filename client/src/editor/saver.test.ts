// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { BulletinResource } from "../../../shared/api/schemas";
import type { Bulletin } from "../../../shared/bulletin/schema";
import { ApiError } from "../api/http";
import { BulletinSaver } from "./saver";

const BULLETIN_ID = 7;

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

function resource(version: number, bulletin: Bulletin): BulletinResource {
  return { ...bulletin, id: BULLETIN_ID, version } as unknown as BulletinResource;
}

/** A save function the test answers by hand, one call at a time. */
function manualServer() {
  const calls: Array<{ content: Bulletin; version: number; resolve: (r: BulletinResource) => void; reject: (e: unknown) => void }> = [];
  const save = (saved: Bulletin, version: number) =>
    new Promise<BulletinResource>((resolve, reject) => calls.push({ content: saved, version, resolve, reject }));
  return { calls, save };
}

function makeSaver(save: (content: Bulletin, version: number) => Promise<BulletinResource>, onSaved = vi.fn()) {
  const saver = new BulletinSaver({
    bulletinId: BULLETIN_ID,
    version: 3,
    content: content("Inicio"),
    save,
    loadCurrent: () => Promise.resolve(resource(9, content("De otra persona"))),
    onSaved,
    delayMs: 1000,
  });
  saver.start();
  return saver;
}

beforeEach(() => {
  vi.useFakeTimers();
  localStorage.clear();
});

afterEach(() => {
  vi.useRealTimers();
});

describe("BulletinSaver", () => {
  it("waits for the pause after typing and sends only the last text, with If-Match on the version it had", async () => {
    const server = manualServer();
    const saver = makeSaver(server.save);
    saver.update(content("I"));
    await vi.advanceTimersByTimeAsync(500);
    saver.update(content("Il"));
    await vi.advanceTimersByTimeAsync(900);
    expect(server.calls).toHaveLength(0);
    expect(saver.getStatus().kind).toBe("pending");
    await vi.advanceTimersByTimeAsync(200);
    expect(server.calls).toHaveLength(1);
    expect(server.calls[0]!.content.title).toBe("Il");
    expect(server.calls[0]!.version).toBe(3);
    expect(saver.getStatus().kind).toBe("saving");
  });

  it("keeps the typed draft locally until the server has it, and gives it to the page", async () => {
    const server = manualServer();
    const onSaved = vi.fn();
    const saver = makeSaver(server.save, onSaved);
    saver.update(content("Nuevo"));
    expect(saver.getTyped().title).toBe("Nuevo");
    expect(JSON.parse(localStorage.getItem(`redacta:borrador:${BULLETIN_ID}`)!).content.title).toBe("Nuevo");
    await vi.advanceTimersByTimeAsync(1000);
    server.calls[0]!.resolve(resource(4, content("Nuevo")));
    await vi.advanceTimersByTimeAsync(0);
    expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ version: 4 }));
    expect(saver.getStatus().kind).toBe("saved");
    expect(saver.getVersion()).toBe(4);
    expect(localStorage.getItem(`redacta:borrador:${BULLETIN_ID}`)).toBeNull();
  });

  it("sends an edit made during a save after it, on the version that save returned", async () => {
    const server = manualServer();
    const saver = makeSaver(server.save);
    saver.update(content("Primera"));
    await vi.advanceTimersByTimeAsync(1000);
    saver.update(content("Segunda"));
    await vi.advanceTimersByTimeAsync(1500);
    expect(server.calls).toHaveLength(1); // one request at a time
    server.calls[0]!.resolve(resource(4, content("Primera")));
    await vi.advanceTimersByTimeAsync(1000);
    expect(server.calls).toHaveLength(2);
    expect(server.calls[1]!.content.title).toBe("Segunda");
    expect(server.calls[1]!.version).toBe(4);
    server.calls[1]!.resolve(resource(5, content("Segunda")));
    await vi.advanceTimersByTimeAsync(0);
    expect(saver.getStatus().kind).toBe("saved");
    expect(saver.hasUnsavedChanges()).toBe(false);
  });

  it("stops on a 409 with their version, and saves nothing more until the conflict is resolved", async () => {
    const server = manualServer();
    const saver = makeSaver(server.save);
    saver.update(content("Mía"));
    await vi.advanceTimersByTimeAsync(1000);
    const theirs = resource(8, content("Suya"));
    server.calls[0]!.reject(new ApiError(409, "version_conflict", "Otra persona guardó.", { current: theirs }));
    await vi.advanceTimersByTimeAsync(0);
    const status = saver.getStatus();
    expect(status.kind).toBe("conflict");
    expect(status.kind === "conflict" && status.theirs.version).toBe(8);
    saver.update(content("Mía, más"));
    await vi.advanceTimersByTimeAsync(5000);
    expect(server.calls).toHaveLength(1);
    expect(await saver.flush()).toBe(false);

    saver.keepMine(theirs);
    await vi.advanceTimersByTimeAsync(0);
    expect(server.calls).toHaveLength(2);
    expect(server.calls[1]!.content.title).toBe("Mía, más");
    expect(server.calls[1]!.version).toBe(8);
  });

  it("loads their version when a 409 does not carry it", async () => {
    const server = manualServer();
    const saver = makeSaver(server.save);
    saver.update(content("Mía"));
    await vi.advanceTimersByTimeAsync(1000);
    server.calls[0]!.reject(new ApiError(409, "version_conflict", "Otra persona guardó."));
    await vi.advanceTimersByTimeAsync(0);
    const status = saver.getStatus();
    expect(status.kind === "conflict" && status.theirs.title).toBe("De otra persona");
  });

  it("retries offline with a growing wait, and at once when the browser is back online", async () => {
    const server = manualServer();
    const saver = makeSaver(server.save);
    saver.update(content("Sin red"));
    await vi.advanceTimersByTimeAsync(1000);
    server.calls[0]!.reject(new ApiError(0, "network", "Sin conexión."));
    await vi.advanceTimersByTimeAsync(0);
    expect(saver.getStatus()).toEqual({ kind: "offline", retryInMs: 1000 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(server.calls).toHaveLength(2);
    server.calls[1]!.reject(new ApiError(0, "network", "Sin conexión."));
    await vi.advanceTimersByTimeAsync(0);
    expect(saver.getStatus()).toEqual({ kind: "offline", retryInMs: 2000 });
    // Typing while offline does not restart the wait; the retry sends the newest text.
    saver.update(content("Sin red, más"));
    expect(saver.getStatus().kind).toBe("offline");
    window.dispatchEvent(new Event("online"));
    await vi.advanceTimersByTimeAsync(0);
    expect(server.calls).toHaveLength(3);
    expect(server.calls[2]!.content.title).toBe("Sin red, más");
    server.calls[2]!.resolve(resource(4, content("Sin red, más")));
    await vi.advanceTimersByTimeAsync(0);
    expect(saver.getStatus().kind).toBe("saved");
  });

  it("takes the server's content and version after an outside change (accepted suggestions, a restored revision)", async () => {
    const server = manualServer();
    const saver = makeSaver(server.save);
    saver.rebase(resource(6, content("Con la sugerencia")));
    expect(saver.getTyped().title).toBe("Con la sugerencia");
    expect(saver.getStatus().kind).toBe("saved");
    saver.update(content("Con la sugerencia y más"));
    await vi.advanceTimersByTimeAsync(1000);
    expect(server.calls[0]!.version).toBe(6);
  });

  it("tells its listeners about a change typed while a save is in flight, so the page re-renders from the saver's draft", async () => {
    const server = manualServer();
    const saver = makeSaver(server.save);
    saver.update(content("A"));
    await vi.advanceTimersByTimeAsync(1000);
    expect(saver.getStatus().kind).toBe("saving");
    const listener = vi.fn();
    saver.subscribe(listener);
    saver.update(content("Ab"));
    expect(listener).toHaveBeenCalled();
    expect(saver.getTyped().title).toBe("Ab");
  });

  describe("typing in the body (read after the pause, not at every key)", () => {
    const body = (text: string): Bulletin["body"] => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
    const local = () => JSON.parse(localStorage.getItem(`redacta:borrador:${BULLETIN_ID}`) ?? "null") as { content: Bulletin } | null;

    it("reads the body once the keys pause, keeps it locally and saves it, whatever the number of keys", async () => {
      const server = manualServer();
      const saver = makeSaver(server.save);
      const read = vi.fn();
      let text = "Texto";
      for (const key of " nuevo") {
        text += key;
        const typed = text;
        saver.typing(() => {
          read();
          return { body: body(typed) };
        });
        await vi.advanceTimersByTimeAsync(60);
      }
      expect(read).not.toHaveBeenCalled();
      expect(saver.getStatus().kind).toBe("pending");
      expect(local()).toBeNull();
      await vi.advanceTimersByTimeAsync(300);
      expect(read).toHaveBeenCalledTimes(1);
      expect(saver.getTyped().body).toEqual(body("Texto nuevo"));
      expect(local()!.content.body).toEqual(body("Texto nuevo"));
      // Saved a second after the last key, as always: the pause before the read is not added to it.
      await vi.advanceTimersByTimeAsync(600);
      expect(server.calls).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(100);
      expect(server.calls).toHaveLength(1);
      expect(server.calls[0]!.content.body).toEqual(body("Texto nuevo"));
    });

    it("reads what was typed at once when the page needs it: Ctrl+S, leaving the page, another field changed", async () => {
      const server = manualServer();
      const saver = makeSaver(server.save);
      saver.typing(() => ({ body: body("Antes de salir") }));
      expect(saver.hasUnsavedChanges()).toBe(true);
      expect(local()!.content.body).toEqual(body("Antes de salir"));

      saver.typing(() => ({ body: body("Con titular") }));
      saver.patch({ title: "Titular nuevo" });
      expect(saver.getTyped().title).toBe("Titular nuevo");
      expect(saver.getTyped().body).toEqual(body("Con titular"));

      saver.typing(() => ({ body: body("Guardado ya") }));
      const flushed = saver.flush();
      await vi.advanceTimersByTimeAsync(0);
      expect(server.calls).toHaveLength(1);
      expect(server.calls[0]!.content.body).toEqual(body("Guardado ya"));
      expect(server.calls[0]!.content.title).toBe("Titular nuevo");
      server.calls[0]!.resolve(resource(4, server.calls[0]!.content));
      expect(await flushed).toBe(true);
    });

    it("keeps the local copy at every key while offline, where it is the only copy", async () => {
      const server = manualServer();
      const saver = makeSaver(server.save);
      saver.update(content("Sin red"));
      await vi.advanceTimersByTimeAsync(1000);
      server.calls[0]!.reject(new ApiError(0, "network", "Sin conexión."));
      await vi.advanceTimersByTimeAsync(0);
      expect(saver.getStatus().kind).toBe("offline");
      saver.typing(() => ({ body: body("Escrito sin red") }));
      expect(local()!.content.body).toEqual(body("Escrito sin red"));
    });

    it("lets content from outside (an accepted suggestion) win over keys not read yet", async () => {
      const server = manualServer();
      const saver = makeSaver(server.save);
      saver.typing(() => ({ body: body("Lo que había") }));
      saver.rebase(resource(6, { ...content("Inicio"), body: body("Con la sugerencia") }));
      await vi.advanceTimersByTimeAsync(2000);
      expect(saver.getTyped().body).toEqual(body("Con la sugerencia"));
      expect(server.calls).toHaveLength(0);
      expect(saver.getStatus().kind).toBe("saved");
    });
  });
});
