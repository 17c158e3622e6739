import { blocking, type CheckContext, type CheckResult } from "./types";

/** A number another archived bulletin already holds blocks (the caller looks it up). */
export function checkDuplicateNumber({ bulletin, duplicateNumber }: CheckContext): CheckResult[] {
  if (!duplicateNumber || !bulletin.number) return [];
  const { seq, year } = bulletin.number;
  return [blocking("number_duplicate", "number", `El número ${seq}/${year} ya está en otro boletín del archivo.`)];
}
