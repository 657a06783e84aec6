/**
 * postgres.js keeps its pool's connections in queues (open, busy, ...) whose shift() leaves a hole
 * at the front, and only starts afresh once the queue is empty. The busy queue is never empty under
 * steady load, so it kept a hole for every query it had ever held: each move of a connection scanned
 * them all (remove() is indexOf), 6% of a signed-in page's CPU within seconds and growing (issue 18).
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

const builds = ['src', 'cjs/src', 'cf/src'];
const realIndexOf = Array.prototype.indexOf;
afterEach(() => {
  Array.prototype.indexOf = realIndexOf;
});

async function queueOf(build: string): Promise<<T>(initial?: T[]) => Queue<T>> {
  const file = pathToFileURL(path.resolve('node_modules/postgres', build, 'queue.js')).href;
  const loaded = (await import(file)) as { default?: <T>(initial?: T[]) => Queue<T> } & (<T>(initial?: T[]) => Queue<T>);
  return loaded.default ?? loaded;
}

describe("postgres.js's pool queues", () => {
  it.each(builds)('%s: stay as long as what they hold when never emptied', async (build) => {
    const Queue = await queueOf(build);
    const open = Queue<{ id: number; queue?: Queue<unknown> }>();
    const busy = Queue<{ id: number; queue?: Queue<unknown> }>();
    const connections = Array.from({ length: 10 }, (_, id) => ({ id, queue: open as Queue<unknown> }));
    for (const c of connections) open.push(c);
    // What the pool does: take a connection and move it to the other queue (remove, then push).
    const move = (c: (typeof connections)[number], to: Queue<unknown>) => {
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
      if (open.length > 2) move(open.shift() as (typeof connections)[number], busy as Queue<unknown>);
      else move(busy.shift() as (typeof connections)[number], open as Queue<unknown>);
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
