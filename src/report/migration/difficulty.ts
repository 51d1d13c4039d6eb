/**
 * The difficulty of migrating one Ingress, as data: an additive formula whose terms are weighed counts, and the
 * levels and namespace grades read from the sum. The README and the report render these same tables.
 */
import type { AnnotationOutcome } from '../../migrate/record.js';

export type DifficultyLevel = 'trivial' | 'easy' | 'moderate' | 'hard' | 'very-hard';
export type MigrationClass = 'clean' | 'policy' | 'blocked';
export type Grade = 'A' | 'B' | 'C' | 'D' | 'E';

export type DifficultyTermId =
  | 'key'
  | 'policy-key'
  | 'experimental-key'
  | 'no-equivalent-key'
  | 'gap'
  | 'regex-mode'
  | 'auth'
  | 'canary';

export interface DifficultyTerm {
  readonly id: DifficultyTermId;
  /** Points per occurrence (per key, per gap), or once for a fixed term. */
  readonly weight: number;
  readonly per: 'each' | 'once';
  readonly description: string;
}

/** The formula: the points of an Ingress are the sum of weight x count over these terms. */
export const DIFFICULTY_TERMS: readonly DifficultyTerm[] = [
  { id: 'key', weight: 1, per: 'each', description: 'ingress-nginx annotation key' },
  {
    id: 'policy-key',
    weight: 2,
    per: 'each',
    description: "key that needs a Gateway implementation's policy (implementation-specific)",
  },
  { id: 'experimental-key', weight: 2, per: 'each', description: 'key only the experimental channel expresses' },
  {
    id: 'no-equivalent-key',
    weight: 8,
    per: 'each',
    description: 'key with no equivalent (snippets, Lua, ModSecurity)',
  },
  {
    id: 'gap',
    weight: 1,
    per: 'each',
    description: 'gap of a path, backend or host (named in the translation record)',
  },
  {
    id: 'regex-mode',
    weight: 3,
    per: 'once',
    description: 'regex paths: use-regex, rewrite-target or a host in regex mode',
  },
  {
    id: 'auth',
    weight: 3,
    per: 'once',
    description: 'authentication (auth-* keys): a policy must exist before go-live',
  },
  { id: 'canary', weight: 2, per: 'once', description: 'canary Ingress' },
];

export interface DifficultyLevelBand {
  readonly level: DifficultyLevel;
  /** Lowest number of points of the level (inclusive). */
  readonly from: number;
}

/** Levels by points, ascending: a level runs from its `from` to the next level's. */
export const DIFFICULTY_LEVELS: readonly DifficultyLevelBand[] = [
  { level: 'trivial', from: 0 },
  { level: 'easy', from: 1 },
  { level: 'moderate', from: 6 },
  { level: 'hard', from: 12 },
  { level: 'very-hard', from: 20 },
];

export interface GradeBand {
  readonly grade: Grade;
  /** At least this share of the namespace's Ingresses is trivial or easy. */
  readonly minEasyShare: number;
  /** At most this share is blocked. */
  readonly maxBlockedShare: number;
}

/** Namespace grades, best first: a namespace gets the first grade whose two bounds it meets; E otherwise. */
export const GRADES: readonly GradeBand[] = [
  { grade: 'A', minEasyShare: 0.8, maxBlockedShare: 0 },
  { grade: 'B', minEasyShare: 0.6, maxBlockedShare: 0.1 },
  { grade: 'C', minEasyShare: 0.4, maxBlockedShare: 0.25 },
  { grade: 'D', minEasyShare: 0, maxBlockedShare: 0.5 },
  { grade: 'E', minEasyShare: 0, maxBlockedShare: 1 },
];

export interface TermCount {
  readonly id: DifficultyTermId;
  readonly count: number;
  readonly weight: number;
  readonly points: number;
}

export interface Difficulty {
  readonly points: number;
  readonly level: DifficultyLevel;
  /** Every term of the formula, with its count (0 included, so the sum can be checked). */
  readonly terms: readonly TermCount[];
}

/** What the formula counts of one Ingress. */
export interface DifficultyInput {
  readonly annotations: readonly AnnotationOutcome[];
  readonly gaps: number;
  readonly regexMode: boolean;
  readonly auth: boolean;
  readonly canary: boolean;
}

function countOf(id: DifficultyTermId, input: DifficultyInput): number {
  const byClass = (c: AnnotationOutcome['class']) => input.annotations.filter((a) => a.class === c).length;
  switch (id) {
    case 'key':
      return input.annotations.length;
    case 'policy-key':
      return byClass('implementation-specific');
    case 'experimental-key':
      return byClass('experimental');
    case 'no-equivalent-key':
      return byClass('no-equivalent');
    case 'gap':
      return input.gaps;
    case 'regex-mode':
      return input.regexMode ? 1 : 0;
    case 'auth':
      return input.auth ? 1 : 0;
    case 'canary':
      return input.canary ? 1 : 0;
  }
}

export function levelOf(points: number): DifficultyLevel {
  let level: DifficultyLevel = 'trivial';
  for (const band of DIFFICULTY_LEVELS) if (points >= band.from) level = band.level;
  return level;
}

export function difficultyOf(input: DifficultyInput): Difficulty {
  const terms = DIFFICULTY_TERMS.map((t) => {
    const count = countOf(t.id, input);
    return { id: t.id, count, weight: t.weight, points: count * t.weight };
  });
  const points = terms.reduce((sum, t) => sum + t.points, 0);
  return { points, level: levelOf(points), terms };
}

/**
 * clean: every key is carried by the drafts (standard constructs) or has nothing to carry; policy: some key needs
 * work beyond the drafts (an implementation's policy, the experimental channel, or a standard construct the drafts
 * do not write yet, such as client-certificate validation on a Gateway port); blocked: some key has no equivalent.
 */
export function migrationClassOf(annotations: readonly AnnotationOutcome[]): MigrationClass {
  if (annotations.some((a) => a.class === 'no-equivalent')) return 'blocked';
  if (
    annotations.some(
      (a) =>
        a.class === 'implementation-specific' ||
        a.class === 'experimental' ||
        (a.class === 'standard' && !a.translated),
    )
  ) {
    return 'policy';
  }
  return 'clean';
}

export function gradeOf(easyShare: number, blockedShare: number): Grade {
  const band = GRADES.find((g) => easyShare >= g.minEasyShare && blockedShare <= g.maxBlockedShare);
  return band?.grade ?? 'E';
}
