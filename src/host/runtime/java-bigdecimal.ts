/**
 * `java.math.BigDecimal` for the Node tier: an unscaled BigInt and a scale, exact as Java's.
 * GraalJS shows a BigDecimal to a script as an object whose primitive value is its `toString()`
 * (`bd + 1` is `"1.501"` for 1.50, `Number(bd)` is 1.5), so the stand-in has `toString` and no
 * `valueOf` of its own.
 */
import { arithmetic, illegalArgument, numberFormat } from './java-errors';

const ROUNDING_MODES = ['UP', 'DOWN', 'CEILING', 'FLOOR', 'HALF_UP', 'HALF_DOWN', 'HALF_EVEN', 'UNNECESSARY'] as const;
type RoundingModeName = (typeof ROUNDING_MODES)[number];

/** `java.math.RoundingMode`: constants whose `toString()`/`name()` is their name. */
export const RoundingMode: Record<RoundingModeName, { name(): string; toString(): string; ordinal(): number }> & {
  valueOf(name: string): unknown;
} = (() => {
  const modes = {} as Record<RoundingModeName, { name(): string; toString(): string; ordinal(): number }>;
  ROUNDING_MODES.forEach((mode, ordinal) => {
    modes[mode] = { name: () => mode, toString: () => mode, ordinal: () => ordinal };
  });
  return Object.assign(modes, {
    valueOf(name: string) {
      const mode = modes[name as RoundingModeName];
      if (!mode) throw illegalArgument(`No enum constant java.math.RoundingMode.${name}`);
      return mode;
    },
  });
})();

function modeName(mode: unknown): RoundingModeName {
  if (typeof mode === 'number') {
    const name = ROUNDING_MODES[mode];
    if (name) return name;
  }
  const named = mode as { name?: () => string } | null;
  const name = named && typeof named.name === 'function' ? named.name() : String(mode);
  if ((ROUNDING_MODES as readonly string[]).includes(name)) return name as RoundingModeName;
  throw illegalArgument(`argument type mismatch: ${String(mode)} is not a java.math.RoundingMode`);
}

const TEN = BigInt(10);
const ZERO_N = BigInt(0);
const ONE_N = BigInt(1);
const LONG_MIN = -(BigInt(2) ** BigInt(63));
const LONG_MAX = BigInt(2) ** BigInt(63) - ONE_N;

function pow10(exponent: number): bigint {
  return TEN ** BigInt(exponent);
}

function abs(value: bigint): bigint {
  return value < ZERO_N ? -value : value;
}

/** Divides `value` by 10^digits, rounding as `mode` says. */
function divideRounded(value: bigint, digits: number, mode: RoundingModeName): bigint {
  const divisor = pow10(digits);
  const quotient = value / divisor; // truncated toward zero
  const remainder = value - quotient * divisor;
  if (remainder === ZERO_N) return quotient;
  const sign = value < ZERO_N ? -ONE_N : ONE_N;
  const twice = abs(remainder) * BigInt(2);
  const away = quotient + sign;
  switch (mode) {
    case 'UP':
      return away;
    case 'DOWN':
      return quotient;
    case 'CEILING':
      return sign > ZERO_N ? away : quotient;
    case 'FLOOR':
      return sign < ZERO_N ? away : quotient;
    case 'HALF_UP':
      return twice >= divisor ? away : quotient;
    case 'HALF_DOWN':
      return twice > divisor ? away : quotient;
    case 'HALF_EVEN':
      if (twice === divisor) return quotient % BigInt(2) === ZERO_N ? quotient : away;
      return twice > divisor ? away : quotient;
    default:
      throw arithmetic('Rounding necessary');
  }
}

