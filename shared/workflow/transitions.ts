import type { BulletinStatus, Role, WorkflowAction } from "../api/schemas";

/**
 * The bulletin workflow as one table: `transitions[status][action]`.
 * Pure: no database, no HTTP. Routes and commands call `assertTransition`;
 * the client shows the buttons of `allowedActions`.
 *
 * Who may act on a rule:
 * - `roles`: the user's role must be listed.
 * - `actor: "author"`: the bulletin's author; an admin may act as if author.
 * - `actor: "not_author"`: anyone listed but the bulletin's author, admins included.
 * - `actor: "not_writer"`: four eyes — anyone listed who neither wrote the bulletin nor
 *   saved any revision of it since it was last approved (ever, before a first
 *   approval), admins included: nobody approves text they wrote.
 * - `actor: "any"`: anyone listed; a user whose role is `author` still acts only
 *   on bulletins they wrote (authors never act on other people's bulletins).
 */

export type Status = BulletinStatus;
export type Action = WorkflowAction;
export type Actor = "author" | "not_author" | "not_writer" | "any";

export interface TransitionRule {
  to: Status;
  roles: readonly Role[];
  actor: Actor;
}

/** Every status, in workflow order. */
export const STATUSES: readonly Status[] = ["draft", "in_review", "changes_requested", "approved", "published"];
/** Every action, in the order the client shows them. */
export const ACTIONS: readonly Action[] = ["edit", "submit", "withdraw", "request_changes", "approve", "publish", "reopen", "correct"];

const EVERY_ROLE: readonly Role[] = ["author", "reviewer", "admin"];
const REVIEWING_ROLES: readonly Role[] = ["reviewer", "admin"];

/** The workflow table. A missing entry means the action does not exist in that status. */
export const transitions: Readonly<Record<Status, Partial<Record<Action, TransitionRule>>>> = {
  draft: {
    // Whoever wrote it (whatever their role) or an admin saves the draft; the status stays.
    edit: { to: "draft", roles: EVERY_ROLE, actor: "author" },
    // The author (or an admin) hands the draft to the reviewers.
    submit: { to: "in_review", roles: EVERY_ROLE, actor: "author" },
  },
  in_review: {
    // The author (or an admin) takes it back before a reviewer decides: it is a draft again.
    withdraw: { to: "draft", roles: EVERY_ROLE, actor: "author" },
    // A reviewer or admin who did not write it sends it back with comments.
    request_changes: { to: "changes_requested", roles: REVIEWING_ROLES, actor: "not_author" },
    // Four eyes: a reviewer or admin who wrote none of the text approves it (the number is given then).
    approve: { to: "approved", roles: REVIEWING_ROLES, actor: "not_writer" },
  },
  changes_requested: {
    // The author (or an admin) fixes what was asked; the status stays until resubmitted.
    edit: { to: "changes_requested", roles: EVERY_ROLE, actor: "author" },
    // The author (or an admin) sends the fixed version back to review.
    submit: { to: "in_review", roles: EVERY_ROLE, actor: "author" },
  },
  approved: {
    // Publishing only releases what four eyes already approved, so any reviewer or admin may.
    publish: { to: "published", roles: REVIEWING_ROLES, actor: "any" },
    // A late fix: the author, a reviewer or an admin sends it back to draft; the number is kept.
    reopen: { to: "draft", roles: EVERY_ROLE, actor: "any" },
  },
  // Published: the media have it. `Corregir` opens a correction that keeps the number: a draft
  // again (the public page keeps the published text), reviewed and approved by four eyes, then
  // published as a correction to exactly the earlier recipients.
  published: {
    correct: { to: "draft", roles: EVERY_ROLE, actor: "any" },
  },
};

/** Why a workflow action was refused. Domain error: carries no HTTP status. */
export class WorkflowError extends Error {
  override readonly name = "WorkflowError";
  constructor(
    /** `invalid_transition`: the action does not exist in this status; `forbidden_transition`: not for this user. */
    readonly code: "invalid_transition" | "forbidden_transition",
    message: string,
  ) {
    super(message);
  }
}

/** The action as a Spanish verb phrase around its object (`aprobar este boletín`). */
const ACTION_PHRASE: Record<Action, (object: string) => string> = {
  edit: (object) => `editar ${object}`,
  submit: (object) => `enviar ${object} a revisión`,
  withdraw: (object) => `retirar ${object} de revisión`,
  request_changes: (object) => `pedir cambios en ${object}`,
  approve: (object) => `aprobar ${object}`,
  publish: (object) => `publicar ${object}`,
  reopen: (object) => `reabrir ${object}`,
  correct: (object) => `corregir ${object}`,
};

