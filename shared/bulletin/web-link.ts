import { refusedCodePoint } from "./storable-text";

/**
 * The one rule for every link a bulletin stores (photo/video links and body link
 * marks): an absolute http(s) URL with a domain, written plainly. Anything a
 * browser or Word would read differently from how it looks is refused: `\\host\share`
 * and `//host` (Windows sends the user's credentials to such hosts), `https:\\host`,
 * `java\tscript:`, invisible or bidirectional characters, and `user:pass@host`
 * (how a fake site passes for `user`). Internationalised domains are allowed; the
 * editorial checks flag them for a second look.
 */

const INVISIBLE = /[\s\u0000-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/;
const NOT_IN_URLS = /[<>"`{}|^]/;

/** Why `href` is not a link a bulletin may store (Spanish), or null when it is. Trim it first. */
export function webLinkProblem(href: string): string | null {
  if (href.length === 0) return "El enlace está vacío.";
  const refused = refusedCodePoint(href);
  if (refused) return `El enlace tiene el carácter no válido ${refused}; escríbelo de nuevo.`;
  if (INVISIBLE.test(href)) return "El enlace tiene espacios o caracteres invisibles; escríbelo sin ellos.";
  if (href.includes("\\")) {
    return "El enlace tiene barras invertidas (\\); una dirección web usa barras normales: https://sitio.gob.mx/fotos.";
  }
  const start = /^(https?):\/\/([^/?#]*)/i.exec(href);
  if (!start) return "El enlace debe empezar con http:// o https://.";
  if (NOT_IN_URLS.test(href)) return "El enlace tiene caracteres que una dirección web no lleva (< > \" ` { } | ^).";
  const authority = start[2]!;
  if (authority.includes("@")) {
    return "El enlace no debe llevar usuario ni contraseña antes de @: así se disfrazan los sitios falsos.";
  }
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return "El enlace no es una dirección web válida.";
  }
  const host = url.hostname;
  const isIp = /^\[.*\]$/.test(host) || /^\d{1,3}(\.\d{1,3}){3}$/.test(host);
  if (!isIp && !/^[^.]+(\.[^.]+)+\.?$/.test(host)) {
    return "El enlace debe llevar un dominio completo, como https://sitio.gob.mx/fotos.";
  }
  return null;
}

/** True when `href` is a link a bulletin may store: see webLinkProblem. */
export function isHttpUrl(href: string): boolean {
  return webLinkProblem(href) === null;
}

/** The domain of an accepted link in ASCII (`xn--…` for an internationalised one). */
export function linkHostname(href: string): string {
  return new URL(href).hostname;
}

/** True when the domain of an accepted link has non-ASCII letters (shown by browsers as written, stored as `xn--`). */
export function isInternationalDomain(href: string): boolean {
  return linkHostname(href).split(".").some((label) => label.startsWith("xn--"));
}