/** The exact decimal value of a double, as `new BigDecimal(double)` gives it. */
function exactDouble(value: number): { unscaled: bigint; scale: number } {
  if (!Number.isFinite(value)) throw numberFormat('Infinite or NaN');
  if (Number.isInteger(value)) return { unscaled: BigInt(value), scale: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const high = view.getUint32(0);
  const low = view.getUint32(4);
  const negative = high >>> 31 === 1;
  const biased = (high >>> 20) & 0x7ff;
  let mantissa = (BigInt(high & 0xfffff) << BigInt(32)) | BigInt(low);
  let exponent: number;
  if (biased === 0) exponent = -1074;
  else {
    mantissa |= BigInt(1) << BigInt(52);
    exponent = biased - 1075;
  }
  while (mantissa % BigInt(2) === ZERO_N && exponent < 0) {
    mantissa /= BigInt(2);
    exponent += 1;
  }
  // mantissa * 2^exponent with exponent < 0: = mantissa * 5^-exponent / 10^-exponent
  const unscaled = mantissa * BigInt(5) ** BigInt(-exponent);
  return { unscaled: negative ? -unscaled : unscaled, scale: -exponent };
}

/** `Double.toString(d)`: what `BigDecimal.valueOf(double)` parses. */
export function javaDoubleText(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    const text = String(value);
    return text.includes('.') ? text : `${text}.0`;
  }
  const [digits = '', exponentText = '0'] = value.toExponential().split('e');
  const mantissa = digits.includes('.') ? digits : `${digits}.0`;
  return `${mantissa}E${Number(exponentText)}`;
}

export class BigDecimal {
  // Static constants are assigned after the class: ES2020 has no static fields.
  declare static readonly ZERO: BigDecimal;
  declare static readonly ONE: BigDecimal;
  declare static readonly TEN: BigDecimal;

  private readonly unscaled: bigint;
  private readonly scaleValue: number;

  constructor(value: unknown, scale?: number) {
    if (typeof value === 'bigint') {
      this.unscaled = value;
      this.scaleValue = scale ?? 0;
      return;
    }
    if (value instanceof BigDecimal) {
      this.unscaled = value.unscaled;
      this.scaleValue = value.scaleValue;
      return;
    }
    if (typeof value === 'number') {
      const exact = exactDouble(value);
      this.unscaled = exact.unscaled;
      this.scaleValue = exact.scale;
      return;
    }
    if (typeof value !== 'string') throw illegalArgument(`no applicable constructor found for BigDecimal(${typeof value})`);
    const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(value);
    if (!match || ((match[2] ?? '') === '' && (match[3] ?? '') === '')) {
      throw numberFormat(`Character ${firstBadCharacter(value)} is neither a decimal digit number, decimal point, nor "e" notation exponential mark.`);
    }
    const [, sign = '', whole = '', fraction = '', exponent = '0'] = match;
    const digits = `${whole}${fraction}` || '0';
    const unscaled = BigInt(digits);
    this.unscaled = sign === '-' ? -unscaled : unscaled;
    this.scaleValue = fraction.length - Number(exponent);
  }

  /** `BigDecimal.valueOf(long)` / `valueOf(double)` (through `Double.toString`) / `valueOf(long, scale)`. */
  static valueOf(value: number, scale?: number): BigDecimal {
    if (scale !== undefined) return new BigDecimal(BigInt(value), scale);
    if (Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER) return new BigDecimal(BigInt(value), 0);
    return new BigDecimal(javaDoubleText(value));
  }

  scale(): number {
    return this.scaleValue;
  }

  precision(): number {
    return this.unscaled === ZERO_N ? 1 : abs(this.unscaled).toString().length;
  }

  signum(): number {
    return this.unscaled === ZERO_N ? 0 : this.unscaled < ZERO_N ? -1 : 1;
  }

  unscaledValue(): bigint {
    return this.unscaled;
  }

  private aligned(other: BigDecimal): [bigint, bigint, number] {
    const scale = Math.max(this.scaleValue, other.scaleValue);
    return [this.unscaled * pow10(scale - this.scaleValue), other.unscaled * pow10(scale - other.scaleValue), scale];
  }

  add(other: BigDecimal): BigDecimal {
    const [a, b, scale] = this.aligned(toBigDecimal(other));
    return new BigDecimal(a + b, scale);
  }

  subtract(other: BigDecimal): BigDecimal {
    const [a, b, scale] = this.aligned(toBigDecimal(other));
    return new BigDecimal(a - b, scale);
  }

  multiply(other: BigDecimal): BigDecimal {
    const that = toBigDecimal(other);
    return new BigDecimal(this.unscaled * that.unscaled, this.scaleValue + that.scaleValue);
  }

