/**
 * Kubernetes resource quantities (`500m`, `1.5Gi`, `1e3`), parsed the way apimachinery's `ParseQuantity` does,
 * into exact BigInt nano units so that `500m` equals `0.5` and `1Gi` equals `1024Mi`.
 *
 * Grammar: `[+-]? number suffix?` where number is `1`, `1.5`, `1.` or `.5`, and suffix is a binary suffix
 * (Ki Mi Gi Ti Pi Ei), a decimal suffix (n u m "" k M G T P E) or a decimal exponent (`e3`, `E-2`, `e+6`).
 * Everything else is rejected (`1K`, `1gi`, `1KB`, `1e1.5`, spaces, the empty string). `1E` is 1 exa, `1E3` is 1000.
 */

export interface Quantity {
  /** The exact value in nano units (1 = 10^-9), rounded up away from zero to 1n like ParseQuantity. */
  readonly nanos: bigint;
  /** The value as written (a JSON number is shown in its JavaScript form). */
  readonly text: string;
}

export type ParseResult = ({ ok: true } & Quantity) | { ok: false; text: string; reason: string };

/** Either a parsed quantity or its nano value. */
export type QuantityLike = Quantity | bigint;

const NANOS_PER_UNIT = 1_000_000_000n;
const NANOS_PER_MILLI = 1_000_000n;

/** ParseQuantity caps magnitudes at 2^63-1 units. */
export const MAX_QUANTITY_NANOS = (2n ** 63n - 1n) * NANOS_PER_UNIT;

/** Power of ten of each decimal suffix. */
const DECIMAL_SUFFIXES: ReadonlyMap<string, number> = new Map([
  ['n', -9],
  ['u', -6],
  ['m', -3],
  ['', 0],
  ['k', 3],
  ['M', 6],
  ['G', 9],
  ['T', 12],
  ['P', 15],
  ['E', 18],
]);

/** Power of two of each binary suffix. */
const BINARY_SUFFIXES: ReadonlyMap<string, number> = new Map([
  ['Ki', 10],
  ['Mi', 20],
  ['Gi', 30],
  ['Ti', 40],
  ['Pi', 50],
  ['Ei', 60],
]);

const SHAPE = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/s;
const EXPONENT = /^[eE]([+-]?[0-9]+)$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Quantities repeat across a file or a cluster (`100m`, `128Mi`): remember the last few thousand parses. */
const parseMemo = new Map<string, ParseResult>();
const PARSE_MEMO_LIMIT = 8192;

/** Parses a quantity from a manifest value: a string, or a JSON number as the API server also accepts. */
export function parseQuantity(value: unknown): ParseResult {
  if (typeof value !== 'string') return parseUncached(value);
  let result = parseMemo.get(value);
  if (result === undefined) {
    result = parseUncached(value);
    if (parseMemo.size >= PARSE_MEMO_LIMIT) parseMemo.clear();
    parseMemo.set(value, result);
  }
  return result;
}

function parseUncached(value: unknown): ParseResult {
  const text = quantityText(value);
  if (text === undefined)
    return { ok: false, text: String(value), reason: `is ${describeType(value)}, not a quantity` };
  const reason = grammarError(text);
  if (reason !== undefined) return { ok: false, text, reason };
  const nanos = nanosFromText(text);
  if (nanos === undefined) return { ok: false, text, reason: 'has an exponent out of range' };
  return { ok: true, nanos, text };
}

/** The value in nano units. */
function nanosOf(q: QuantityLike): bigint {
  return typeof q === 'bigint' ? q : q.nanos;
}

/**
 * Rounds up (away from zero) to milli precision, as the API server stores every ResourceList value of a pod or
 * pod template (`SetDefaults_ResourceList`): `0.0001` becomes `1m`.
 */
export function roundUpToMilli(nanos: bigint): bigint {
  const rem = nanos % NANOS_PER_MILLI;
  if (rem === 0n) return nanos;
  return nanos > 0n ? nanos - rem + NANOS_PER_MILLI : nanos - rem - NANOS_PER_MILLI;
}

/**
 * True when a byte quantity (memory, ephemeral-storage) is not a whole number of bytes once stored, e.g. `100m`
 * (0.1 byte) or `0.5`. The API server accepts it with the warning "fractional byte value … is invalid".
 */
export function isFractionalBytes(q: QuantityLike): boolean {
  return roundUpToMilli(nanosOf(q)) % NANOS_PER_UNIT !== 0n;
}

/** Resources measured in bytes, where a fractional value is meaningless. */
function isByteResource(name: string): boolean {
  return name === 'memory' || name === 'ephemeral-storage' || name.startsWith('hugepages-');
}

/** Resources the API server warns about when fractional (pkg/api/pod/warnings.go). */
export const FRACTIONAL_BYTE_WARNED_RESOURCES: readonly string[] = ['memory', 'ephemeral-storage'];

