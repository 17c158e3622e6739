import ipaddr from "ipaddr.js";
import { refusedCodePoint } from "./storable-text";

/**
 * The one rule for every link a bulletin stores (photo/video links and body link
 * marks): an absolute http(s) URL with a domain, written plainly. Anything a
 * browser or Word would read differently from how it looks is refused: `\\host\share`
 * and `//host` (Windows sends the user's credentials to such hosts), `https:\\host`,
 * `java\tscript:`, invisible or bidirectional characters, and `user:pass@host`
 * (how a fake site passes for `user`). Internationalised domains are allowed; the
 * editorial checks flag them for a second look.
 * A bulletin goes to the public, so a host written as an IP address must be a public
 * one: loopback, private, link-local (`169.254.169.254`, the cloud metadata service),
 * unspecified, multicast, reserved and the IPv6 forms that carry an IPv4 address
 * inside are refused. The WHATWG URL parser (browsers, Node) reads `0x7f000001`,
 * `2130706433`, `0177.0.0.1` and `127.1` all as 127.0.0.1, so the address is judged
 * after it, never as written.
 */

const INVISIBLE = /[\s\u0000-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/;
const NOT_IN_URLS = /[<>"`{}|^]/;

/** Why a link is refused; the client shows its own words for each (client/src/i18n/es.ts `linkProblem.*`). */
export type WebLinkProblemCode =
  | "empty"
  | "refused_character"
  | "invisible"
  | "backslash"
  | "scheme"
  | "url_character"
  | "userinfo"
  | "unparsable"
  | "no_domain"
  | "internal_address";

const PROBLEMS: Record<WebLinkProblemCode, string> = {
  empty: "El enlace está vacío.",
  refused_character: "El enlace tiene un carácter no válido ({codePoint}); escríbelo de nuevo.",
  invisible: "El enlace tiene espacios o caracteres invisibles; escríbelo sin ellos.",
  backslash: "El enlace tiene barras invertidas (\\); una dirección web usa barras normales: https://sitio.gob.mx/fotos.",
  scheme: "El enlace debe empezar con http:// o https://.",
  url_character: "El enlace tiene caracteres que una dirección web no lleva (< > \" ` { } | ^).",
  userinfo: "El enlace no debe llevar usuario ni contraseña antes de @: así se disfrazan los sitios falsos.",
  unparsable: "El enlace no es una dirección web válida.",
  no_domain: "El enlace debe llevar un dominio completo, como https://sitio.gob.mx/fotos.",
  internal_address: "El enlace apunta a una dirección interna de una red, no a un sitio público.",
};

/** Why `href` is not a link a bulletin may store (a code and the Spanish reason), or null when it is. Trim it first. */
export function webLinkIssue(href: string): { code: WebLinkProblemCode; message: string } | null {
  const issue = (code: WebLinkProblemCode, codePoint = "") => ({ code, message: PROBLEMS[code].replace("{codePoint}", codePoint) });
  if (href.length === 0) return issue("empty");
  const refused = refusedCodePoint(href);
  if (refused) return issue("refused_character", refused);
  if (INVISIBLE.test(href)) return issue("invisible");
  if (href.includes("\\")) return issue("backslash");
  const start = /^(https?):\/\/([^/?#]*)/i.exec(href);
  if (!start) return issue("scheme");
  if (NOT_IN_URLS.test(href)) return issue("url_character");
  if (start[2]!.includes("@")) return issue("userinfo");
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return issue("unparsable");
  }
  const host = url.hostname;
  const address = ipAddressOf(host);
  if (address) return isPublicAddress(address) ? null : issue("internal_address");
  if (!/^[^.]+(\.[^.]+)+\.?$/.test(host)) return issue("no_domain");
  return null;
}

/** The IP address a parsed URL's hostname is (`[::1]`, `127.0.0.1`), or null for a domain. */
function ipAddressOf(hostname: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  // The URL parser has already turned every IPv4 notation into four decimals.
  const literal = /^\[(.*)\]$/.exec(hostname)?.[1] ?? (/^\d{1,3}(\.\d{1,3}){3}$/.test(hostname) ? hostname : null);
  if (literal === null || !ipaddr.isValid(literal)) return null;
  // `::ffff:127.0.0.1` is 127.0.0.1.
  return ipaddr.process(literal);
}

// Only `unicast` is a public address: every other range ipaddr.js names (loopback, private,
// linkLocal, uniqueLocal, carrierGradeNat, 6to4, teredo, rfc6052…) is internal or a tunnel into one.
function isPublicAddress(address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  return address.range() === "unicast";
}

/** Why `href` is not a link a bulletin may store (Spanish), or null when it is. Trim it first. */
export function webLinkProblem(href: string): string | null {
  return webLinkIssue(href)?.message ?? null;
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
