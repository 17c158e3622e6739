import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { Glossary } from "../../shared/checks/types";
import { organizationSchema, type Organization } from "../../shared/organization";
import { templateSchema, type Template } from "../../shared/template/schema";

/** The `templates/` folder shipped with the app. */
export const TEMPLATES_DIRECTORY = fileURLToPath(new URL("../../templates/", import.meta.url));

const ORGANIZATION_FILE = "organization.json";
const GLOSSARY_FILE = "glossary.json";

/** `templates/glossary.json`: canonical spellings of officials and institutions, with the wrong ones seen. */
export const glossarySchema = z.strictObject({
  entries: z.array(
    z.strictObject({
      canonical: z.string().trim().min(1).max(200),
      variants: z.array(z.string().trim().min(1).max(200)).max(50),
    }),
  ),
});

function readJson(directory: string, file: string): unknown {
  const location = path.join(directory, file);
  try {
    return JSON.parse(fs.readFileSync(location, "utf8"));
  } catch (error) {
    throw new Error(`No se pudo leer ${location}: ${(error as Error).message}`);
  }
}

// A shipped file that does not validate is a bug in the release: fail at start, naming the file.
function validate<Output>(schema: z.ZodType<Output>, directory: string, file: string): Output {
  const result = schema.safeParse(readJson(directory, file));
  if (!result.success) {
    const issues = result.error.issues.map((issue) => `${issue.path.join(".") || "(raíz)"}: ${issue.message}`).join("; ");
    throw new Error(`${path.join(directory, file)} no es válido: ${issues}`);
  }
  return result.data;
}

/**
 * The templates shipped in `templates/*.json` (every JSON file but the
 * organisation profile and the glossary), validated, in file-name order.
 * Throws, naming the file, when one is invalid or two share an id.
 */
export function loadShippedTemplates(directory: string = TEMPLATES_DIRECTORY): Template[] {
  const files = fs
    .readdirSync(directory)
    .filter((file) => file.endsWith(".json") && file !== ORGANIZATION_FILE && file !== GLOSSARY_FILE)
    .sort();
  const templates = files.map((file) => validate(templateSchema, directory, file));
  const ids = new Set<string>();
  for (const [index, template] of templates.entries()) {
    if (ids.has(template.id)) throw new Error(`${files[index]}: el identificador «${template.id}» está repetido.`);
    ids.add(template.id);
  }
  return templates;
}

/** The organisation profile shipped in `templates/organization.json`. */
export function loadOrganization(directory: string = TEMPLATES_DIRECTORY): Organization {
  return validate(organizationSchema, directory, ORGANIZATION_FILE);
}

/** The office glossary shipped in `templates/glossary.json`. */
export function loadGlossary(directory: string = TEMPLATES_DIRECTORY): Glossary {
  return validate(glossarySchema, directory, GLOSSARY_FILE);
}
