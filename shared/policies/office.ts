import type { Role } from "../api/schemas";

/**
 * What a user may do in the office beyond one bulletin, as data: routes take
 * their access from here (`rolesFor`), the client shows or hides the same things (`may`).
 */
export const OFFICE_RULES = {
  "bulletins.create": ["author", "reviewer", "admin"],
  /** The "Por revisar" queue: bulletins of other people waiting for a reviewer. */
  "bulletins.review": ["reviewer", "admin"],
  "users.manage": ["admin"],
  "templates.manage": ["admin"],
  "organization.manage": ["admin"],
  "numbering.manage": ["admin"],
  /** The audit trail of everything that is not one bulletin (users, profile, templates, sessions). */
  "audit.read": ["admin"],
  /** Media contacts and lists (`Medios`): the press office's distribution staff and admins. */
  "lists.manage": ["distribution", "admin"],
  /** Sending an approved or published bulletin to media lists, correcting and withdrawing what was sent. */
  "bulletins.distribute": ["reviewer", "admin"],
  /** Bringing the office's past bulletins into the archive (`Importar archivo`), confirming what the importer was unsure of. */
  "archive.import": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type OfficeAbility = keyof typeof OFFICE_RULES;

/** The roles that have `ability`. */
export function rolesFor(ability: OfficeAbility): readonly Role[] {
  return OFFICE_RULES[ability];
}

/** True when `user` has `ability`. */
export function may(user: { role: Role }, ability: OfficeAbility): boolean {
  return (OFFICE_RULES[ability] as readonly Role[]).includes(user.role);
}
