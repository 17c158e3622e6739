import { describe, expect, it } from "vitest";
import { admissionLimitFromEnvironment } from "./admission";

describe("a session's limit of requests in flight", () => {
  it("is 8, 2 of them heavy, unless the environment says otherwise", () => {
    expect(admissionLimitFromEnvironment({})).toEqual({ inFlight: 8, heavyInFlight: 2 });
    expect(admissionLimitFromEnvironment({ MAX_REQUESTS_IN_FLIGHT: " 12 ", MAX_HEAVY_REQUESTS_IN_FLIGHT: "3" })).toEqual({ inFlight: 12, heavyInFlight: 3 });
  });

  it("stops the start, naming the variable, on anything but a positive integer", () => {
    for (const value of ["0", "-1", "abc", "1e3", "2.5", "0x10"]) {
      expect(() => admissionLimitFromEnvironment({ MAX_REQUESTS_IN_FLIGHT: value }), value).toThrow(`MAX_REQUESTS_IN_FLIGHT no es válido («${value}»)`);
    }
    expect(() => admissionLimitFromEnvironment({ MAX_HEAVY_REQUESTS_IN_FLIGHT: "0" })).toThrow(/MAX_HEAVY_REQUESTS_IN_FLIGHT/);
  });
});
