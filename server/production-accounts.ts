import { count } from "drizzle-orm";
import type { Database } from "./db/client";
import { users } from "./db/schema";

/**
 * What a production start says about accounts (there are no demo ones): how to
 * create the first admin while nobody can sign in, or which admin ADMIN_EMAIL made.
 */
export async function productionAccountsNotice(db: Database, adminEmail?: string): Promise<string | null> {
  const [row] = await db.select({ total: count() }).from(users);
  if (Number(row?.total ?? 0) > 0) {
    return adminEmail ? `Cuenta de administración inicial: ${adminEmail} (ADMIN_PASSWORD solo se usa al crearla; cámbiala después en Administración).` : null;
  }
  return [
    "Aún no existe ninguna cuenta: nadie puede entrar todavía.",
    "Crea la primera cuenta de administración (la contraseña, de 10 caracteres o más, se lee de la entrada estándar):",
    "  npm run --silent cli -- create-admin correo@institucion.gob.mx",
    "o define ADMIN_EMAIL y ADMIN_PASSWORD y vuelve a iniciar Redacta.",
  ].join("\n");
}
