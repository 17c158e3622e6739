import { DEMO_PASSWORD } from "../server/db/seed";

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** A signed-in (or anonymous) API user, as a script would call the API: cookie kept, Origin sent on writes. */
export class ApiClient {
  private cookie = "";

  constructor(readonly baseUrl: string) {}

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const response = await fetch(`${this.baseUrl}/api${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        ...(method === "GET" ? {} : { Origin: this.baseUrl }),
        ...(this.cookie ? { Cookie: this.cookie } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : body instanceof Uint8Array ? (body as Uint8Array<ArrayBuffer>) : JSON.stringify(body),
    });
    const setCookie = response.headers.get("set-cookie");
    if (setCookie) this.cookie = setCookie.split(";")[0]!;
    const type = response.headers.get("content-type") ?? "";
    const parsed = type.includes("application/json") ? await response.json() : type.startsWith("text/") ? await response.text() : Buffer.from(await response.arrayBuffer());
    return { status: response.status, headers: response.headers, body: parsed as T };
  }

  get<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>("GET", path, undefined, headers);
  }
  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>("POST", path, body ?? {}, headers);
  }
  put<T = any>(path: string, body: unknown, headers?: Record<string, string>) {
    return this.request<T>("PUT", path, body, headers);
  }
  patch<T = any>(path: string, body: unknown) {
    return this.request<T>("PATCH", path, body);
  }
  delete<T = any>(path: string) {
    return this.request<T>("DELETE", path);
  }

  /** Signs in with a demo account (or the given password); throws when it fails. */
  async signIn(email: string, password = DEMO_PASSWORD): Promise<this> {
    const response = await this.post("/session", { email, password });
    if (response.status !== 200) throw new Error(`sign-in ${email}: ${response.status} ${JSON.stringify(response.body)}`);
    return this;
  }
}

/** Signs in a new client as `email`. */
export function signedIn(baseUrl: string, email: string): Promise<ApiClient> {
  return new ApiClient(baseUrl).signIn(email);
}