  /** `divide(divisor, scale, roundingMode)`, `divide(divisor, roundingMode)` or the exact `divide(divisor)`. */
  divide(other: BigDecimal, scaleOrMode?: unknown, mode?: unknown): BigDecimal {
    const that = toBigDecimal(other);
    if (that.unscaled === ZERO_N) throw arithmetic(this.unscaled === ZERO_N ? 'Division undefined' : 'Division by zero');
    let scale: number;
    let rounding: RoundingModeName;
    if (mode !== undefined) {
      scale = Number(scaleOrMode);
      rounding = modeName(mode);
    } else if (scaleOrMode !== undefined) {
      scale = this.scaleValue;
      rounding = modeName(scaleOrMode);
    } else {
      return this.divideExact(that);
    }
    // this / that at `scale`: (u1 * 10^(scale + s2 - s1 + extra)) / u2, rounded from `extra` spare digits.
    const shift = scale + that.scaleValue - this.scaleValue;
    const numerator = shift >= 0 ? this.unscaled * pow10(shift) : this.unscaled;
    const denominator = shift >= 0 ? that.unscaled : that.unscaled * pow10(-shift);
    return new BigDecimal(roundQuotient(numerator, denominator, rounding), scale);
  }

  private divideExact(that: BigDecimal): BigDecimal {
    const preferred = this.scaleValue - that.scaleValue;
    for (let extra = 0; extra < 400; extra += 1) {
      const scale = Math.max(preferred, 0) + extra;
      const shift = scale + that.scaleValue - this.scaleValue;
      const numerator = shift >= 0 ? this.unscaled * pow10(shift) : this.unscaled;
      const denominator = shift >= 0 ? that.unscaled : that.unscaled * pow10(-shift);
      if (numerator % denominator === ZERO_N) {
        let result = new BigDecimal(numerator / denominator, scale);
        while (result.scaleValue > preferred && result.unscaled % TEN === ZERO_N) {
          result = new BigDecimal(result.unscaled / TEN, result.scaleValue - 1);
        }
        return result;
      }
    }
    throw arithmetic('Non-terminating decimal expansion; no exact representable decimal result.');
  }

  remainder(other: BigDecimal): BigDecimal {
    const [a, b, scale] = this.aligned(toBigDecimal(other));
    if (b === ZERO_N) throw arithmetic('Division by zero');
    return new BigDecimal(a % b, scale);
  }

  negate(): BigDecimal {
    return new BigDecimal(-this.unscaled, this.scaleValue);
  }

  abs(): BigDecimal {
    return this.unscaled < ZERO_N ? this.negate() : this;
  }

  max(other: BigDecimal): BigDecimal {
    return this.compareTo(other) >= 0 ? this : toBigDecimal(other);
  }

  min(other: BigDecimal): BigDecimal {
    return this.compareTo(other) <= 0 ? this : toBigDecimal(other);
  }

  setScale(scale: number, mode: unknown = 'UNNECESSARY'): BigDecimal {
    if (scale >= this.scaleValue) return new BigDecimal(this.unscaled * pow10(scale - this.scaleValue), scale);
    return new BigDecimal(divideRounded(this.unscaled, this.scaleValue - scale, modeName(mode)), scale);
  }

  stripTrailingZeros(): BigDecimal {
    if (this.unscaled === ZERO_N) return BigDecimal.ZERO;
    let unscaled = this.unscaled;
    let scale = this.scaleValue;
    while (unscaled % TEN === ZERO_N) {
      unscaled /= TEN;
      scale -= 1;
    }
    return new BigDecimal(unscaled, scale);
  }

  compareTo(other: BigDecimal): number {
    const [a, b] = this.aligned(toBigDecimal(other));
    return a === b ? 0 : a < b ? -1 : 1;
  }

  /** Java's equals: value and scale (2.0 is not 2.00). */
  equals(other: unknown): boolean {
    return other instanceof BigDecimal && other.unscaled === this.unscaled && other.scaleValue === this.scaleValue;
  }

  hashCode(): number {
    return Number(BigInt.asIntN(32, this.unscaled * BigInt(31) + BigInt(this.scaleValue)));
  }