const DECIMAL_FORMAT_ORDER: readonly [string, number][] = [...DECIMAL_SUFFIXES.entries()].sort((a, b) => b[1] - a[1]);
const BINARY_FORMAT_ORDER: readonly [string, number][] = [...BINARY_SUFFIXES.entries()].sort((a, b) => b[1] - a[1]);

/**
 * A short canonical form for messages: `1500m`, `2`, `1536Mi`. `binary` prefers Ki…Ei for whole byte counts
 * (memory); `decimal` uses the largest SI suffix that keeps the number whole.
 */
export function formatQuantity(q: QuantityLike, style: 'decimal' | 'binary' = 'decimal'): string {
  const nanos = nanosOf(q);
  if (nanos === 0n) return '0';
  const sign = nanos < 0n ? '-' : '';
  const abs = nanos < 0n ? -nanos : nanos;
  if (style === 'binary' && abs % NANOS_PER_UNIT === 0n) {
    const units = abs / NANOS_PER_UNIT;
    for (const [suffix, exp] of BINARY_FORMAT_ORDER) {
      const factor = 2n ** BigInt(exp);
      if (units >= factor && units % factor === 0n) return `${sign}${units / factor}${suffix}`;
    }
  }
  for (const [suffix, exp] of DECIMAL_FORMAT_ORDER) {
    const factor = 10n ** BigInt(exp + 9);
    if (abs % factor === 0n) return `${sign}${abs / factor}${suffix}`;
  }
  return `${sign}${abs}n`;
}

/**
 * Several values in one unit, so that messages can show how they compare: `1Gi` and `1000Mi` become
 * `1024Mi` and `1000Mi`; `1.5` and `1200m` become `1500m` and `1200m`.
 */
export function formatInCommonUnit(values: readonly QuantityLike[], style: 'decimal' | 'binary' = 'decimal'): string[] {
  const all = values.map(nanosOf);
  const abs = all.map((n) => (n < 0n ? -n : n));
  const fits = (factor: bigint): boolean => abs.every((n) => n % factor === 0n);
  const render = (suffix: string, factor: bigint): string[] => all.map((n) => `${n / factor}${n === 0n ? '' : suffix}`);
  if (style === 'binary' && fits(NANOS_PER_UNIT)) {
    for (const [suffix, exp] of BINARY_FORMAT_ORDER) {
      const factor = 2n ** BigInt(exp) * NANOS_PER_UNIT;
      if (fits(factor)) return render(suffix, factor);
    }
  }
  for (const [suffix, exp] of DECIMAL_FORMAT_ORDER) {
    const factor = 10n ** BigInt(exp + 9);
    if (fits(factor)) return render(suffix, factor);
  }
  return render('n', 1n);
}

/** The format suited to a resource name in messages. */
export function formatStyleFor(resource: string): 'decimal' | 'binary' {
  return isByteResource(resource) ? 'binary' : 'decimal';
}

/** An example of a valid value for a resource, for messages. */
export function exampleQuantity(resource: string): string {
  if (resource === 'cpu') return '500m or 1.5';
  if (isByteResource(resource)) return '512Mi or 1Gi';
  return '1';
}

function quantityText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'bigint') return String(value);
  return undefined;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return 'not a finite number';
  if (typeof value === 'object') return 'a map';
  return `a ${typeof value}`;
}

/** Why `text` is not a quantity, or undefined when it is one. */
function grammarError(text: string): string | undefined {
  if (text === '') return 'is empty';
  if (/\s/.test(text)) return 'contains whitespace';
  const m = SHAPE.exec(text);
  const intPart = m?.[2] ?? '';
  const fracPart = m?.[3] ?? '';
  const suffix = m?.[4] ?? '';
  if (m === null || (intPart === '' && fracPart === '')) return 'does not start with a number';
  if (DECIMAL_SUFFIXES.has(suffix) || BINARY_SUFFIXES.has(suffix)) return undefined;
  const exp = EXPONENT.exec(suffix);
  if (exp?.[1] !== undefined) return undefined;
  return suffixError(suffix);
}

function suffixError(suffix: string): string {
  if (/^[eE][+-]?[0-9]*\.[0-9]*$/.test(suffix)) return `has a fractional exponent "${suffix}" (exponents are integers)`;
  if (/^[eE][+-]?$/.test(suffix)) return `has an exponent "${suffix}" without digits`;
  if (suffix.startsWith('.')) return 'has more than one decimal point';
  const binary = [...BINARY_SUFFIXES.keys()].find((s) => s.toLowerCase() === suffix.toLowerCase());
  if (binary !== undefined) return `has an unknown suffix "${suffix}" (suffixes are case-sensitive: ${binary})`;
  if (suffix === 'K') return 'has an unknown suffix "K" (use k for 1000 or Ki for 1024)';
  const unit = /^([kKMGTPE])(i?)[bB]$/.exec(suffix);
  if (unit?.[1] !== undefined) {
    const letter = unit[1];
    const bin = `${letter.toUpperCase()}i`;
    const hint = unit[2] === 'i' ? bin : `${letter === 'K' ? 'k' : letter} or ${bin}`;
    return `has an unknown suffix "${suffix}" (no unit letter is written: use ${hint})`;
  }
  return `has an unknown suffix "${suffix}"`;
}

