import type { BulletinStatus, Role, WorkflowAction } from "../api/schemas";
import { rolesFor } from "./office";
import {
  ACTIONS, allowedActions, transitionRefusal, transitions, type TransitionRule, type WorkflowBulletin, type WorkflowUser,
} from "../workflow/transitions";

/**
 * Who may do what with a bulletin, as data. Pure: the server's routes, commands,
 * list query and presenter, and the client, all read these rules.
 *
 * - Visibility: `VISIBILITY` (one predicate, `canSee`; the server builds its SQL
 *   condition from the same constants).
 * - Workflow actions (`edit`, `submit`, `approve`, …): the workflow table in
 *   shared/workflow/transitions.ts, four-eyes included.
 * - Everything else a user does to a bulletin: `BULLETIN_RULES`.
 */

/** Everything a user may do to one bulletin. */
export const BULLETIN_ABILITIES = [
  "read", "copy", "export", "comment", "resolve_comment", "make_template",
  "suggest", "decide_suggestion", "delete", "restore", "distribute", ...ACTIONS,
] as const;
export type BulletinAbility = (typeof BULLETIN_ABILITIES)[number];

/** What the rules need to know of a bulletin. */
export type BulletinFacts = WorkflowBulletin & {
  /** Set once the draft was deleted: only admins see it then, and may only restore it. */
  deletedAt?: Date | string | null;
  /** The number approval gave it; with `content.number`, whether it ever had one (a numbered bulletin is never deleted). */
  numberSeq?: number | null;
  content?: { number: unknown };
};
export type PolicyUser = WorkflowUser;

/**
 * Who sees a bulletin: these roles see every bulletin; everyone sees the
 * bulletins they wrote and the archive (these statuses). Anyone else does not
 * learn it exists (404, never 403).
 */
export const VISIBILITY: { seeEverything: readonly Role[]; archiveStatuses: readonly BulletinStatus[]; seeDeleted: readonly Role[] } = {
  seeEverything: ["reviewer", "admin"],
  // A deleted draft is gone for everyone but the admins, who may restore it.
  seeDeleted: ["admin"],
  archiveStatuses: ["approved", "published"],
};

/** A rule over a bulletin the user can already see. */
interface BulletinRule {
  roles: readonly Role[];
  /** `own`: a user whose role is `author` acts only on bulletins they wrote; other listed roles on any. */
  actor: "anyone" | "own";
  /** Only in these statuses (all when absent). */
  statuses?: readonly BulletinStatus[];
  /** A further condition: the Spanish reason it refuses, or null. */
  unless?: (user: PolicyUser, bulletin: BulletinFacts) => string | null;
}

const WRITING: readonly BulletinStatus[] = ["draft", "changes_requested"];
const isAuthorOrAdmin = (user: PolicyUser, bulletin: BulletinFacts) => user.role === "admin" || bulletin.authorId === user.id;

const EVERY_ROLE: readonly Role[] = ["author", "reviewer", "admin", "distribution"];

