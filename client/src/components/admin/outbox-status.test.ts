import { describe, expect, it } from "vitest";
import { outboxStatusText } from "./OutboxSection";

describe("outboxStatusText", () => {
  it("names each status in Spanish; a failure carries its error", () => {
    const row = { lastError: null, sentAt: null };
    expect(outboxStatusText({ ...row, status: "pending" })).toBe("Pendiente");
    expect(outboxStatusText({ ...row, status: "sending" })).toBe("Enviando");
    expect(outboxStatusText({ ...row, status: "kept" })).toBe("Guardado sin SMTP_URL");
    expect(outboxStatusText({ ...row, status: "failed", lastError: "550 buzón inexistente" })).toBe("Falló: 550 buzón inexistente");
    expect(outboxStatusText({ ...row, status: "failed" })).toBe("Falló");
    expect(outboxStatusText({ ...row, status: "sent", sentAt: "2026-12-01T18:50:00Z" })).toMatch(/^Enviado · 1 dic 2026/);
    expect(outboxStatusText({ ...row, status: "weird" })).toBe("weird");
  });
});
