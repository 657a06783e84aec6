/**
 * The Request Astro makes from Node's request (patches/astro, issue 18). Its `signal` still aborts
 * when the client goes away, but it is no longer handed to `new Request()`: undici then made the
 * request's own signal follow it through a WeakRef, a FinalizationRegistry and an 'abort' listener,
 * which V8's scavenger treats as strong, so every request's controllers and listeners were promoted
 * to old space and lived until the next full GC (about a third of what a signed-in page promoted).
 */
import http from 'node:http';
import { getEventListeners } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createRequest } from 'astro/app/node';
import { afterEach, describe, expect, it } from 'vitest';

let server: http.Server | undefined;

afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A server that makes Astro's Request for each request and hands it to `onRequest`. */
async function serve(onRequest: (request: Request, res: http.ServerResponse) => void): Promise<string> {
  server = http.createServer((req, res) => onRequest(createRequest(req), res));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

describe("Astro's Request from a Node request", () => {
  it('has a signal that aborts when the client goes away, followed by nothing but the cleanup', async () => {
    let seen: Request | undefined;
    let listeners = -1;
    const aborted = new Promise<void>((resolve) => {
      void serve((request) => {
        seen = request;
        listeners = getEventListeners(request.signal, 'abort').length;
        request.signal.addEventListener('abort', () => resolve());
        // No answer: the client gives up first.
      }).then((base) => {
        const client = http.get(`${base}/slow`);
        client.on('error', () => {});
        setTimeout(() => client.destroy(), 100);
      });
    });
    await aborted;
    expect(seen?.signal.aborted).toBe(true);
    // Astro's own cleanup; undici's follower (the listener a FinalizationRegistry kept) is gone.
    expect(listeners).toBe(1);
  });

  it('keeps what a page reads of the request: method, URL, headers, body', async () => {
    const base = await serve((request, res) => {
      void request.text().then((body) => {
        res.end(
          JSON.stringify({ method: request.method, path: new URL(request.url).pathname, lang: request.headers.get('accept-language'), body, aborted: request.signal.aborted }),
        );
      });
    });
    const answer = await (await fetch(`${base}/form?x=1`, { method: 'POST', headers: { 'accept-language': 'zh-CN' }, body: 'a=1' })).json();
    expect(answer).toEqual({ method: 'POST', path: '/form', lang: 'zh-CN', body: 'a=1', aborted: false });
  });
});
