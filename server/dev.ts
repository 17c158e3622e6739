import path from "node:path";
import { fileURLToPath } from "node:url";
import { createServer } from "vite";
import { startServer } from "./start";

const VITE_PORT = 5173;

/** Development: the API on PORT (3000) and Vite on 5173 with hot reload, proxying /api to it. */
async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  const dataDir = path.resolve(process.env.DATA_DIR ?? "data");
  const api = await startServer({
    port,
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir,
    // Writes come from Vite's page; a strict port keeps that origin the one the API accepts.
    publicUrl: `http://localhost:${VITE_PORT}`,
    production: false,
  });
  const vite = await createServer({ configFile: fileURLToPath(new URL("../client/vite.config.ts", import.meta.url)), server: { port: VITE_PORT, strictPort: true } });
  await vite.listen();
  console.log(`API en ${api.url}; aplicación con recarga en caliente en http://localhost:${VITE_PORT}`);
  const stop = async () => {
    await vite.close();
    await api.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((error: unknown) => {
  console.error("No se pudo iniciar el modo de desarrollo:", error instanceof Error ? error.message : error);
  process.exit(1);
});
