/**
 * A job worker in its own process, for the killed-worker test (tests/jobs/killed-worker.test.ts):
 * it opens the database (WORKER_DATABASE_URL for PostgreSQL, else the PGlite folder WORKER_DATA_DIR),
 * claims the due jobs with the real queue code at the clock WORKER_NOW (moving on from there), and
 * delivers SMS through a sender that prints "delivering <id>" and then never answers: the process
 * holds its claim until it is killed. Run with `node --import tsx`.
 */
import { openDatabase } from '../../db/client';
import { runDueJobs } from '../../src/lib/server/jobs';
import { setChannelSender } from '../../src/lib/server/messages/channels';
import '../../src/lib/server/messages/jobs';

const started = Date.now();
const base = new Date(process.env.WORKER_NOW ?? new Date().toISOString()).getTime();
const clock = () => new Date(base + (Date.now() - started));

const database = await openDatabase({ url: process.env.WORKER_DATABASE_URL, dataDir: process.env.WORKER_DATA_DIR });
setChannelSender('sms', {
  channel: 'sms',
  async deliver(message) {
    process.stdout.write(`delivering ${message.id}\n`);
    return new Promise(() => {});
  },
});
process.stdout.write('ready\n');
await runDueJobs(database.db, { workerId: `doomed:${process.pid}`, now: clock() }, clock);
