import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { bulletinSchema, type Bulletin } from "../shared/bulletin/schema";
import { userNameSchema } from "../shared/user-name";
import { z } from "zod";
import { createAdmin, grantAdmin, importAuthor, setPassword } from "./commands/adminAccounts";
import { hashPassword } from "./commands/signIn";
import { formatImportSummary, importFiles, listImportInputs, type ImportInputs } from "./cli-import";
import { migrateDatabase, openDatabase } from "./db/client";
import { DataDirDamagedError, looksLikeDataDirDamage } from "./db/data-dir-damage";
import { lockDataDir } from "./db/data-dir-lock";
import { seedDatabase, seedOptionsFromEnv } from "./db/seed";
import { renderDocx } from "./export/docx";
import { renderMarkdown } from "./export/markdown";
import { renderPdf } from "./export/pdf";
import { renderText } from "./export/text";
import { decodeBulletinBytes, parseBulletin } from "./import/parse-bulletin";
import { parseDocxBulletin } from "./import/parse-docx";
import { looksLikePdf, parsePdfBulletin } from "./import/parse-pdf";
import { templateFromBulletin } from "./import/template-from";
import { writeBackup } from "./backup/backup";
import { restoreBackup } from "./backup/restore";
import { describeStartupError } from "./startup-errors";
import { loadOrganization } from "./templates/load";

const USAGE = `Uso: npm run --silent cli -- <comando> …
  parse ARCHIVO                      lee un boletín (.txt/.md, .docx o .pdf) e imprime su JSON; avisos en stderr
  render ARCHIVO.json… --format txt|md|docx|pdf [--out ARCHIVO|CARPETA]
  import ARCHIVO|CARPETA… [--as CORREO]  importa boletines (.txt, .md, .docx, .pdf; carpetas con sus subcarpetas) al archivo, a nombre de CORREO
                                     o de la primera cuenta de administración; el mismo archivo dos veces es un solo boletín. Una línea
                                     por archivo en stderr, un resumen en stdout; sale con 2 si rechazó alguno (los demás quedan importados)
  set-password CORREO                 nueva contraseña por la entrada estándar (o REDACTA_PASSWORD); reactiva la cuenta y borra sus intentos fallidos
  create-admin CORREO [--name NOMBRE] crea una cuenta de administración; contraseña por la entrada estándar (o REDACTA_PASSWORD)
  grant-admin CORREO                  da el rol de administración a una cuenta existente (la reactiva y borra sus intentos fallidos)
  template-from ARCHIVO --name NOMBRE  deriva una plantilla de un boletín (.txt/.docx/.json)
  backup ARCHIVO [--with-secrets]     respalda todo el archivo en JSONL (sin contraseñas ni secretos salvo --with-secrets)
  restore ARCHIVO [--force]           restaura un respaldo en una base vacía (--force reemplaza lo que haya)
Base de datos: DATABASE_URL (PostgreSQL) o PGlite en DATA_DIR (./data).`;

class CliError extends Error {}

/** Reads a bulletin from text, DOCX or bulletin JSON. */
async function readBulletin(file: string): Promise<{ bulletin: Bulletin; warnings: string[]; bytes: Buffer }> {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new CliError(`No se pudo leer ${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no existe" : (error as Error).message}.`);
  }
  if (file.toLowerCase().endsWith(".json")) {
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString("utf8"));
    } catch {
      throw new CliError(`${file} no es JSON válido.`);
    }
    const result = bulletinSchema.safeParse(json);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      throw new CliError(`${file} no es un boletín válido (${issue.path.join(".") || "raíz"}): ${issue.message}`);
    }
    return { bulletin: result.data, warnings: [], bytes };
  }
  if (file.toLowerCase().endsWith(".pdf") || looksLikePdf(bytes)) {
    try {
      return { ...(await parsePdfBulletin(bytes)), bytes };
    } catch (error) {
      throw new CliError(`${file}: ${(error as Error).message}`);
    }
  }
  if (file.toLowerCase().endsWith(".docx") || bytes.subarray(0, 2).toString("latin1") === "PK") {
    try {
      return { ...(await parseDocxBulletin(bytes)), bytes };
    } catch (error) {
      throw new CliError(`${file} no es un DOCX legible: ${(error as Error).message}`);
    }
  }
  if (bytes.includes(0)) throw new CliError(`${file} no parece un archivo de texto ni un DOCX.`);
  return { ...parseBulletin(decodeBulletinBytes(bytes)), bytes };
}

