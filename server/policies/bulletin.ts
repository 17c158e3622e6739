import { inArray, or, eq, type SQL } from "drizzle-orm";
import { VISIBILITY, authorizeBulletin, canSee, type BulletinAbility, type PolicyUser } from "../../shared/policies/bulletin";
import type { DatabaseOrTransaction } from "../db/client";
import { findBulletin, type BulletinRow } from "../db/queries/bulletins";
import { bulletins } from "../db/schema";
import { notFound } from "../errors";

/**
 * The bulletin policy on the server: the SQL form of `canSee` for lists and
 * search, and the one way a route or command gets a bulletin to act on.
 */

/** The bulletins `user` may see, as a WHERE condition built from `VISIBILITY`; undefined: all of them. */
export function visibleBulletinsCondition(user: PolicyUser): SQL | undefined {
  if (VISIBILITY.seeEverything.includes(user.role)) return undefined;
  return or(eq(bulletins.authorId, user.id), inArray(bulletins.status, [...VISIBILITY.archiveStatuses]));
}

/**
 * Who else may have written as `user`: whoever set their password, when it was not them.
 * Stored with each revision the user saves, so four-eyes keeps counting that person.
 */
export function custodianOf(user: PolicyUser): number | null {
  const custodian = user.passwordSetBy ?? null;
  return custodian !== null && custodian !== user.id ? custodian : null;
}

/**
 * Loads a bulletin and authorizes `ability` on it: 404 when the user may not know
 * it exists (`what` names it in the message), the policy's refusal otherwise.
 * Inside a command's transaction with `forUpdate`, the row stays locked, so the
 * decision holds until commit.
 */
export async function loadBulletin(
  db: DatabaseOrTransaction,
  user: PolicyUser,
  id: number,
  ability: BulletinAbility,
  options: { forUpdate?: boolean; what?: string } = {},
): Promise<BulletinRow> {
  const row = await findBulletin(db, id, { forUpdate: options.forUpdate });
  if (!row || !canSee(user, row)) throw notFound(options.what ?? "El boletín");
  authorizeBulletin(user, ability, row);
  return row;
}
