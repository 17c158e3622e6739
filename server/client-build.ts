import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const CLIENT_DIST = path.join(ROOT, "dist", "client");
const SOURCES = ["client", "shared", "templates/organization.json"].map((entry) => path.join(ROOT, entry));

function newestChange(entry: string): number {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs
    .readdirSync(entry)
    .filter((name) => name !== "node_modules" && !name.endsWith(".test.ts"))
    .reduce((newest, name) => Math.max(newest, newestChange(path.join(entry, name))), stat.mtimeMs);
}

/** Builds the client with Vite when the build is missing or older than its sources. */
export async function ensureClientBuild(log: (line: string) => void = console.log): Promise<string> {
  const index = path.join(CLIENT_DIST, "index.html");
  const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  if (built > 0 && built >= Math.max(...SOURCES.map(newestChange))) return CLIENT_DIST;
  log("Construyendo la aplicación web (solo la primera vez o tras cambios)…");
  const { build } = await import("vite");
  await build({ configFile: path.join(ROOT, "client", "vite.config.ts"), logLevel: "warn" });
  return CLIENT_DIST;
}
