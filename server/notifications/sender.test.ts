import { describe, expect, it } from "vitest";
import { DEFAULT_LEASE_SECONDS, leaseSecondsFromEnvironment } from "./sender";

describe("MAIL_LEASE_SECONDS", () => {
  it("is 120 s unless set to a positive number of seconds", () => {
    expect(leaseSecondsFromEnvironment({})).toBe(DEFAULT_LEASE_SECONDS);
    expect(leaseSecondsFromEnvironment({ MAIL_LEASE_SECONDS: " 3 " })).toBe(3);
  });

  it("stops the start with a Spanish message for anything else", () => {
    for (const value of ["0", "-5", "2.5", "dos", "1e3", "9999999"]) {
      expect(() => leaseSecondsFromEnvironment({ MAIL_LEASE_SECONDS: value }), value).toThrow(`MAIL_LEASE_SECONDS no es válido («${value}»)`);
    }
  });
});
