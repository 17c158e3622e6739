import { visibleLineSchema } from "./bulletin/schema";

/**
 * A person's name as the workflow, the audit trail and the exports show it: one line
 * of storable text (no line break, no bidirectional control that would show
 * `Ana Autora` for other letters), trimmed of spaces and invisible characters, and
 * refused when nothing visible is left (`\u200B` alone). Admin screen and CLI alike.
 */
export const userNameSchema = visibleLineSchema(120, "Escribe el nombre.");
