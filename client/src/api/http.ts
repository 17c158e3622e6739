import { t } from "../i18n/es";
import { validationMessage } from "../../../shared/api/field-names";

/** An API failure: the server's stable `code`, its Spanish `message`, and its `details`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** True when the request never reached the server (offline, DNS, connection reset). */
  get isNetwork(): boolean {
    return this.status === 0;
  }
}

/** Dispatched on window when an API call answers 401 outside sign-in. */
export const SIGNED_OUT_EVENT = "redacta:sesion-terminada";
/** Dispatched on window when the same person has signed in again in place: held saves go on. */
export const SIGNED_IN_AGAIN_EVENT = "redacta:sesion-renovada";

interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  /** A file sent as it is (a CSV of contacts), with `fileType` as its Content-Type; instead of `body`. */
  file?: Blob;
  fileType?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

function isErrorBody(value: unknown): value is { error: { code: string; message: string; details?: unknown } } {
  if (typeof value !== "object" || value === null || !("error" in value)) return false;
  const error = (value as { error: unknown }).error;
  return (
    typeof error === "object" &&
    error !== null &&
    typeof (error as { code?: unknown }).code === "string" &&
    typeof (error as { message?: unknown }).message === "string"
  );
}

/** Sends the request with the session cookie; throws ApiError on a network failure or non-2xx. */
export async function send(path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
  let body: string | Blob | undefined;
  if (options.file) {
    headers["Content-Type"] = options.fileType ?? "application/octet-stream";
    body = options.file;
  } else if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? "GET",
      headers,
      body,
      credentials: "same-origin",
      // Everything the API answers is live data (status, allowed actions): never from the HTTP cache.
      cache: "no-store",
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    // `Sin conexión: …` when the browser itself is offline; the server unreachable otherwise.
    throw new ApiError(0, "network", t(typeof navigator !== "undefined" && navigator.onLine === false ? "errors.offline" : "errors.network"));
  }
  if (response.ok) return response;
  // The session ended (expired, closed elsewhere, account disabled): sign in again in place (Session.tsx).
  if (response.status === 401 && !path.startsWith("/api/session")) window.dispatchEvent(new Event(SIGNED_OUT_EVENT));
  let payload: unknown = null;
  try {
    payload = await response.json();
  } catch {
    // Not JSON (a proxy's error page): fall through to the generic message.
  }
  if (isErrorBody(payload)) {
    const { code, message, details } = payload.error;
    // Fields by the names users know (`Correo electrónico`, not `email`).
    throw new ApiError(response.status, code, code === "validation_error" ? validationMessage(message, details) : message, details);
  }
  throw new ApiError(response.status, `http_${response.status}`, t("errors.unexpected"));
}

/** Sends the request and parses the JSON answer (undefined for 204). */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** A query string from the defined values of `params`, with its leading `?` (or empty). */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}
