import { DEMO_PASSWORD } from "../../server/db/seed";
import type { ApiResponse } from "../api-client";

/**
 * One browser session spread over several server processes, as a load balancer
 * without sticky sessions would: each request goes to the next server in turn.
 */
export class RoundRobinClient {
  private cookie = "";
  private next = 0;

  constructor(readonly baseUrls: string[]) {}

  /** Sends to the next server in turn, or to `baseUrls[server]` when given. */
  async request<T = any>(method: string, path: string, body?: unknown, options: { server?: number; headers?: Record<string, string> } = {}): Promise<ApiResponse<T> & { server: number }> {
    const server = options.server ?? this.next++ % this.baseUrls.length;
    const baseUrl = this.baseUrls[server]!;
    const response = await fetch(`${baseUrl}/api${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        ...(method === "GET" ? {} : { Origin: baseUrl }),
        ...(this.cookie ? { Cookie: this.cookie } : {}),
        ...options.headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = response.headers.get("set-cookie");
    if (setCookie) this.cookie = setCookie.split(";")[0]!;
    const type = response.headers.get("content-type") ?? "";
    const parsed = type.includes("application/json") ? await response.json() : await response.text();
    return { status: response.status, headers: response.headers, body: parsed as T, server };
  }

  async signIn(email: string, server = 0): Promise<this> {
    const response = await this.request("POST", "/session", { email, password: DEMO_PASSWORD }, { server });
    if (response.status !== 200) throw new Error(`sign-in ${email}: ${response.status} ${JSON.stringify(response.body)}`);
    return this;
  }
}
