import path from "node:path";
import { leaseSecondsFromEnvironment } from "./notifications/sender";
import { admissionLimitFromEnvironment } from "./admission";
import { ensureClientBuild } from "./client-build";
import { DEMO_PASSWORD, DEMO_USERS, seedOptionsFromEnv, type SeedOptions } from "./db/seed";
import { productionAccountsNotice } from "./production-accounts";
import { startServer } from "./start";
import { trustProxySetting } from "./trust-proxy";
import { describeStartupError } from "./startup-errors";

const port = Number(process.env.PORT ?? 3000);
const dataDir = path.resolve(process.env.DATA_DIR ?? "data");
const databaseUrl = process.env.DATABASE_URL || undefined;

/** Configuration mistakes (ADMIN_PASSWORD too short, a malformed TRUST_PROXY or MAX_REQUESTS_IN_FLIGHT) stop the start before the database is touched. */
function checkConfiguration(): SeedOptions {
  try {
    trustProxySetting();
    admissionLimitFromEnvironment();
    leaseSecondsFromEnvironment();
    return seedOptionsFromEnv();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const seedOptions = checkConfiguration();
  const clientDir = process.env.REDACTA_NO_CLIENT ? undefined : await ensureClientBuild();
  const server = await startServer({
    port,
    databaseUrl,
    dataDir,
    publicUrl: process.env.PUBLIC_URL,
    smtpUrl: process.env.SMTP_URL || undefined,
    mailFrom: process.env.MAIL_FROM || undefined,
    mailLeaseSeconds: leaseSecondsFromEnvironment(),
    production: process.env.NODE_ENV === "production",
    clientDir,
  });
  console.log(`Redacta escucha en http://localhost:${port} (base de datos: ${databaseUrl ? "PostgreSQL" : `PGlite en ${dataDir}`})`);
  if (seedOptions.demo) {
    if (server.seeded) console.log("Base de datos nueva: se cargaron las plantillas, los boletines de ejemplo y los usuarios de demostración.");
    console.log(`Usuarios de demostración (contraseña «${DEMO_PASSWORD}»): ${DEMO_USERS.map((user) => `${user.email} (${user.role})`).join(", ")}`);
  } else {
    // Production: no demo accounts, no example bulletins (see server/db/seed.ts).
    if (server.seeded) console.log("Base de datos nueva: se cargaron el perfil de la organización y las plantillas.");
    const notice = await productionAccountsNotice(server.handle.db, seedOptions.firstAdmin?.email);
    if (notice) console.log(notice);
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: terminando las peticiones en curso y cerrando…`);
    server.close().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((error: unknown) => {
  const explained = describeStartupError(error, { port, databaseUrl });
  if (explained) console.error(explained);
  else console.error("No se pudo iniciar Redacta:", error);
  process.exit(1);
});
