import { describe, expect, it } from "vitest";

describe("scaffold", () => {
  it("runs vitest", () => {
    expect([1, 2, 3].reduce((a, b) => a + b)).toBe(6);
  });
});
