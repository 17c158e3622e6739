// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import type { Bulletin } from "../../../shared/bulletin/schema";
import { localDrafts } from "./local-drafts";

const content = (title: string): Bulletin => ({
  number: null, place: null, date: null, title, highlights: [], body: { type: "doc", content: [{ type: "paragraph" }] }, photoLinks: [], videoLinks: [],
});

afterEach(() => {
  localStorage.clear();
  localDrafts.setOwner(null);
});

describe("local drafts on a shared browser", () => {
  it("offer back what was typed to the person who typed it", () => {
    localDrafts.setOwner(7);
    localDrafts.write(3, { baseVersion: 2, content: content("Lo que escribió Ana"), savedAt: "2026-12-01T12:00:00Z" });
    expect(localDrafts.takeForRecovery(3)?.content.title).toBe("Lo que escribió Ana");
  });

  it("never to someone else who signs in on the same browser, and keep it for its owner", () => {
    localDrafts.setOwner(7);
    localDrafts.write(3, { baseVersion: 2, content: content("Lo que escribió Ana"), savedAt: "2026-12-01T12:00:00Z" });
    localDrafts.setOwner(8);
    expect(localDrafts.takeForRecovery(3)).toBeNull();
    localDrafts.setOwner(7);
    expect(localDrafts.takeForRecovery(3)?.content.title).toBe("Lo que escribió Ana");
  });
});