const INVALID_MESSAGE: Record<Action, string> = {
  edit: "Solo se puede editar un boletín en borrador o con cambios solicitados.",
  submit: "Solo se puede enviar a revisión un boletín en borrador o con cambios solicitados.",
  withdraw: "Solo se puede retirar de revisión un boletín que está en revisión.",
  request_changes: "Solo se pueden pedir cambios en un boletín en revisión.",
  approve: "Solo se puede aprobar un boletín en revisión.",
  publish: "Solo se puede publicar un boletín aprobado.",
  reopen: "Solo se puede reabrir un boletín aprobado.",
  correct: "Solo se corrige un boletín publicado.",
};

const PUBLISHED_MESSAGE =
  "Un boletín publicado no se edita: para cambiarlo, usa Corregir (conserva su número y vuelve a pasar por revisión).";

export interface WorkflowBulletin {
  status: Status;
  authorId: number;
  /** Who saved a revision since the bulletin was last approved (ever, before a first approval). */
  writerIds: readonly number[];
}

export interface WorkflowUser {
  id: number;
  role: Role;
  /**
   * Who set this account's password when it was not its owner: whoever knows the password
   * can act as the account, so four-eyes counts them too until the owner sets their own.
   */
  passwordSetBy?: number | null;
}

/** Null when the user may act under the rule; otherwise the Spanish reason. */
function refusal(rule: TransitionRule, action: Action, bulletin: WorkflowBulletin, user: WorkflowUser): string | null {
  const phrase = ACTION_PHRASE[action];
  if (!rule.roles.includes(user.role)) return `Tu rol no permite ${phrase("este boletín")}.`;
  const isAuthor = bulletin.authorId === user.id;
  switch (rule.actor) {
    case "author":
      return isAuthor || user.role === "admin" ? null : `Solo su autor o un administrador puede ${phrase("este boletín")}.`;
    case "not_author":
      return isAuthor ? `No puedes ${phrase("un boletín que tú escribiste")}.` : null;
    case "not_writer": {
      if (isAuthor) return `No puedes ${phrase("un boletín que tú escribiste")}.`;
      if (bulletin.writerIds.includes(user.id)) {
        return `No puedes ${phrase("este boletín")}: guardaste cambios en su texto, y nadie aprueba lo que escribió. Debe hacerlo otra persona.`;
      }
      const custodian = user.passwordSetBy ?? null;
      if (custodian !== null && custodian !== user.id && (custodian === bulletin.authorId || bulletin.writerIds.includes(custodian))) {
        return `No puedes ${phrase("este boletín")} todavía: tu contraseña la puso otra persona que escribió parte de este texto. Cámbiala tú (Cambiar contraseña) y vuelve a intentarlo.`;
      }
      return null;
    }
    case "any":
      return user.role === "author" && !isAuthor ? `Solo puedes ${phrase("este boletín")} si tú lo escribiste.` : null;
  }
}

/**
 * Checks that `user` may perform `action` on `bulletin` and returns the status it leads to.
 * Throws a `WorkflowError`: `invalid_transition` when the action does not exist in the
 * bulletin's status, `forbidden_transition` when it exists but not for this user.
 */
export function assertTransition(bulletin: WorkflowBulletin, user: WorkflowUser, action: Action): { to: Status } {
  const refused = transitionRefusal(bulletin, user, action);
  if (refused) throw refused;
  return { to: transitions[bulletin.status][action]!.to };
}

/** The `WorkflowError` `assertTransition` would throw, or null when `user` may perform `action`. */
export function transitionRefusal(bulletin: WorkflowBulletin, user: WorkflowUser, action: Action): WorkflowError | null {
  const rule = transitions[bulletin.status][action];
  if (!rule) {
    return new WorkflowError("invalid_transition", bulletin.status === "published" ? PUBLISHED_MESSAGE : INVALID_MESSAGE[action]);
  }
  const reason = refusal(rule, action, bulletin, user);
  return reason ? new WorkflowError("forbidden_transition", reason) : null;
}

/** The actions `user` may perform on `bulletin` now, in `ACTIONS` order (`edit` included). */
export function allowedActions(bulletin: WorkflowBulletin, user: WorkflowUser): Action[] {
  return ACTIONS.filter((action) => {
    const rule = transitions[bulletin.status][action];
    return rule !== undefined && refusal(rule, action, bulletin, user) === null;
  });
}
