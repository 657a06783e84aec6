/**
 * The listening sockets of a serving process. Node takes one new connection from a listening
 * socket per turn of its event loop, and under load a turn takes 10 ms or more: a crowd that
 * connects at once (a campaign push, a load balancer opening connections) waits in the kernel's
 * queue, one connection per turn. Measured: 50 connections opened together against a process
 * whose turns took 10 ms were accepted over 500 ms; in the pages bench a signed-in page's first
 * requests waited up to 410 ms, which alone set its p99.
 *
 * With more than one socket (LISTEN_SOCKETS, Linux), the process listens on that many sockets of
 * the same port (SO_REUSEPORT: the kernel spreads new connections over them) and takes one from
 * each per turn; the extra sockets hand their connections to the one HTTP server, so requests,
 * keep-alive, draining and closing are the server's as before. A cluster's workers keep the one
 * socket their primary shares out.
 */
import type http from 'node:http';
import net from 'node:net';

export interface Listening {
  /** The port listened on (the one chosen when asked for port 0). */
  port: number;
  /** Closes every socket; resolves once the connections each one accepted have closed. */
  close(): Promise<void>;
}

export interface ListenOptions {
  port: number;
  host: string;
  /** How many sockets; 1 listens as Node does by default (and as a cluster worker must). */
  sockets: number;
}

function listening(server: net.Server, options: net.ListenOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (error: Error) => reject(error);
    server.once('error', failed);
    server.listen(options, () => {
      server.off('error', failed);
      resolve();
    });
  });
}

function closing(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

export async function listen(server: http.Server, options: ListenOptions): Promise<Listening> {
  const reusePort = options.sockets > 1;
  await listening(server, { port: options.port, host: options.host, ...(reusePort && { reusePort: true }) });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const extra: net.Server[] = [];
  try {
    for (let i = 1; i < options.sockets; i++) {
      // As node:http accepts its own: half-open allowed (HTTP decides when to end), no Nagle delay.
      const socket = net.createServer({ allowHalfOpen: true, noDelay: true }, (connection) => server.emit('connection', connection));
      await listening(socket, { port, host: options.host, reusePort: true });
      extra.push(socket);
    }
  } catch (error) {
    await Promise.all([server, ...extra].map(closing));
    throw error;
  }
  return {
    port,
    close: async () => {
      await Promise.all([server, ...extra].map(closing));
    },
  };
}
