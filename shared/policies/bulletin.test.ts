import { describe, expect, it } from "vitest";
import type { Role } from "../api/schemas";
import { STATUSES, type Status } from "../workflow/transitions";
import { BULLETIN_ABILITIES, PolicyError, bulletinAbilities, canSee, refusal, workflowActions, type BulletinAbility } from "./bulletin";
import { OFFICE_RULES, may } from "./office";

const ROLES: Role[] = ["author", "reviewer", "admin"];
const AUTHOR_ID = 7;
const OTHER_ID = 8;

/** The brief's words, written apart from the tables: who sees a bulletin and who discusses it. */
function expected(status: Status, ability: BulletinAbility, role: Role, owns: boolean): "allowed" | "hidden" | "refused" {
  const sees = role !== "author" || owns || status === "approved" || status === "published";
  if (!sees) return "hidden";
  if (ability === "read" || ability === "copy" || ability === "export") return "allowed";
  if (ability === "comment" || ability === "resolve_comment") return role === "author" && !owns ? "refused" : "allowed";
  // Admins make templates, and only from the archive.
  if (ability === "make_template") return role === "admin" && (status === "approved" || status === "published") ? "allowed" : "refused";
  const authorOrAdmin = owns || role === "admin";
  const changeable = status === "draft" || status === "changes_requested" || status === "in_review";
  // Track changes: anyone but its author suggests on a bulletin in review; on a
  // draft only its author or an admin does. Deciding is the author's (or an admin's).
  if (ability === "suggest") return changeable && (status === "in_review" ? !owns : authorOrAdmin) ? "allowed" : "refused";
  if (ability === "decide_suggestion") return changeable && authorOrAdmin ? "allowed" : "refused";
  // A draft (never numbered, here) is deleted by its author or an admin; restoring is for deleted ones.
  if (ability === "delete") return status === "draft" && authorOrAdmin ? "allowed" : "refused";
  if (ability === "restore") return "refused";
  throw new Error(`no expectation for ${ability}`);
}

const NON_WORKFLOW: BulletinAbility[] = ["read", "copy", "export", "comment", "resolve_comment", "make_template", "suggest", "decide_suggestion", "delete", "restore"];
const cases = STATUSES.flatMap((status) =>
  NON_WORKFLOW.flatMap((ability) => ROLES.flatMap((role) => [true, false].map((owns) => ({ status, ability, role, owns })))),
);

describe("bulletin policy", () => {
  it.each(cases)("$ability on a $status bulletin by a $role (owner: $owns)", ({ status, ability, role, owns }) => {
    const user = { id: owns ? AUTHOR_ID : OTHER_ID, role };
    const error = refusal(user, ability, { status, authorId: AUTHOR_ID, writerIds: [AUTHOR_ID] });
    const outcome = error === null ? "allowed" : error.code === "not_found" ? "hidden" : "refused";
    expect(outcome).toBe(expected(status, ability, role, owns));
  });

  it("hides other authors' work in progress from an author behind not_found for every ability, workflow actions included", () => {
    const otherAuthor = { id: OTHER_ID, role: "author" as const };
    for (const status of ["draft", "in_review", "changes_requested"] as const) {
      expect(canSee(otherAuthor, { status, authorId: AUTHOR_ID })).toBe(false);
      for (const ability of BULLETIN_ABILITIES) {
        expect(refusal(otherAuthor, ability, { status, authorId: AUTHOR_ID, writerIds: [] })?.code, `${ability} on ${status}`).toBe("not_found");
      }
      expect(workflowActions(otherAuthor, { status, authorId: AUTHOR_ID, writerIds: [] })).toEqual([]);
    }
  });

  it("says an edit of a bulletin nobody may edit now is not_editable, with the reason of its status", () => {
    const admin = { id: OTHER_ID, role: "admin" as const };
    const error = refusal(admin, "edit", { status: "in_review", authorId: AUTHOR_ID, writerIds: [] });
    expect(error).toBeInstanceOf(PolicyError);
    expect(error).toMatchObject({ code: "not_editable", message: expect.stringMatching(/en revisión/) });
  });

  it("lists every ability the user has, the workflow actions among them", () => {
    const reviewer = { id: OTHER_ID, role: "reviewer" as const };
    expect(bulletinAbilities(reviewer, { status: "in_review", authorId: AUTHOR_ID, writerIds: [AUTHOR_ID] })).toEqual([
      "read", "copy", "export", "comment", "resolve_comment", "suggest", "request_changes", "approve",
    ]);
    expect(bulletinAbilities(reviewer, { status: "in_review", authorId: AUTHOR_ID, writerIds: [AUTHOR_ID, OTHER_ID] })).not.toContain("approve");
  });

  it("keeps office administration to admins, the review queue and sending to reviewers and admins, the media lists to distribution and admins", () => {
    const everyRole: Role[] = [...ROLES, "distribution"];
    for (const ability of Object.keys(OFFICE_RULES) as (keyof typeof OFFICE_RULES)[]) {
      const who = everyRole.filter((role) => may({ role }, ability));
      if (ability === "bulletins.create") expect(who, ability).toEqual(ROLES);
      else if (ability === "bulletins.review" || ability === "bulletins.distribute") expect(who, ability).toEqual(["reviewer", "admin"]);
      else if (ability === "lists.manage") expect(who, ability).toEqual(["admin", "distribution"]);
      else expect(who, ability).toEqual(["admin"]);
    }
  });
});

describe("deleted drafts", () => {
  const deleted = { status: "draft" as const, authorId: AUTHOR_ID, writerIds: [AUTHOR_ID], deletedAt: "2026-12-01T10:00:00Z" };
  it("are hidden from everyone but admins, who may only read and restore them", () => {
    expect(bulletinAbilities({ id: AUTHOR_ID, role: "author" }, deleted)).toEqual([]);
    expect(bulletinAbilities({ id: OTHER_ID, role: "reviewer" }, deleted)).toEqual([]);
    expect(bulletinAbilities({ id: OTHER_ID, role: "admin" }, deleted)).toEqual(["read", "restore"]);
  });
  it("a bulletin that had a number is never deleted", () => {
    const reopened = { status: "draft" as const, authorId: AUTHOR_ID, writerIds: [AUTHOR_ID], numberSeq: 12 };
    expect(refusal({ id: AUTHOR_ID, role: "author" }, "delete", reopened)?.message).toMatch(/nunca/);
    const imported = { status: "draft" as const, authorId: AUTHOR_ID, writerIds: [AUTHOR_ID], content: { number: { seq: 3, year: 2024 } } };
    expect(refusal({ id: OTHER_ID, role: "admin" }, "delete", imported)?.code).toBe("forbidden");
  });
});
