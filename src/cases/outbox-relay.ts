import type { Queue } from "bullmq";
import type { Database } from "../db/database.js";
import { faultPoint } from "../faults.js";
import { logger } from "../logger.js";
import { CASE_NOTICE_JOB, type CaseNoticeJob, caseNoticeJobId } from "./case-notices.js";
import { claimCaseNotices, markRelayed, pruneDoneNotices, releaseClaims, stuckCaseNotices } from "./outbox.js";

/**
 * The relay of the case outbox (worker role): moves the rows written with each change of a case
 * to the `notify` queue as `case-notice` jobs and marks them relayed.
 *
 * - Claim: a batch of rows for a lease (`FOR UPDATE SKIP LOCKED`), so relays in several worker
 *   processes share the work and a relay that dies holding rows leaves them to another once the
 *   lease ends.
 * - Queue each with the row's id as job id, then mark the batch relayed. A crash between the two
 *   queues the rows again later: a job still kept is not added twice, and a job already done (and
 *   removed) has marked its row done, so the new one does nothing (`case-notices.ts`).
 * - A row relayed long ago and still not carried out (its job failed all its attempts, e.g. with
 *   the database down for minutes, or was removed) is queued again: its failed job retried, a
 *   missing one added anew.
 * - Wakes when told of a commit (`wake`, rung in this process after every change; other
 *   processes ring it through a `case-outbox` job), and sweeps every `sweepMs` anyway. While Redis
 *   is down the queue call waits (or fails and is retried with backoff); the rows wait in the
 *   database, nothing is lost.
 */
export const CASE_OUTBOX_JOB = "case-outbox";

/** Rung after a commit that wrote outbox rows; the relay of this process, if it has one, listens. */
export class OutboxBell {
  private listener: (() => void) | undefined;

  listen(fn: () => void): void {
    this.listener = fn;
  }

  /** Whether a relay of this process heard it. */
  ring(): boolean {
    this.listener?.();
    return this.listener !== undefined;
  }
}

export interface OutboxRelayOptions {
  db: Database;
  notify: Queue;
  /** How long a claim holds rows (a dead relay's rows go to another after it). */
  leaseMs: number;
  /** A sweep without being woken (default 5 s). */
  sweepMs?: number;
  /** Rows per claim (default 100). */
  batch?: number;
}

const MIN_BACKOFF_MS = 200;
const MAX_BACKOFF_MS = 5_000;
/** Rows carried out are kept this long (what was sent, for an inquiry), then pruned. */
const KEEP_DONE_DAYS = 30;
const PRUNE_EVERY_MS = 3_600_000;
/** A relayed row not carried out after this long has lost its job (its attempts take minutes). */
const STUCK_AFTER_MS = 30 * 60_000;
const RECOVER_EVERY_MS = 60_000;

export class CaseOutboxRelay {
  private running = false;
  private woken = false;
  private interrupt: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private lastPrune = 0;
  private lastRecovery = 0;
  private failing = false;

  constructor(private readonly opts: OutboxRelayOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** A change was committed: relay now (or right after the pass under way). */
  wake(): void {
    this.woken = true;
    // While failing, the backoff decides: a burst of commits must not hammer a sick database.
    if (!this.failing) this.interrupt?.();
  }

  /** Stop after the pass under way (a queue call waiting for Redis is dropped when the queue closes). */
  async stop(): Promise<void> {
    this.running = false;
    this.interrupt?.();
    await this.loop;
  }

  /**
   * One claim: queue the claimed rows in order and mark them relayed. Returns how many were
   * claimed. Rows queued before a failure are marked relayed, the rest given back.
   */
  async relayOnce(): Promise<number> {
    const claimed = await claimCaseNotices(this.opts.db, this.opts.batch ?? 100, this.opts.leaseMs);
    const queued: number[] = [];
    try {
      for (const row of claimed) {
        const data: CaseNoticeJob = { id: row.id, code: row.caseCode };
        // The row keeps the record (done_at): the job need not outlive its run.
        await this.opts.notify.add(CASE_NOTICE_JOB, data, { jobId: caseNoticeJobId(row.id), removeOnComplete: true });
        queued.push(row.id);
        if (queued.length === 1 && claimed.length > 1) faultPoint("relay-mid-batch");
      }
    } catch (err) {
      await markRelayed(this.opts.db, queued);
      await releaseClaims(
        this.opts.db,
        claimed.map((r) => r.id).filter((id) => !queued.includes(id)),
        err instanceof Error ? err.message : String(err),
      );
      throw err;
    }
    await markRelayed(this.opts.db, queued);
    return claimed.length;
  }

  private async run(): Promise<void> {
    let backoff = MIN_BACKOFF_MS;
    while (this.running) {
      this.woken = false;
      try {
        const claimed = await this.relayOnce();
        if (this.failing) logger.info("case outbox relay works again");
        this.failing = false;
        backoff = MIN_BACKOFF_MS;
        await this.housekeeping();
        // A full batch: more may wait.
        if (claimed >= (this.opts.batch ?? 100)) continue;
      } catch (err) {
        if (!this.failing) logger.warn("case outbox relay failed; retrying", { err: err instanceof Error ? err.message : String(err) });
        this.failing = true;
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        continue;
      }
      if (!this.woken) await this.sleep(this.opts.sweepMs ?? 5_000);
    }
  }

  /**
   * Queue again the rows relayed more than `olderThanMs` ago and still not carried out: a failed
   * job is retried, a missing one added anew (a job still waiting or running is left alone).
   * Returns how many were queued again.
   */
  async recoverStuck(olderThanMs = STUCK_AFTER_MS): Promise<number> {
    let requeued = 0;
    for (const row of await stuckCaseNotices(this.opts.db, olderThanMs, this.opts.batch ?? 100)) {
      const id = caseNoticeJobId(row.id);
      const job = await this.opts.notify.getJob(id);
      if (job && !(await job.isFailed())) continue;
      if (job) await job.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
      else
        await this.opts.notify.add(CASE_NOTICE_JOB, { id: row.id, code: row.caseCode } satisfies CaseNoticeJob, {
          jobId: id,
          removeOnComplete: true,
        });
      requeued++;
    }
    if (requeued) logger.warn("case notices queued again after their job was lost or failed", { rows: requeued });
    return requeued;
  }

  private async housekeeping(): Promise<void> {
    if (Date.now() - this.lastRecovery >= RECOVER_EVERY_MS) {
      this.lastRecovery = Date.now();
      await this.recoverStuck();
    }
    if (Date.now() - this.lastPrune >= PRUNE_EVERY_MS) {
      this.lastPrune = Date.now();
      const pruned = await pruneDoneNotices(this.opts.db, KEEP_DONE_DAYS);
      if (pruned) logger.info("case outbox pruned", { rows: pruned });
    }
  }

  /** Wait `ms`, or less if woken or stopped. */
  private sleep(ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.interrupt = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.interrupt = done;
    });
  }
}

/**
 * Wake the relays of the worker processes from a process that has none (the web role): a
 * `case-outbox` job, one at a time. Best effort: while Redis is down it fails at once, and the
 * relays' sweep finds the rows anyway.
 */
export function wakeRemoteRelays(notify: Queue): void {
  notify
    .add(CASE_OUTBOX_JOB, {}, { deduplication: { id: CASE_OUTBOX_JOB }, removeOnComplete: true, removeOnFail: true })
    .catch((err: unknown) =>
      logger.info("could not wake the case outbox relays now; their sweep will", { err: err instanceof Error ? err.message : String(err) }),
    );
}
