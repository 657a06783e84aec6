/**
 * A TCP relay between the portal and PostgreSQL that a test can break: `blackhole()` stops moving
 * bytes both ways while every connection stays open (a network partition: nothing is refused, nothing
 * answers), `restore()` moves them again (held bytes are delivered, as TCP would), and `cut()` closes
 * every connection (a PostgreSQL restart). It counts the connections it carries.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TcpRelay {
  /** host:port to connect to instead of the target. */
  port: number;
  blackhole(): void;
  restore(): void;
  cut(): void;
  /** Connections open now, and the most open at once since the start. */
  open(): number;
  maxOpen(): number;
  /** Connections accepted since the start. */
  accepted(): number;
  close(): Promise<void>;
}

export async function startTcpRelay(target: { host: string; port: number }): Promise<TcpRelay> {
  type Pair = { client: net.Socket; upstream: net.Socket; held: { to: net.Socket; chunk: Buffer }[] };
  const pairs = new Set<Pair>();
  let holding = false;
  let accepted = 0;
  let maxOpen = 0;

  const server = net.createServer((client) => {
    accepted++;
    const upstream = net.connect(target);
    const pair: Pair = { client, upstream, held: [] };
    pairs.add(pair);
    maxOpen = Math.max(maxOpen, pairs.size);
    // While blackholed, bytes are held (in order) instead of forwarded.
    const forward = (to: net.Socket) => (chunk: Buffer) => {
      if (holding) pair.held.push({ to, chunk });
      else to.write(chunk);
    };
    client.on('data', forward(upstream));
    upstream.on('data', forward(client));
    const end = () => {
      if (!pairs.delete(pair)) return;
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  function cut() {
    for (const pair of [...pairs]) {
      pair.client.destroy();
      pair.upstream.destroy();
    }
    pairs.clear();
  }

  return {
    port: (server.address() as AddressInfo).port,
    blackhole() {
      holding = true;
    },
    restore() {
      holding = false;
      for (const pair of pairs) {
        for (const { to, chunk } of pair.held) to.write(chunk);
        pair.held = [];
      }
    },
    cut,
    open: () => pairs.size,
    maxOpen: () => maxOpen,
    accepted: () => accepted,
    async close() {
      cut();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
