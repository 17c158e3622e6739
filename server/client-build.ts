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

const BUILD_LOCK = path.join(ROOT, "dist", ".client-build.lock");

function isFresh(): boolean {
  const index = path.join(CLIENT_DIST, "index.html");
  const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  return built > 0 && built >= Math.max(...SOURCES.map(newestChange));
}

/**
 * Builds the client with Vite when the build is missing or older than its sources.
 * One build at a time (a lock directory): two processes building into dist/client at
 * once would empty it under each other's server.
 */
export async function ensureClientBuild(log: (line: string) => void = console.log): Promise<string> {
  if (isFresh()) return CLIENT_DIST;
  fs.mkdirSync(path.dirname(BUILD_LOCK), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(BUILD_LOCK);
      break;
    } catch {
      // A lock older than three minutes was left by a killed build.
      const age = Date.now() - (fs.statSync(BUILD_LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 180_000) fs.rmSync(BUILD_LOCK, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  // Test runners set NODE_ENV=test, which would make Vite ship React's development build.
  const nodeEnv = process.env.NODE_ENV;
  try {
    if (isFresh()) return CLIENT_DIST;
    log("Construyendo la aplicación web (solo la primera vez o tras cambios)…");
    process.env.NODE_ENV = "production";
    const { build } = await import("vite");
    await build({ configFile: path.join(ROOT, "client", "vite.config.ts"), mode: "production", logLevel: "warn" });
    return CLIENT_DIST;
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
    fs.rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}
