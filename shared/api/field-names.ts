/**
 * The names people know the fields by, for the paths of the server's `validation_error`
 * details (`email` → `Correo electrónico`, `highlights.1` → `Destacado 2`). The server's
 * message says what is wrong in Spanish; this says where, in the user's words.
 */
const FIELD_NAMES: Record<string, string> = {
  email: "Correo electrónico",
  listIds: "Listas de medios",
  sendAt: "Fecha y hora del envío",
  embargoUntil: "Embargado hasta",
  note: "Nota",
  password: "Contraseña",
  currentPassword: "Contraseña actual",
  newPassword: "Contraseña nueva",
  name: "Nombre",
  role: "Rol",
  disabled: "Cuenta desactivada",
  title: "Titular",
  place: "Lugar",
  date: "Fecha",
  number: "Número",
  highlights: "Destacados",
  body: "Cuerpo del boletín",
  photoLinks: "Enlaces de fotos",
  videoLinks: "Enlaces de video",
  templateId: "Plantilla",
  comment: "Comentario",
  text: "Texto",
  insert: "Texto sugerido",
  anchor: "Pasaje citado",
  field: "Campo",
  from: "Inicio del pasaje",
  to: "Fin del pasaje",
  parentId: "Comentario al que respondes",
  q: "Búsqueda",
  year: "Año",
  status: "Estado",
  page: "Página",
  pageSize: "Resultados por página",
  nextSeq: "Siguiente número",
  unit: "Unidad",
  motto: "Lema",
  label: "Encabezado del boletín",
  closingMark: "Marca de cierre",
  defaultPlace: "Lugar predeterminado",
  photoLinksLabel: "Título de los enlaces de fotos",
  videoLinksLabel: "Título de los enlaces de video",
  footerLines: "Líneas del pie de página",
  id: "Número en la dirección",
};

const NUMBERED: Record<string, string> = {
  highlights: "Destacado {n}",
  photoLinks: "Enlace de fotos {n}",
  videoLinks: "Enlace de video {n}",
  footerLines: "Línea {n} del pie de página",
};

/** `Correo electrónico` for `email`, `Destacado 2` for `highlights.1`; null for a path nobody named. */
export function fieldName(path: string): string | null {
  if (path === "") return null;
  const [head = "", second, ...rest] = path.split(".");
  // Anything inside the body (body.content.3.content.0) is still the body to the writer.
  if (head === "body") return FIELD_NAMES.body!;
  // Own keys only: a path is what a client sent (`hasOwnProperty`, `__proto__`, `constructor`).
  if (Object.hasOwn(NUMBERED, head) && second !== undefined && /^\d+$/.test(second)) return NUMBERED[head]!.replace("{n}", String(Number(second) + 1));
  // An object inside another (`content.title`, `organization.name`): the innermost known name.
  if (!Object.hasOwn(FIELD_NAMES, head)) return second !== undefined ? fieldName([second, ...rest].join(".")) : null;
  return FIELD_NAMES[head]!;
}

interface Issue {
  path: string;
  message: string;
}

function isIssueList(details: unknown): details is Issue[] {
  return (
    Array.isArray(details) &&
    details.length > 0 &&
    details.every((item) => typeof item === "object" && item !== null && typeof (item as Issue).path === "string" && typeof (item as Issue).message === "string")
  );
}

/**
 * The message to show for a `validation_error`: each issue (at most three) as
 * `Campo: qué pasa.`; the server's own message when its details are not a list of issues.
 */
export function validationMessage(serverMessage: string, details: unknown): string {
  if (!isIssueList(details)) return serverMessage;
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const issue of details) {
    const name = fieldName(issue.path);
    const line = name ? `${name}: ${issue.message}` : issue.message;
    if (seen.has(line)) continue;
    seen.add(line);
    lines.push(line);
  }
  const shown = lines.slice(0, 3).map((line) => (/[.!?…]$/.test(line) ? line : `${line}.`));
  const more = lines.length - shown.length;
  return more > 0 ? `${shown.join(" ")} (y ${more} ${more === 1 ? "dato más" : "datos más"})` : shown.join(" ");
}
