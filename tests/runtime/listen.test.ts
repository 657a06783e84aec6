/**
 * The serving process's listening sockets (src/server/listen.ts): a busy process takes one new
 * connection per socket per turn of its event loop, so a crowd connecting at once waits one turn
 * each unless the process listens on several sockets of the port. Counted in turns of a loop kept
 * busy on purpose, never in time.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { listen, type Listening } from '../../src/server/listen';

const CONNECTIONS = 40;

/** Opens CONNECTIONS connections at once from another process, each sending one request. */
function crowd(port: number): Promise<void> {
  const script = `
    const net = require('node:net');
    let open = ${CONNECTIONS};
    for (let i = 0; i < ${CONNECTIONS}; i++) {
      const socket = net.connect(${port}, '127.0.0.1', () => socket.write('GET / HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n'));
      socket.on('data', () => {});
      socket.on('close', () => { if (--open === 0) process.exit(0); });
    }`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the crowd exited with ${code}`))));
  });
}

/** Serves the crowd while each turn of the event loop burns 5 ms; returns how many turns the accepts spanned. */
async function turnsToAccept(sockets: number): Promise<number> {
  let turn = 0;
  const acceptedAt: number[] = [];
  const server = http.createServer((_req, res) => res.end('ok'));
  server.on('connection', () => acceptedAt.push(turn));
  const listening = await listen(server, { port: 0, host: '127.0.0.1', sockets });
  opened.push(listening);
  let busy = true;
  const burn = () => {
    turn++;
    const until = performance.now() + 5;
    while (performance.now() < until);
    if (busy) setImmediate(burn);
  };
  burn();
  try {
    await crowd(listening.port);
  } finally {
    busy = false;
  }
  expect(acceptedAt).toHaveLength(CONNECTIONS);
  return acceptedAt[acceptedAt.length - 1]! - acceptedAt[0]!;
}

const opened: Listening[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((listening) => listening.close()));
});

describe('listening sockets', () => {
  it('one socket: a busy process accepts one new connection per turn', async () => {
    expect(await turnsToAccept(1)).toBeGreaterThanOrEqual(CONNECTIONS - 5);
  });

  it.runIf(process.platform === 'linux')('several sockets of one port (SO_REUSEPORT): the crowd is in within a few turns', async () => {
    expect(await turnsToAccept(8)).toBeLessThanOrEqual(20);
  });

  it.runIf(process.platform === 'linux')('connections on every socket reach the one server, keep-alive included, and close() waits for them', async () => {
    let served = 0;
    const server = http.createServer((_req, res) => {
      served++;
      res.end('ok');
    });
    const listening = await listen(server, { port: 0, host: '127.0.0.1', sockets: 4 });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 20 });
    const get = () =>
      new Promise<string>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port: listening.port, path: '/', agent }, (res) => {
            let body = '';
            res.on('data', (chunk: Buffer) => (body += chunk.toString()));
            res.on('end', () => resolve(body));
          })
          .on('error', reject);
      });
    const answers = await Promise.all(Array.from({ length: 60 }, get));
    expect(answers.every((body) => body === 'ok')).toBe(true);
    expect(served).toBe(60);
    agent.destroy();
    await listening.close();
    // Closed: nothing listens on the port any more.
    await expect(get()).rejects.toThrow();
  });
});
