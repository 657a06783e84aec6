/**
 * postgres.js keeps its pool's connections in queues (open, busy, ...) whose shift() leaves a hole
 * at the front, and only starts afresh once the queue is empty. The busy queue is never empty under
 * steady load, so it kept a hole for every query it had ever held: each move of a connection scanned
 * them all (remove() is indexOf): 14% of /volunteer/me's Node CPU per page under load (issue 18).
 * Patched (patches/postgres): the front is dropped once it is half the array. Counted here by the
 * length of the arrays remove() scans, in all three builds of the library (ESM, CommonJS, workerd).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

interface Queue<T> {
  readonly length: number;
  push(x: T): T;
  shift(): T | undefined;
  remove(x: T): T | null;
}
interface Connection {
  id: number;
  queue: Queue<Connection>;
}

const builds = ['src', 'cjs/src', 'cf/src'];
const realIndexOf = Array.prototype.indexOf;
afterEach(() => {
  Array.prototype.indexOf = realIndexOf;
});

/** The library's Queue factory, from one of its builds (the CommonJS one's module.exports is the default). */
async function queueOf(build: string): Promise<<T>() => Queue<T>> {
  const file = pathToFileURL(path.resolve('node_modules/postgres', build, 'queue.js')).href;
  return ((await import(file)) as { default: <T>() => Queue<T> }).default;
}

describe("postgres.js's pool queues", () => {
  it.each(builds)('%s: stay as long as what they hold when never emptied', async (build) => {
    const Queue = await queueOf(build);
    const open = Queue<Connection>();
    const busy = Queue<Connection>();
    const connections: Connection[] = Array.from({ length: 10 }, (_, id) => ({ id, queue: open }));
    for (const c of connections) open.push(c);
    // What the pool does: take a connection and move it to the other queue (remove, then push).
    const move = (c: Connection, to: Queue<Connection>) => {
      c.queue.remove(c);
      to.push(c);
      c.queue = to;
    };
    let longest = 0;
    Array.prototype.indexOf = function (this: unknown[], ...args: [unknown, number?]) {
      longest = Math.max(longest, this.length);
      return realIndexOf.apply(this, args);
    } as typeof Array.prototype.indexOf;
    for (let n = 0; n < 20_000; n++) {
      if (open.length > 2) move(open.shift()!, busy);
      else move(busy.shift()!, open);
    }
    Array.prototype.indexOf = realIndexOf;
    expect(open.length + busy.length).toBe(10);
    expect(longest).toBeLessThan(200);
    // Every connection is still in exactly one queue, in order.
    const held = [];
    while (open.length) held.push(open.shift()!.id);
    while (busy.length) held.push(busy.shift()!.id);
    expect(held.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
