import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { statusOfCode } from "./errors";

/** What Node's HTTP parser refused, answered like every other API error. */
const ANSWERS: Record<string, { code: string; message: string }> = {
  HPE_HEADER_OVERFLOW: {
    code: "headers_too_large",
    message: "Las cabeceras de la petición son demasiado grandes (máximo 16 KB en total); borra las cookies de este sitio e intenta de nuevo.",
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    code: "request_timeout",
    message: "La petición tardó demasiado en llegar completa. Intenta de nuevo.",
  },
  HPE_INVALID_URL: {
    code: "bad_request",
    message: "La dirección tiene caracteres que deben ir codificados (por ejemplo, «Juárez» se escribe «Ju%C3%A1rez»).",
  },
};

const MALFORMED = {
  code: "bad_request",
  message: "La petición HTTP está mal formada y no se pudo leer.",
};

/**
 * The http server's `clientError` handler: a request Node's parser refuses (raw non-ASCII
 * in the URL, headers over the limit, a request that never finishes arriving, garbage)
 * gets a JSON error with a Spanish message and `Connection: close`, not Node's empty
 * answer. Nothing is written if the socket is gone or a response already began on it.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
  if (error.code === "ECONNRESET" || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const answer = error.code && Object.hasOwn(ANSWERS, error.code) ? ANSWERS[error.code]! : MALFORMED;
  const status = statusOfCode(answer.code);
  const body = JSON.stringify({ error: { code: answer.code, message: answer.message, details: null } });
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
    "Content-Type: application/json; charset=utf-8",
    `Content-Length: ${Buffer.byteLength(body)}`,
    "Cache-Control: no-store",
    "Connection: close",
  ].join("\r\n");
  try {
    // Node already listens for the socket's errors here (a peer gone mid-write is not a crash); close once flushed.
    socket.end(`${head}\r\n\r\n${body}`, () => socket.destroy());
  } catch {
    socket.destroy();
  }
}
