import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { z } from "zod";
import { App } from "./App";
import "./styles.css";

// The app runs under a CSP without 'unsafe-eval': zod must not probe `new Function` for its fast path.
z.config({ jitless: true });

const root = document.getElementById("root");
if (!root) throw new Error("Falta el elemento #root en index.html.");

createRoot(root).render(
  <StrictMode>
    <BrowserRouter>
      <App />
    </BrowserRouter>
  </StrictMode>,
);
