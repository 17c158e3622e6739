import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { z } from "zod";
import { spanishZodMessage } from "../../shared/api/spanish-zod-messages";
import { App } from "./App";
import "./styles.css";

// The app runs under a CSP without 'unsafe-eval': zod must not probe `new Function` for its fast path.
// Its generic messages in the same Spanish as the server's.
z.config({ jitless: true, localeError: spanishZodMessage });

const root = document.getElementById("root");
if (!root) throw new Error("Falta el elemento #root en index.html.");

createRoot(root).render(
  <StrictMode>
    <BrowserRouter>
      <App />
    </BrowserRouter>
  </StrictMode>,
);
