import { describe, expect, it } from "vitest";
import { insertMention, matchPeople, mentionAt, mentionedIds } from "./mentions";
import { reviewerChoices } from "./people";

const people = [
  { id: 1, name: "Ana Autora", role: "author" },
  { id: 2, name: "Raúl Revisor", role: "reviewer" },
  { id: 3, name: "Adela Admin", role: "admin" },
  { id: 4, name: "Rosa Arana", role: "reviewer" },
];

describe("mentionAt", () => {
  it("finds an @ followed by letters right before the caret", () => {
    expect(mentionAt("Hola @ra", 8)).toEqual({ start: 5, query: "ra" });
    expect(mentionAt("@Ra", 3)).toEqual({ start: 0, query: "Ra" });
    expect(mentionAt("Hola @raú", 9)).toEqual({ start: 5, query: "raú" });
  });

  it("is not an e-mail address, a bare @, or a finished word", () => {
    expect(mentionAt("ana@ra", 6)).toBeNull();
    expect(mentionAt("Hola @", 6)).toBeNull();
    expect(mentionAt("Hola @ra ", 9)).toBeNull();
    expect(mentionAt("Hola @ra más", 5)).toBeNull();
  });
});

describe("matchPeople", () => {
  it("matches any word's start without accents, first names first", () => {
    expect(matchPeople(people, "r").map((person) => person.id)).toEqual([2, 4]);
    expect(matchPeople(people, "ar").map((person) => person.id)).toEqual([4]);
    expect(matchPeople(people, "raul").map((person) => person.id)).toEqual([2]);
    expect(matchPeople(people, "a").map((person) => person.id)).toEqual([3, 1, 4]);
    expect(matchPeople(people, "zz")).toEqual([]);
  });
});

describe("insertMention", () => {
  it("replaces the typed query with @Name and one space (none before punctuation), caret after it", () => {
    expect(insertMention("Hola @ra", 5, 8, "Raúl Revisor")).toEqual({ text: "Hola @Raúl Revisor ", caret: 19 });
    expect(insertMention("Hola @ra mira", 5, 8, "Raúl Revisor")).toEqual({ text: "Hola @Raúl Revisor mira", caret: 19 });
    expect(insertMention("Hola @ra, mira", 5, 8, "Raúl Revisor")).toEqual({ text: "Hola @Raúl Revisor, mira", caret: 18 });
  });
});

describe("mentionedIds", () => {
  it("keeps the chosen people still named in the text, once each", () => {
    const chosen = [people[1]!, people[2]!, people[1]!];
    expect(mentionedIds("@Raúl Revisor y @Adela Admin, ¿lo ven?", chosen)).toEqual([2, 3]);
    expect(mentionedIds("@Raúl Revis, ¿lo ves?", chosen)).toEqual([]);
    expect(mentionedIds("@Adela Administradora", chosen)).toEqual([]);
    expect(mentionedIds("ana@Raúl Revisor", chosen)).toEqual([]);
  });
});

describe("reviewerChoices", () => {
  it("offers reviewers and admins, never the author, by name", () => {
    expect(reviewerChoices(people, 2).map((person) => person.id)).toEqual([3, 4]);
    expect(reviewerChoices(people, 1).map((person) => person.id)).toEqual([3, 2, 4]);
  });
});
