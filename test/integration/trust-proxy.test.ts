import { afterEach, describe, expect, it } from "vitest";
import { trustProxySetting } from "../../server/trust-proxy";
import { ApiClient, signedIn } from "../api-client";
import { startTestServer, type TestServer } from "../server-harness";
import { ADMIN } from "./fixtures";

describe("TRUST_PROXY", () => {
  it("takes Express's trust proxy syntax, loopback by default", () => {
    expect(trustProxySetting(undefined)).toBe("loopback");
    expect(trustProxySetting("")).toBe("loopback");
    expect(trustProxySetting("false")).toBe(false);
    expect(trustProxySetting("TRUE")).toBe(true);
    expect(trustProxySetting("2")).toBe(2);
    expect(trustProxySetting("10.0.0.0/8, 192.168.1.7")).toBe("10.0.0.0/8, 192.168.1.7");
    expect(trustProxySetting("loopback, uniquelocal")).toBe("loopback, uniquelocal");
  });

  it("refuses a value Express would not understand, in Spanish, at start", () => {
    expect(() => trustProxySetting("proxy-de-la-oficina")).toThrow(/TRUST_PROXY no es válido/);
    expect(() => trustProxySetting("10.0.0.0/99")).toThrow(/TRUST_PROXY no es válido/);
  });

  describe("decides which address a sign-in is counted against", () => {
    let server: TestServer | undefined;
    const saved = process.env.TRUST_PROXY;

    afterEach(async () => {
      if (saved === undefined) delete process.env.TRUST_PROXY;
      else process.env.TRUST_PROXY = saved;
      await server?.close();
      server = undefined;
    });

    /** One failed sign-in claiming to come from 203.0.113.50; the address the audit trail recorded. */
    async function recordedAddress(trustProxy: string | undefined): Promise<string> {
      if (trustProxy === undefined) delete process.env.TRUST_PROXY;
      else process.env.TRUST_PROXY = trustProxy;
      server = await startTestServer();
      const anonymous = new ApiClient(server.url);
      const failed = await anonymous.request("POST", "/session", { email: "nadie@redacta.local", password: "x" }, { "X-Forwarded-For": "203.0.113.50" });
      expect(failed.status).toBe(401);
      const admin = await signedIn(server.url, ADMIN);
      const events = await admin.get("/events?pageSize=20");
      const event = events.body.items.find((item: { action: string }) => item.action === "sign_in_failed");
      return event.detail.address;
    }

    it("by default X-Forwarded-For is believed from a proxy on this machine", async () => {
      expect(await recordedAddress(undefined)).toBe("203.0.113.50");
    });

    it("TRUST_PROXY=false ignores X-Forwarded-For: nobody can pick the address they are counted against", async () => {
      expect(await recordedAddress("false")).toMatch(/127\.0\.0\.1$/);
    });

    it("TRUST_PROXY naming another subnet does not trust this machine", async () => {
      expect(await recordedAddress("10.0.0.0/8")).toMatch(/127\.0\.0\.1$/);
    });
  });
});