/** The abilities that are not workflow actions. Each assumes `canSee`. */
export const BULLETIN_RULES: Readonly<Record<Exclude<BulletinAbility, WorkflowAction>, BulletinRule>> = {
  // Reading includes the history, the diff, the comments and the audit trail.
  read: { roles: EVERY_ROLE, actor: "anyone" },
  // A new draft copied from a bulletin one can see.
  copy: { roles: EVERY_ROLE, actor: "anyone" },
  export: { roles: EVERY_ROLE, actor: "anyone" },
  // Authors discuss their own bulletins; reviewers and admins any.
  comment: { roles: EVERY_ROLE, actor: "own" },
  resolve_comment: { roles: EVERY_ROLE, actor: "own" },
  // Templates come from the archive: text someone approved, never a draft nobody else has read.
  make_template: { roles: rolesFor("templates.manage"), actor: "anyone", statuses: VISIBILITY.archiveStatuses },
  // Track changes: reviewers (and admins) suggest on someone else's bulletin in review; its
  // author (or an admin) may also suggest on their own draft instead of editing it. The author
  // does not suggest on their own bulletin in review (they withdraw it to change it), and a
  // reviewer does not suggest on someone else's draft: it is not theirs to review yet.
  suggest: {
    roles: EVERY_ROLE, actor: "own", statuses: ["in_review", ...WRITING],
    unless: (user, bulletin) => {
      if (bulletin.status === "in_review") {
        return bulletin.authorId === user.id ? "Tu boletín está en revisión: retíralo de revisión para cambiar su texto." : null;
      }
      return isAuthorOrAdmin(user, bulletin) ? null : "Solo se sugieren cambios en un boletín en revisión.";
    },
  },
  // The author (or an admin) accepts or rejects what was suggested, while the text can still change.
  decide_suggestion: {
    roles: EVERY_ROLE, actor: "own", statuses: ["in_review", ...WRITING],
    unless: (user, bulletin) => (isAuthorOrAdmin(user, bulletin) ? null : "Solo el autor del boletín o un administrador acepta o rechaza sugerencias."),
  },
  // A draft that never had a number may be deleted (softly: admins can restore it); a numbered bulletin never.
  delete: {
    roles: EVERY_ROLE, actor: "own", statuses: ["draft"],
    unless: (user, bulletin) => {
      if (!isAuthorOrAdmin(user, bulletin)) return "Solo su autor o un administrador puede eliminar este borrador.";
      if (bulletin.numberSeq || bulletin.content?.number) return "Un boletín que tuvo número no se elimina nunca.";
      return null;
    },
  },
  restore: { roles: ["admin"], actor: "anyone", unless: (_user, bulletin) => (bulletin.deletedAt ? null : "Este boletín no está eliminado.") },
  // Sending the approved text to media lists (`Distribuir`): what four eyes approved, never a draft.
  distribute: { roles: rolesFor("bulletins.distribute"), actor: "anyone", statuses: VISIBILITY.archiveStatuses },
};

/** True when `user` may know `bulletin` exists. */
export function canSee(user: PolicyUser, bulletin: Pick<BulletinFacts, "status" | "authorId" | "deletedAt">): boolean {
  if (bulletin.deletedAt) return VISIBILITY.seeDeleted.includes(user.role);
  return (
    VISIBILITY.seeEverything.includes(user.role) ||
    bulletin.authorId === user.id ||
    VISIBILITY.archiveStatuses.includes(bulletin.status)
  );
}

type Refused = { code: PolicyError["code"]; message: string };

/** Why `user` may not do `ability` to `bulletin`, as a policy error; null when they may. */
export function refusal(user: PolicyUser, ability: BulletinAbility, bulletin: BulletinFacts): PolicyError | null {
  const refused = refusalReason(user, ability, bulletin);
  return refused ? new PolicyError(refused.code, refused.message) : null;
}

/** What refusal says, as plain data: asking every ability of every read builds no Error (and no stack trace). */
function refusalReason(user: PolicyUser, ability: BulletinAbility, bulletin: BulletinFacts): Refused | null {
  if (!canSee(user, bulletin)) return reasonOf("not_found", "El boletín no existe.");
  if (bulletin.deletedAt && ability !== "read" && ability !== "restore") {
    return reasonOf("invalid_transition", "Este borrador está eliminado: restáuralo antes de hacer nada con él.");
  }
  if (isWorkflowAction(ability)) {
    const refused = transitionRefusal(bulletin, user, ability);
    if (!refused) return null;
    if (ability === "edit" && refused.code === "invalid_transition") {
      return reasonOf("not_editable", notEditableMessage(bulletin.status));
    }
    return reasonOf(refused.code, refused.message);
  }
  const rule = BULLETIN_RULES[ability];
  if (!rule.roles.includes(user.role)) return reasonOf("forbidden", "Tu rol no permite esta operación.");
  if (rule.statuses && !rule.statuses.includes(bulletin.status)) {
    return reasonOf("invalid_transition", STATUS_ONLY_MESSAGE[ability] ?? "No se puede hacer esto en el estado actual del boletín.");
  }
  if (rule.actor === "own" && user.role === "author" && bulletin.authorId !== user.id) {
    return reasonOf("forbidden", OWN_ONLY_MESSAGE[ability] ?? "Solo puedes hacer esto en tus propios boletines.");
  }
  const reason = rule.unless?.(user, bulletin);
  if (reason) return reasonOf("forbidden", reason);
  return null;
}