async function withDatabase<T>(work: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>, options: { seed?: boolean } = {}): Promise<T> {
  const url = process.env.DATABASE_URL || undefined;
  const dataDir = path.resolve(process.env.DATA_DIR ?? "data");
  const release = url ? () => {} : await lockDataDir(dataDir);
  let handle: Awaited<ReturnType<typeof openDatabase>>;
  try {
    handle = await openDatabase(url ? { url } : { dataDir: path.join(dataDir, "pglite") });
  } catch (error) {
    release();
    throw error;
  }
  try {
    try {
      await migrateDatabase(handle);
    } catch (error) {
      if (!url && looksLikeDataDirDamage(error)) throw new DataDirDamagedError(path.join(dataDir, "pglite"), error);
      throw error;
    }
    // The command line never creates the demo accounts, whatever NODE_ENV says: on an office's database
    // they would be a published password. The profile and templates, and ADMIN_EMAIL's admin, it may.
    if (options.seed !== false) await seedDatabase(handle.db, { ...seedOptionsFromEnv(), demo: false });
    return await work(handle);
  } finally {
    await handle.close();
    release();
  }
}

function describeCounts(counts: Record<string, number>): string {
  return Object.entries(counts).map(([table, count]) => `${count} ${table}`).join(", ");
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      format: { type: "string" },
      out: { type: "string" },
      name: { type: "string" },
      "with-secrets": { type: "boolean" },
      force: { type: "boolean" },
      as: { type: "string" },
    },
  });
  switch (command) {
    case "parse": {
      if (positionals.length !== 1) throw new CliError("parse necesita un archivo.");
      const { bulletin, warnings } = await readBulletin(positionals[0]!);
      for (const warning of warnings) process.stderr.write(`aviso: ${warning}\n`);
      process.stdout.write(`${JSON.stringify(bulletin, null, 2)}\n`);
      return;
    }
    case "render": {
      const format = values.format;
      if (format !== "txt" && format !== "md" && format !== "docx" && format !== "pdf") throw new CliError("render necesita --format txt, md, docx o pdf.");
      if (positionals.length === 0) throw new CliError("render necesita al menos un archivo JSON.");
      const organization = loadOrganization();
      const many = positionals.length > 1 || (values.out !== undefined && fs.existsSync(values.out) && fs.statSync(values.out).isDirectory());
      if (many && !values.out) throw new CliError("Con varios archivos, indica una carpeta con --out.");
      if (many) fs.mkdirSync(values.out!, { recursive: true });
      for (const file of positionals) {
        const { bulletin } = await readBulletin(file);
        const options = { organization, draft: bulletin.number === null };
        const output =
          format === "docx" ? await renderDocx(bulletin, options)
          : format === "pdf" ? await renderPdf(bulletin, options)
          : format === "md" ? renderMarkdown(bulletin, options)
          : renderText(bulletin, options);
        if (!values.out) {
          if ((format === "docx" || format === "pdf") && process.stdout.isTTY) {
            throw new CliError(`Un ${format.toUpperCase()} no se imprime en la terminal: usa --out ARCHIVO.${format}.`);
          }
          process.stdout.write(output);
          continue;
        }
        const target = many ? path.join(values.out, `${path.basename(file).replace(/\.[^.]+$/, "")}.${format}`) : values.out;
        fs.writeFileSync(target, output);
        process.stderr.write(`${file} → ${target}\n`);
      }
      return;
    }
    case "import": {
      let inputs: ImportInputs;
      try {
        inputs = listImportInputs(positionals);
      } catch (error) {
        throw new CliError((error as Error).message);
      }
      if (inputs.skipped.length > 0) {
        const some = inputs.skipped.slice(0, 3).join(", ");
        process.stderr.write(`Se omiten ${inputs.skipped.length} archivo(s) que no son TXT, Markdown, DOCX ni PDF: ${some}${inputs.skipped.length > 3 ? ", …" : ""}\n`);
      }
      if (inputs.files.length === 0) throw new CliError("import necesita archivos o carpetas con boletines (.txt, .md, .docx, .pdf).");
      const rows = await withDatabase(async ({ db }) => {
        // Imported bulletins need an author: the one named by --as, or the first active admin.
        const author = await importAuthor(db, values.as?.trim().toLowerCase());
        return importFiles(db, author.id, inputs.files, (line) => process.stderr.write(`${line}\n`));
      });
      process.stdout.write(formatImportSummary(rows));
      // 2: the import ran to the end but refused some files (the others are in the archive); 1 is kept for a run that could not go on.
      if (rows.some((row) => row.outcome === "rechazado")) process.exitCode = 2;
      return;
    }
    case "template-from": {
      if (positionals.length !== 1 || !values.name) throw new CliError("template-from necesita un archivo y --name NOMBRE.");
      const { bulletin } = await readBulletin(positionals[0]!);
      process.stdout.write(`${JSON.stringify(templateFromBulletin(bulletin, { name: values.name }), null, 2)}\n`);
      return;
    }
    case "backup": {
      if (positionals.length !== 1) throw new CliError("backup necesita el archivo donde escribir el respaldo.");
      // Neither command seeds: a backup of an empty database is empty, and restore needs it empty.
      const summary = await withDatabase(({ db }) => writeBackup(db, positionals[0]!, { withSecrets: values["with-secrets"] ?? false }), { seed: false });
      process.stdout.write(`Respaldo escrito en ${summary.file} (${(summary.bytes / 1024).toFixed(0)} KB): ${describeCounts(summary.counts)}.\n`);
      process.stdout.write(
        summary.withSecrets
          ? "Incluye las contraseñas cifradas y el secreto de sesiones: guárdalo como información confidencial.\n"
          : "Sin contraseñas ni secretos: al restaurarlo, un administrador tendrá que asignar contraseñas nuevas (o respalda con --with-secrets).\n",
      );
      return;
    }
    case "restore": {
      if (positionals.length !== 1) throw new CliError("restore necesita el archivo de respaldo.");
      const summary = await withDatabase(({ db }) => restoreBackup(db, positionals[0]!, { force: values.force ?? false }), { seed: false });
      process.stdout.write(`${summary.replaced ? "Se reemplazó el contenido de la base de datos" : "Restaurado"} desde ${positionals[0]}: ${describeCounts(summary.counts)}.\n`);
      if (summary.usersWithoutPassword > 0) {
        process.stdout.write(
          `Atención: el respaldo no incluía contraseñas; ${summary.usersWithoutPassword} usuario(s) no pueden entrar hasta que un administrador les asigne una nueva ` +
            "(Administración › Usuarios). Si ningún administrador puede entrar, restaura un respaldo hecho con --with-secrets.\n",
        );
      }
      return;
    }
    case "set-password": {
      if (positionals.length !== 1) throw new CliError("set-password necesita el correo del usuario.");
      const password = (await readSecret()) || process.env.REDACTA_PASSWORD || "";
      if (password.length < 10) {
        throw new CliError("Escribe la nueva contraseña (10 caracteres o más) por la entrada estándar o en REDACTA_PASSWORD.");
      }
      const email = positionals[0]!.trim().toLowerCase();
      const passwordHash = await hashPassword(password);
      // A new password ends the sessions opened with the old one and forgets the browsers trusted for it, as the admin screen does;
      // the account's failed attempts are forgotten too, so an admin held back from a new browser signs in at once.
      await withDatabase(({ db }) => setPassword(db, email, passwordHash), { seed: false });
      process.stdout.write(`Contraseña de ${email} cambiada; la cuenta queda activa y sin intentos fallidos pendientes.\n`);
      return;
    }
    case "create-admin": {
      if (positionals.length !== 1) throw new CliError("create-admin necesita el correo de la nueva cuenta.");
      const email = positionals[0]!.trim().toLowerCase();
      if (!z.email().safeParse(email).success) throw new CliError(`«${email}» no es un correo electrónico válido.`);
      const password = (await readSecret()) || process.env.REDACTA_PASSWORD || "";
      if (password.length < 10) {
        throw new CliError("Escribe la contraseña de la nueva cuenta (10 caracteres o más) por la entrada estándar o en REDACTA_PASSWORD.");
      }
      const named = userNameSchema.safeParse(values.name ?? "Administración");
      if (!named.success) throw new CliError(`El nombre de --name no sirve: ${named.error.issues[0]!.message} Escribe uno visible, en una línea.`);
      const name = named.data;
      const passwordHash = await hashPassword(password);
      // No seeding: on a production database the server's first start loads the profile and templates (never demo accounts).
      await withDatabase(({ db }) => createAdmin(db, email, name, passwordHash), { seed: false });
      process.stdout.write(`Cuenta de administración ${email} creada; ya puede entrar.\n`);
      return;
    }
    case "grant-admin": {
      if (positionals.length !== 1) throw new CliError("grant-admin necesita el correo de la cuenta.");
      const email = positionals[0]!.trim().toLowerCase();
      const result = await withDatabase(({ db }) => grantAdmin(db, email), { seed: false });
      const before = result.previousRole === "admin" ? "ya tenía ese rol" : `antes: ${result.previousRole}`;
      process.stdout.write(`${email} tiene ahora el rol de administración (${before})${result.wasDisabled ? "; la cuenta estaba desactivada y queda activa" : ""}.\n`);
      return;
    }
    default:
      throw new CliError(command ? `Comando desconocido: ${command}.` : "Falta el comando.");
  }
}

/** An unexpected error in one line: a failed query's own message, never the SQL and parameters (row data) drizzle wraps it in. */
function shortMessage(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause;
  const inner = error instanceof Error && error.message.startsWith("Failed query:") && cause instanceof Error ? cause : error;
  return String((inner as Error).message ?? inner).split("\n")[0]!;
}

/** The first line of standard input when it is piped (never echoed on a terminal). */
async function readSecret(): Promise<string> {
  if (process.stdin.isTTY) return "";
  let text = "";
  for await (const chunk of process.stdin) text += String(chunk);
  return text.split(/\r?\n/)[0]!.trim();
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof CliError || (error as { code?: string }).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
  } else {
    const explained = describeStartupError(error, { databaseUrl: process.env.DATABASE_URL || undefined });
    process.stderr.write(`${explained ?? `Error: ${shortMessage(error)}`}\n`);
  }
  process.exit(1);
});
