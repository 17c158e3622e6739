import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

const root = fileURLToPath(new URL(".", import.meta.url));

// The client is served by the API server in production; in development Vite proxies /api (and /prensa) to it.
export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: "../dist/client",
    emptyOutDir: true,
    // No source maps in what the server ships: the office's code is not handed to every visitor (REDACTA_SOURCEMAP=1 for debugging).
    sourcemap: process.env.REDACTA_SOURCEMAP === "1",
    // A busy machine (tests in parallel) makes any plugin look slow: no timing warnings in the build log.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  server: {
    proxy: {
      "/api": { target: `http://localhost:${process.env.PORT ?? 3000}`, changeOrigin: false },
      // The public press page is the server's own HTML, not the app's.
      "/prensa": { target: `http://localhost:${process.env.PORT ?? 3000}`, changeOrigin: false },
    },
  },
});
