/**
 * One review's evaluation as a sliced task (slices.ts): the admission steps, each slice in a request scope, with the
 * object's own CPU time counted against its budget and the request's deadline checked after every slice.
 *
 * - Over budget (the object's own CPU time, not time spent waiting for other reviews): `overBudgetDecision`, which
 *   denies in enforce mode, because the object's content caused it.
 * - Past the deadline (measured from the request's arrival, waiting included) with the object within its budget:
 *   the configured failure answer, because the load is not the object's doing.
 */
import { inRequestScope } from '../k8s/memo.js';
import {
  type AdmissionDeps,
  type AdmissionReview,
  admission,
  type CostReason,
  type Decision,
  failureDecision,
  overBudgetDecision,
} from './admission.js';
import type { SlicedTask } from './slices.js';

/** CPU time of this thread in milliseconds (wall time where the runtime cannot tell: Node before 23.9). */
export const threadCpuMs: () => number =
  typeof process.threadCpuUsage === 'function'
    ? () => {
        const u = process.threadCpuUsage();
        return (u.user + u.system) / 1000;
      }
    : () => performance.now();

export interface EvaluationClock {
  /** The request's age in milliseconds (monotonic clock, from its arrival). */
  age(): number;
  /** CPU clock of the evaluating thread, in milliseconds. */
  cpu(): number;
}

export class AdmissionEvaluation implements SlicedTask {
  /** Set once the task is done. */
  decision: Decision | undefined = undefined;
  /** A bug in the rules or the engine (the caller logs it and answers with the failure mode). */
  error: unknown = undefined;
  /** CPU time this review's own slices used, in milliseconds. */
  spentMs = 0;
  readonly #steps: Generator<void, Decision>;
  #pause: () => boolean = () => false;

  /**
   * `costlyMs`: CPU beyond which an object counts as costly (many times what an ordinary object needs: the
   * scheduler's slice). A costly object that cannot be finished before the deadline is answered as over budget.
   */
  constructor(
    private readonly review: AdmissionReview,
    private readonly deps: AdmissionDeps,
    private readonly clock: EvaluationClock,
    private readonly costlyMs: number,
  ) {
    this.#steps = admission(review, deps, () => this.#pause());
  }

  step(pause: () => boolean): boolean {
    this.#pause = pause;
    const started = this.clock.cpu();
    let done = false;
    try {
      const r = inRequestScope(() => this.#steps.next());
      if (r.done === true) {
        this.decision = r.value;
        done = true;
      }
    } catch (err) {
      this.error = err;
      done = true;
    }
    this.spentMs += this.clock.cpu() - started;
    if (done) return true;
    const { settings } = this.deps;
    if (this.spentMs > settings.evaluationBudgetMs) {
      const spent = Math.round(this.spentMs);
      this.#overBudget(
        (what) =>
          `checking ${what} alone used more than the ${settings.evaluationBudgetMs} ms of CPU kubeward allows one ` +
          `object (${spent} ms when it stopped)`,
      );
      return true;
    }
    return this.expired();
  }

  /**
   * Past the deadline: answers now (a costly object as over budget, a cheap one with the failure mode) and returns
   * true; otherwise false. The scheduler asks waiting tasks this every turn, so none outlives its deadline unseen.
   */
  expired(): boolean {
    const { settings } = this.deps;
    if (this.clock.age() <= settings.deadlineMs) return false;
    const spent = Math.round(this.spentMs);
    if (this.costly()) {
      this.#overBudget(
        (what) =>
          `checking ${what} needed more CPU than kubeward could give it before the ${settings.deadlineMs} ms ` +
          `deadline (it had used ${spent} ms, where an ordinary object needs well under 1 ms)`,
      );
    } else {
      this.#stop(
        failureDecision(
          this.review,
          settings,
          `the ${settings.deadlineMs} ms deadline passed while it waited for CPU (other reviews, or a CPU limit; ` +
            `its own checks had used ${spent} ms)`,
        ),
      );
    }
    return true;
  }

  /** Whether its own checks have used more CPU than an ordinary object ever needs. */
  costly(): boolean {
    return this.spentMs >= this.costlyMs;
  }

  /** The scheduler had no place for it after its first slice: it needed far more than an ordinary object. */
  abandon(): void {
    const maxPending = this.deps.settings.maxPendingReviews;
    const spent = Math.round(this.spentMs);
    this.#overBudget(
      (what) =>
        `checking ${what} needed more than its first ${spent} ms of CPU while ${maxPending} other costly reviews ` +
        'were waiting',
    );
  }

  #overBudget(reason: CostReason): void {
    this.#stop(overBudgetDecision(this.review, this.deps, reason));
  }

  #stop(decision: Decision): void {
    this.decision = decision;
    this.#steps.return(decision);
  }
}
