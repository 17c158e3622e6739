import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import type { BulletinResource } from "../../../shared/api/schemas";
import { applyChange, bulletinKeys, staleKeys } from "./queries";

function seeded(): QueryClient {
  const client = new QueryClient();
  for (const id of [1, 2]) {
    client.setQueryData(bulletinKeys.resource(id), { id, version: 1 });
    for (const part of ["comments", "suggestions", "revisions", "events"] as const) client.setQueryData(bulletinKeys.part(id, part), []);
  }
  client.setQueryData([...bulletinKeys.lists, { status: "draft" }], { items: [], total: 0 });
  return client;
}

const stale = (client: QueryClient) =>
  client
    .getQueryCache()
    .getAll()
    .filter((query) => query.isStale() && query.state.isInvalidated)
    .map((query) => JSON.stringify(query.queryKey))
    .sort();

describe("bulletin query keys", () => {
  it("nest every part of a bulletin under its resource key", () => {
    expect(bulletinKeys.part(5, "comments").slice(0, 2)).toEqual(bulletinKeys.resource(5));
  });

  it("a comment makes only that bulletin's comments and events stale", () => {
    expect(staleKeys(3, "comment")).toEqual([["bulletin", 3, "comments"], ["bulletin", 3, "events"]]);
  });

  it("accepting suggestions makes the history, the comment anchors and the lists stale", () => {
    const keys = staleKeys(3, "decision").map((key) => JSON.stringify(key));
    for (const expected of [["bulletin", 3, "suggestions"], ["bulletin", 3, "revisions"], ["bulletin", 3, "comments"], ["bulletins"]]) {
      expect(keys).toContain(JSON.stringify(expected));
    }
  });
});

describe("applyChange", () => {
  it("puts the server's answer in the cache without refetching it, and invalidates only what the change touched", async () => {
    const client = seeded();
    const saved = { id: 1, version: 2 } as unknown as BulletinResource;
    await applyChange(client, 1, "saved", saved);
    expect(client.getQueryData(bulletinKeys.resource(1))).toEqual(saved);
    expect(stale(client)).toEqual(
      [
        JSON.stringify(["bulletin", 1, "comments"]),
        JSON.stringify(["bulletin", 1, "revisions"]),
        JSON.stringify(["bulletin", 1, "suggestions"]),
        JSON.stringify(["bulletins", { status: "draft" }]),
      ].sort(),
    );
  });

  it("a new suggestion leaves other bulletins and the lists alone", async () => {
    const client = seeded();
    await applyChange(client, 2, "suggestion");
    expect(stale(client)).toEqual([JSON.stringify(["bulletin", 2, "suggestions"])]);
  });
});
