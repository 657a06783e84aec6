/**
 * The job runner of one process: polls the queue (and the schedules) every JOBS_POLL_MS, and
 * sooner when this process queued something. Every instance runs one unless JOBS_ENABLED=false;
 * the claims in ./index.ts keep them from running a job twice.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '../../../../db/client';
import { config } from '../config';
import { errorFields, logger } from '../log';
import './catalog';
import { onEnqueue, runDueJobs, syncSchedules } from './index';

export interface RunnerOptions {
  pollMs?: number;
  workerId?: string;
  clock?: () => Date;
}

export class JobRunner {
  readonly workerId: string;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private readonly clock: () => Date;
  private readonly pollMs: number;

  constructor(
    private readonly db: Db,
    options: RunnerOptions = {},
  ) {
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.clock = options.clock ?? (() => new Date());
    this.pollMs = options.pollMs ?? config.jobsPollMs;
  }

  async start(): Promise<void> {
    await syncSchedules(this.db, this.clock());
    onEnqueue(() => this.poke());
    this.schedule(0);
  }

  /** Runs a pass soon (a job was just queued here). */
  poke(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  /** One pass until the queue has nothing due; what tests call with their own clock. */
  async tick(): Promise<number> {
    let total = 0;
    for (let pass = 0; pass < 100; pass++) {
      const ran = await runDueJobs(this.db, { workerId: this.workerId, now: this.clock() }, this.clock);
      total += ran;
      if (ran === 0 || this.stopped) break;
    }
    return total;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .then(() => undefined)
        .catch((error: unknown) => logger.error('job runner pass failed', errorFields(error)))
        .finally(() => {
          this.running = undefined;
          this.schedule(this.again ? 0 : this.pollMs);
          this.again = false;
        });
    }, delay);
    this.timer.unref();
  }

  /** Stops polling and waits for the pass in flight (its job finishes or, if killed, its lease lapses). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    onEnqueue(undefined);
    await this.running;
  }
}

let current: JobRunner | undefined;

/** Starts this process's runner on the process database (called once the database is ready). */
export async function startJobRunner(db: Db): Promise<void> {
  if (!config.jobsEnabled || current) return;
  current = new JobRunner(db);
  await current.start();
  logger.info('job runner started', { workerId: current.workerId });
}

export async function stopJobRunner(): Promise<void> {
  const runner = current;
  current = undefined;
  await runner?.stop();
}
