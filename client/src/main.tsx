import { QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { z } from "zod";
import { spanishZodMessage } from "../../shared/api/spanish-zod-messages";
import { createQueryClient } from "./api/queries";
import { App } from "./App";
import "./styles.css";

// The app runs under a CSP without 'unsafe-eval': zod must not probe `new Function` for its fast path.
// Its generic messages in the same Spanish as the server's.
z.config({ jitless: true, localeError: spanishZodMessage });

const root = document.getElementById("root");
if (!root) throw new Error("Falta el elemento #root en index.html.");

const queryClient = createQueryClient();

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
