import { describe, expect, it } from "vitest";
import type { Role } from "../api/schemas";
import {
  ACTIONS,
  STATUSES,
  WorkflowError,
  allowedActions,
  assertTransition,
  type Action,
  type Status,
} from "./transitions";

const ROLES: Role[] = ["author", "reviewer", "admin"];
const AUTHOR_ID = 7;
const OTHER_ID = 8;

type Outcome = Status | "invalid" | "forbidden";

/**
 * The workflow as the product brief words it, written independently of the table:
 * the exhaustive test below compares every combination against this.
 */
function expectedOutcome(status: Status, action: Action, role: Role, ownsBulletin: boolean, wroteText = false): Outcome {
  const isAdmin = role === "admin";
  const reviews = role === "reviewer" || isAdmin;
  const authorOrAdmin = ownsBulletin || isAdmin;
  const writable = status === "draft" || status === "changes_requested";

  if (action === "edit") {
    if (!writable) return "invalid";
    return authorOrAdmin ? status : "forbidden";
  }
  if (action === "submit") {
    if (!writable) return "invalid";
    return authorOrAdmin ? "in_review" : "forbidden";
  }
  if (action === "withdraw") {
    // The author (or an admin) takes a bulletin back from review before a reviewer decides.
    if (status !== "in_review") return "invalid";
    return authorOrAdmin ? "draft" : "forbidden";
  }
  if (action === "approve" || action === "request_changes") {
    if (status !== "in_review") return "invalid";
    // Four eyes: nobody reviews their own bulletin, not even an admin, and nobody approves text they saved.
    if (!reviews || ownsBulletin) return "forbidden";
    if (action === "approve" && wroteText) return "forbidden";
    return action === "approve" ? "approved" : "changes_requested";
  }
  if (action === "publish") {
    if (status !== "approved") return "invalid";
    return reviews ? "published" : "forbidden";
  }
  if (action === "correct") {
    // Corregir: only a published bulletin, by its author, any reviewer or any admin; a draft again, with its number.
    if (status !== "published") return "invalid";
    return reviews || ownsBulletin ? "draft" : "forbidden";
  }
  // reopen: only an approved bulletin, by its author, any reviewer or any admin.
  if (status !== "approved") return "invalid";
  return reviews || ownsBulletin ? "draft" : "forbidden";
}

function outcomeOf(status: Status, action: Action, role: Role, ownsBulletin: boolean, wroteText = false): Outcome {
  const user = { id: ownsBulletin ? AUTHOR_ID : OTHER_ID, role };
  const bulletin = { status, authorId: AUTHOR_ID, writerIds: wroteText ? [AUTHOR_ID, user.id] : [AUTHOR_ID] };
  try {
    return assertTransition(bulletin, user, action).to;
  } catch (error) {
    if (!(error instanceof WorkflowError)) throw error;
    return error.code === "invalid_transition" ? "invalid" : "forbidden";
  }
}

const combinations = STATUSES.flatMap((status) =>
  ACTIONS.flatMap((action) =>
    ROLES.flatMap((role) =>
      [true, false].flatMap((ownsBulletin) => [true, false].map((wroteText) => ({ status, action, role, ownsBulletin, wroteText }))),
    ),
  ),
);

describe("workflow transitions", () => {
  it("covers every status × action × role × owner × wrote-some-text combination", () => {
    expect(combinations).toHaveLength(5 * 8 * 3 * 2 * 2);
  });

  it.each(combinations)(
    "$action on a $status bulletin by a $role (owner: $ownsBulletin, saved text: $wroteText) follows the brief",
    ({ status, action, role, ownsBulletin, wroteText }) => {
      expect(outcomeOf(status, action, role, ownsBulletin, wroteText)).toBe(expectedOutcome(status, action, role, ownsBulletin, wroteText));
    },
  );

  it.each(combinations)(
    "allowedActions lists $action on a $status bulletin for a $role (owner: $ownsBulletin, saved text: $wroteText) exactly when it is permitted",
    ({ status, action, role, ownsBulletin, wroteText }) => {
      const userId = ownsBulletin ? AUTHOR_ID : OTHER_ID;
      const allowed = allowedActions({ status, authorId: AUTHOR_ID, writerIds: wroteText ? [AUTHOR_ID, userId] : [AUTHOR_ID] }, { id: userId, role });
      const permitted = !["invalid", "forbidden"].includes(expectedOutcome(status, action, role, ownsBulletin, wroteText));
      expect(allowed.includes(action)).toBe(permitted);
    },
  );

  it("tells an admin who saved part of someone else's text that another person must approve it", () => {
    const admin = { id: OTHER_ID, role: "admin" as const };
    expect(() => assertTransition({ status: "in_review", authorId: AUTHOR_ID, writerIds: [AUTHOR_ID, OTHER_ID] }, admin, "approve")).toThrow(
      /guardaste cambios en su texto, y nadie aprueba lo que escribió/,
    );
  });

  it("tells an admin who wrote the bulletin that they cannot approve it", () => {
    const admin = { id: AUTHOR_ID, role: "admin" as const };
    expect(() => assertTransition({ status: "in_review", authorId: AUTHOR_ID, writerIds: [AUTHOR_ID] }, admin, "approve")).toThrow(
      "No puedes aprobar un boletín que tú escribiste.",
    );
  });

  it("explains that only a bulletin in review can be approved", () => {
    const reviewer = { id: OTHER_ID, role: "reviewer" as const };
    expect(() => assertTransition({ status: "draft", authorId: AUTHOR_ID, writerIds: [AUTHOR_ID] }, reviewer, "approve")).toThrow(
      "Solo se puede aprobar un boletín en revisión.",
    );
  });

  it("refuses edits of someone else's draft with a reason naming the author or an admin", () => {
    const otherAuthor = { id: OTHER_ID, role: "author" as const };
    expect(() => assertTransition({ status: "draft", authorId: AUTHOR_ID, writerIds: [AUTHOR_ID] }, otherAuthor, "edit")).toThrow(
      "Solo su autor o un administrador puede editar este boletín.",
    );
  });

  it("says a published bulletin changes only through Corregir, whatever else is attempted", () => {
    const admin = { id: OTHER_ID, role: "admin" as const };
    for (const action of ACTIONS.filter((each) => each !== "correct")) {
      expect(() => assertTransition({ status: "published", authorId: AUTHOR_ID, writerIds: [AUTHOR_ID] }, admin, action)).toThrow(/usa Corregir/);
    }
    expect(assertTransition({ status: "published", authorId: AUTHOR_ID, writerIds: [AUTHOR_ID] }, admin, "correct")).toMatchObject({ to: "draft" });
  });

  it("reports refusals as domain errors with a stable code and no HTTP status", () => {
    let caught: unknown;
    try {
      assertTransition({ status: "approved", authorId: AUTHOR_ID, writerIds: [AUTHOR_ID] }, { id: AUTHOR_ID, role: "author" }, "publish");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(WorkflowError);
    expect(caught).toMatchObject({ code: "forbidden_transition", message: "Tu rol no permite publicar este boletín." });
    expect(caught).not.toHaveProperty("status");
  });

  it("keeps a saved draft in its status", () => {
    const author = { id: AUTHOR_ID, role: "author" as const };
    expect(assertTransition({ status: "changes_requested", authorId: AUTHOR_ID, writerIds: [AUTHOR_ID] }, author, "edit")).toEqual({
      to: "changes_requested",
    });
  });
});