function reasonOf(code: PolicyError["code"], message: string): Refused {
  return { code, message };
}

/** True when `user` may do `ability` to `bulletin`. */
export function can(user: PolicyUser, ability: BulletinAbility, bulletin: BulletinFacts): boolean {
  return refusalReason(user, ability, bulletin) === null;
}

/** Throws the refusal (a `PolicyError`) unless `user` may do `ability` to `bulletin`. */
export function authorizeBulletin(user: PolicyUser, ability: BulletinAbility, bulletin: BulletinFacts): void {
  const error = refusal(user, ability, bulletin);
  if (error) throw error;
}

/** Every ability `user` has on `bulletin` now, in `BULLETIN_ABILITIES` order. */
export function bulletinAbilities(user: PolicyUser, bulletin: BulletinFacts): BulletinAbility[] {
  return BULLETIN_ABILITIES.filter((ability) => can(user, ability, bulletin));
}

/**
 * Why `user` may not take a workflow action that their role would allow in this
 * status (four-eyes): the reason the page shows in place of the button.
 */
export function workflowRefusals(user: PolicyUser, bulletin: BulletinFacts): Partial<Record<WorkflowAction, string>> {
  if (!canSee(user, bulletin)) return {};
  const reasons: Partial<Record<WorkflowAction, string>> = {};
  for (const [action, rule] of Object.entries(transitions[bulletin.status]) as [WorkflowAction, TransitionRule][]) {
    if (!rule.roles.includes(user.role)) continue;
    const refused = refusalReason(user, action, bulletin);
    if (refused) reasons[action] = refused.message;
  }
  return reasons;
}

/** The workflow actions `user` may take now (`edit` included): what the buttons show. */
export function workflowActions(user: PolicyUser, bulletin: BulletinFacts): WorkflowAction[] {
  return canSee(user, bulletin) ? allowedActions(bulletin, user) : [];
}

/** True for the abilities that are workflow actions (`edit`, `submit`, `approve`, …). */
export function isWorkflowAction(ability: BulletinAbility): ability is WorkflowAction {
  return (ACTIONS as readonly string[]).includes(ability);
}

/** Why a request was refused; carries no HTTP status (the server maps `code`). */
export class PolicyError extends Error {
  override readonly name = "PolicyError";
  constructor(
    /** `not_found`: may not know it exists; `not_editable`/`invalid_transition`: nobody may, now; `forbidden…`: not this user. */
    readonly code: "not_found" | "not_editable" | "invalid_transition" | "forbidden_transition" | "forbidden",
    message: string,
  ) {
    super(message);
  }
}

const STATUS_ONLY_MESSAGE: Partial<Record<BulletinAbility, string>> = {
  make_template: "Solo se hace una plantilla a partir de un boletín aprobado o publicado del archivo.",
  suggest: "Solo se sugieren cambios en un boletín en revisión o en un borrador.",
  decide_suggestion: "Las sugerencias se aceptan o rechazan mientras el boletín está en borrador, con cambios solicitados o en revisión.",
  delete: "Solo se elimina un borrador; un boletín enviado, aprobado o publicado se conserva.",
};

const OWN_ONLY_MESSAGE: Partial<Record<BulletinAbility, string>> = {
  comment: "Solo puedes comentar tus propios boletines.",
  resolve_comment: "Solo puedes resolver comentarios de tus propios boletines.",
  suggest: "Solo puedes sugerir cambios en tus propios boletines.",
  decide_suggestion: "Solo puedes decidir sugerencias de tus propios boletines.",
  delete: "Solo puedes eliminar tus propios borradores.",
};

function notEditableMessage(status: BulletinStatus): string {
  switch (status) {
    case "in_review":
      return "El boletín está en revisión: no se puede editar hasta que un revisor solicite cambios.";
    case "approved":
      return "El boletín ya está aprobado: para corregirlo, reábrelo (volverá a revisión).";
    case "published":
      return "El boletín ya está publicado: para cambiarlo, usa Corregir (conserva su número y vuelve a pasar por revisión).";
    default:
      return "El boletín no se puede editar en su estado actual.";
  }
}
