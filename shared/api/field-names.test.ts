import { describe, expect, it } from "vitest";
import { fieldName, validationMessage } from "./field-names";

describe("fieldName", () => {
  it("names fields as the user knows them", () => {
    expect(fieldName("email")).toBe("Correo electrónico");
    expect(fieldName("newPassword")).toBe("Contraseña nueva");
    expect(fieldName("title")).toBe("Titular");
    expect(fieldName("highlights.1")).toBe("Destacado 2");
    expect(fieldName("photoLinks.0")).toBe("Enlace de fotos 1");
    expect(fieldName("body.content.3.content.0")).toBe("Cuerpo del boletín");
    expect(fieldName("content.place")).toBe("Lugar");
  });

  it("gives no name to a path nobody named, rather than the code", () => {
    expect(fieldName("zzz")).toBeNull();
    expect(fieldName("")).toBeNull();
  });
});

describe("validationMessage", () => {
  it("says each problem with the field's name instead of its path", () => {
    const message = validationMessage("Datos no válidos (email): Escribe un correo electrónico válido.", [
      { path: "email", message: "Escribe un correo electrónico válido." },
      { path: "password", message: "Escribe tu contraseña." },
    ]);
    expect(message).toBe("Correo electrónico: Escribe un correo electrónico válido. Contraseña: Escribe tu contraseña.");
    expect(message).not.toMatch(/email|password|Datos no válidos/);
  });

  it("shows three problems and counts the rest", () => {
    const issues = ["name", "unit", "motto", "label", "closingMark"].map((path) => ({ path, message: "Falta este dato" }));
    expect(validationMessage("x", issues)).toBe("Nombre: Falta este dato. Unidad: Falta este dato. Lema: Falta este dato. (y 2 datos más)");
  });

  it("keeps the server's message when details are not a list of issues", () => {
    expect(validationMessage("El titular es demasiado largo.", null)).toBe("El titular es demasiado largo.");
    expect(validationMessage("Mensaje", { checks: [] })).toBe("Mensaje");
  });
});

describe("paths a client made up", () => {
  it("are not named after what every object inherits", () => {
    for (const path of ["hasOwnProperty", "hasOwnProperty.0", "__proto__", "constructor.1", "toString.x"]) expect(fieldName(path), path).toBeNull();
  });
});
