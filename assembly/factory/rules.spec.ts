// Order rules: the data sheet's tables and conditions, each refusal naming its code and rule.
import { orderRefusal, Rule, Z_CODE_BASE } from "./rules";

const XS = new StaticArray<i32>(17);
const ZS = new StaticArray<i32>(31);

// 68 61-11 1 BN 1 43 0 0 1-208 with the defaults of docs/CONFIG.md.
function reset(): void {
  const type = "61111BN143001208";
  for (let i = 1; i <= 16; i++) XS[i] = <i32>type.charCodeAt(i - 1);
  const z: StaticArray<i32> = [0, 1, 1, 0, 2, 0, 1, 1, 1, 1, 0, 1, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 3, 1];
  for (let i = 0; i <= 30; i++) ZS[i] = z[i];
}

function z(index: i32, rule: Rule): i32 {
  return ((Z_CODE_BASE + index) << 8) | <i32>rule;
}

describe("order rules", () => {
  beforeEach(() => reset());

  it("accept the default Danish order", () => {
    expect(orderRefusal(XS, ZS)).toBe(0);
  });

  it("refuse a type number character outside its table with X index and rule 1", () => {
    XS[5] = 0x35; // X5 '5': no 5 in the current range table
    expect(orderRefusal(XS, ZS)).toBe((5 << 8) | <i32>Rule.NOT_IN_TABLE);
  });

  it("refuse Z18 UD on variant 2 and Z29 4 on variant 1", () => {
    XS[8] = 0x32;
    ZS[28] = 1;
    expect(orderRefusal(XS, ZS)).toBe(z(18, Rule.VARIANT_1_ONLY));
    reset();
    ZS[29] = 4;
    expect(orderRefusal(XS, ZS)).toBe(z(29, Rule.VARIANT_2_ONLY));
  });

  it("tie Z29 channels to the X9 energy type", () => {
    XS[9] = 0x31;
    ZS[29] = 1;
    expect(orderRefusal(XS, ZS)).toBe(0);
    ZS[29] = 2;
    expect(orderRefusal(XS, ZS)).toBe(z(29, Rule.ENERGY_TYPE));
  });

  it("need a breaker for Z19 1 and Z19 1 or 2 with a breaker", () => {
    XS[10] = 0x30;
    expect(orderRefusal(XS, ZS)).toBe(z(19, Rule.NEEDS_BREAKER));
    reset();
    ZS[19] = 0;
    expect(orderRefusal(XS, ZS)).toBe(z(19, Rule.NEEDS_BREAKER_POSITION));
  });
});