  private integerPart(): bigint {
    return this.scaleValue <= 0 ? this.unscaled * pow10(-this.scaleValue) : this.unscaled / pow10(this.scaleValue);
  }

  toBigInteger(): bigint {
    return this.integerPart();
  }

  longValue(): number {
    return Number(BigInt.asIntN(64, this.integerPart()));
  }

  longValueExact(): number {
    const whole = this.integerPart();
    if (this.compareTo(new BigDecimal(whole, 0)) !== 0) throw arithmetic('Rounding necessary');
    if (whole < LONG_MIN || whole > LONG_MAX) throw arithmetic('Overflow');
    return Number(whole);
  }

  intValue(): number {
    return Number(BigInt.asIntN(32, this.integerPart()));
  }

  intValueExact(): number {
    const value = this.longValueExact();
    if (value < -2147483648 || value > 2147483647) throw arithmetic('Overflow');
    return value;
  }

  doubleValue(): number {
    return Number(this.toString());
  }

  floatValue(): number {
    return Math.fround(this.doubleValue());
  }

  toPlainString(): string {
    const negative = this.unscaled < ZERO_N;
    const digits = abs(this.unscaled).toString();
    if (this.scaleValue <= 0) return `${negative ? '-' : ''}${digits}${this.unscaled === ZERO_N ? '' : '0'.repeat(-this.scaleValue)}`;
    const padded = digits.padStart(this.scaleValue + 1, '0');
    const point = padded.length - this.scaleValue;
    return `${negative ? '-' : ''}${padded.slice(0, point)}.${padded.slice(point)}`;
  }

  /** Java's `toString()`: plain unless the exponent is large or very negative (then `1.2E+10`). */
  toString(): string {
    const digits = abs(this.unscaled).toString();
    const adjusted = -this.scaleValue + (digits.length - 1);
    if (this.scaleValue >= 0 && adjusted >= -6) return this.toPlainString();
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${this.unscaled < ZERO_N ? '-' : ''}${mantissa}E${adjusted >= 0 ? '+' : ''}${adjusted}`;
  }

  toEngineeringString(): string {
    return this.toString();
  }
}

Object.assign(BigDecimal, {
  ZERO: new BigDecimal(ZERO_N, 0),
  ONE: new BigDecimal(ONE_N, 0),
  TEN: new BigDecimal(TEN, 0),
  ROUND_UP: 0,
  ROUND_DOWN: 1,
  ROUND_CEILING: 2,
  ROUND_FLOOR: 3,
  ROUND_HALF_UP: 4,
  ROUND_HALF_DOWN: 5,
  ROUND_HALF_EVEN: 6,
  ROUND_UNNECESSARY: 7,
});

function roundQuotient(numerator: bigint, denominator: bigint, mode: RoundingModeName): bigint {
  const negative = numerator < ZERO_N !== denominator < ZERO_N;
  const n = abs(numerator);
  const d = abs(denominator);
  const quotient = n / d;
  const remainder = n % d;
  if (remainder === ZERO_N) return negative ? -quotient : quotient;
  const twice = remainder * BigInt(2);
  let up: boolean;
  switch (mode) {
    case 'UP':
      up = true;
      break;
    case 'DOWN':
      up = false;
      break;
    case 'CEILING':
      up = !negative;
      break;
    case 'FLOOR':
      up = negative;
      break;
    case 'HALF_UP':
      up = twice >= d;
      break;
    case 'HALF_DOWN':
      up = twice > d;
      break;
    case 'HALF_EVEN':
      up = twice > d || (twice === d && quotient % BigInt(2) === ONE_N);
      break;
    default:
      throw arithmetic('Rounding necessary');
  }
  const magnitude = up ? quotient + ONE_N : quotient;
  return negative ? -magnitude : magnitude;
}

function firstBadCharacter(text: string): string {
  return /[^0-9.eE+-]/.exec(text)?.[0] ?? text.charAt(0);
}

/** A BigDecimal argument: the stand-in itself, or a number/string Java would refuse but a script may mean. */
function toBigDecimal(value: unknown): BigDecimal {
  if (value instanceof BigDecimal) return value;
  throw illegalArgument(`argument type mismatch: ${String(value)} is not a java.math.BigDecimal`);
}