/** The exact value of a grammatical quantity in nanos; undefined when the exponent does not fit in int64. */
function nanosFromText(text: string): bigint | undefined {
  const m = SHAPE.exec(text);
  const negative = m?.[1] === '-';
  const intPart = m?.[2] ?? '';
  const fracPart = m?.[3] ?? '';
  const suffix = m?.[4] ?? '';
  const digits = `${intPart}${fracPart}`;
  let magnitude: bigint;
  const bin = BINARY_SUFFIXES.get(suffix);
  if (bin !== undefined) {
    magnitude = scaleDigits(digits, bin, 9 - fracPart.length);
  } else {
    const exp = exponentOf(suffix);
    if (exp === undefined) return undefined;
    magnitude = scaleDigits(digits, 0, exp - fracPart.length + 9);
  }
  if (magnitude > MAX_QUANTITY_NANOS) magnitude = MAX_QUANTITY_NANOS;
  return negative ? -magnitude : magnitude;
}

/**
 * Power of ten of a decimal suffix or exponent. Like Go, the exponent must fit in int64 and is then truncated
 * to int32.
 */
function exponentOf(suffix: string): number | undefined {
  const dec = DECIMAL_SUFFIXES.get(suffix);
  if (dec !== undefined) return dec;
  const digits = EXPONENT.exec(suffix)?.[1];
  if (digits === undefined) return undefined;
  const exp = BigInt(digits);
  if (exp < INT64_MIN || exp > INT64_MAX) return undefined;
  return Number(BigInt.asIntN(32, exp));
}

/** Digits of precision kept below the units when a long fraction is cut (at least the largest power of two, 60). */
const GUARD_DIGITS = 64;
const GUARD = 10n ** BigInt(GUARD_DIGITS);

/**
 * `digits * 2^twoPower * 10^power` (digits: a decimal integer as text, twoPower at most 60), rounded up to an
 * integer, in time linear in the text: a quantity of a million digits is cut, not turned into a million-digit
 * BigInt (parsing, printing and dividing those took seconds). Exact: with `GUARD_DIGITS` kept, the part cut off is
 * below 2^twoPower / 10^GUARD_DIGITS, less than the distance from any non-integer kept value to the next integer
 * (the kept value is a multiple of 2^twoPower / 10^GUARD_DIGITS), so it only matters when the kept value is whole.
 */
function scaleDigits(text: string, twoPower: number, power: number): bigint {
  let start = 0;
  while (start < text.length && text.charCodeAt(start) === 0x30) start++;
  const significant = text.length - start;
  if (significant === 0) return 0n;
  // At least 10^(significant - 1 + power) nanos: far above the cap, whatever the power of two.
  if (significant + power > 30) return MAX_QUANTITY_NANOS + 1n;
  const cut = -power - GUARD_DIGITS;
  if (cut <= 0) {
    const value = BigInt(text.slice(start));
    // The digit count is known for a decimal suffix; a power of two changes it.
    if (twoPower === 0) return scaleByPowerOfTen(value, power, significant);
    const scaled = value * 2n ** BigInt(twoPower);
    return scaleByPowerOfTen(scaled, power, scaled.toString().length);
  }
  // Below one nano (the kept part would be empty): rounds up to 1.
  if (cut >= significant) return 1n;
  const kept = BigInt(text.slice(start, text.length - cut)) * 2n ** BigInt(twoPower);
  const q = kept / GUARD;
  if (kept % GUARD !== 0n) return q + 1n;
  return /[1-9]/.test(text.slice(text.length - cut)) ? q + 1n : q;
}

/**
 * `value * 10^power`, rounded up to an integer when power is negative. Huge results are clamped to just above the
 * cap (the caller caps them) so that an exponent like `e999999999` never builds a giant number.
 */
function scaleByPowerOfTen(value: bigint, power: number, digits: number): bigint {
  if (value === 0n) return 0n;
  if (digits + power > 30) return MAX_QUANTITY_NANOS + 1n;
  if (power >= 0) return value * powerOfTen(power);
  if (-power > digits) return 1n;
  const divisor = powerOfTen(-power);
  const q = value / divisor;
  return value % divisor === 0n ? q : q + 1n;
}

/** 10^0 … 10^GUARD_DIGITS, computed once: every quantity of a resource list scales by one of them. */
const POWERS_OF_TEN: readonly bigint[] = Array.from({ length: GUARD_DIGITS + 1 }, (_, i) => 10n ** BigInt(i));

function powerOfTen(power: number): bigint {
  return POWERS_OF_TEN[power] ?? 10n ** BigInt(power);
}
