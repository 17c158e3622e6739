import { sql } from "drizzle-orm";
import type { NumberingYear, User } from "../../shared/api/schemas";
import { todayInMexicoCity } from "../../shared/bulletin/date-line";
import { queryRows, type Database, type DatabaseOrTransaction } from "../db/client";
import { recordEvent } from "../db/queries/events";
import { DomainError } from "../errors";

/** Every year that has a counter, and the current year (America/Mexico_City) even before its first number; newest first. */
export async function listNumbering(db: DatabaseOrTransaction): Promise<NumberingYear[]> {
  const rows = await queryRows<{ year: number; last_seq: number }>(db, sql`SELECT year, last_seq FROM number_counters ORDER BY year DESC`);
  const years = new Map(rows.map((row) => [Number(row.year), Number(row.last_seq)]));
  const thisYear = Number(todayInMexicoCity().slice(0, 4));
  if (!years.has(thisYear)) years.set(thisYear, 0);
  return [...years.entries()]
    .sort(([a], [b]) => b - a)
    .map(([year, lastSeq]) => ({ year, lastSeq, nextSeq: lastSeq + 1 }));
}

/**
 * Makes `nextSeq` the next number approval hands out in `year` (an office that
 * adopts Redacta mid-year continues its own numbering). Only upward: a number
 * already given is never given again. Refused while a bulletin of that year holds
 * `nextSeq` or a later number, which the counter would then hand out twice. The
 * counter row stays locked until the end, so an approval waits for the change.
 */
export async function setNextNumber(db: Database, actor: Pick<User, "id">, year: number, nextSeq: number): Promise<NumberingYear> {
  return db.transaction(async (tx) => {
    // Creates the year's counter if needed and locks it, in one statement.
    const [counter] = await queryRows<{ last_seq: number }>(
      tx,
      sql`INSERT INTO number_counters (year, last_seq) VALUES (${year}, 0)
          ON CONFLICT (year) DO UPDATE SET last_seq = number_counters.last_seq
          RETURNING last_seq`,
    );
    const lastSeq = Number(counter!.last_seq);
    if (nextSeq <= lastSeq) {
      throw new DomainError(
        "numbering_backwards",
        `En ${year} ya se dio el número ${lastSeq}: el siguiente debe ser ${lastSeq + 1} o mayor (la numeración solo avanza, nunca se repite un número).`,
        { year, lastSeq, nextSeq: lastSeq + 1 },
      );
    }
    const [held] = await queryRows<{ id: number; number_seq: number }>(
      tx,
      sql`SELECT id, number_seq FROM bulletins WHERE number_year = ${year} AND number_seq >= ${nextSeq} ORDER BY number_seq DESC LIMIT 1`,
    );
    if (held) {
      const highest = Number(held.number_seq);
      throw new DomainError(
        "numbering_collision",
        `El boletín #${held.id} ya tiene el número ${highest}/${year}: el siguiente número debe ser ${highest + 1} o mayor para no repetirlo.`,
        { year, bulletinId: Number(held.id), heldSeq: highest, nextSeq: highest + 1 },
      );
    }
    await tx.execute(sql`UPDATE number_counters SET last_seq = ${nextSeq - 1} WHERE year = ${year}`);
    await recordEvent(tx, { bulletinId: null, actorId: actor.id, action: "set_next_number", detail: { year, previousNextSeq: lastSeq + 1, nextSeq } });
    return { year, lastSeq: nextSeq - 1, nextSeq };
  });
}
