/**
 * Which proxies in front are believed (TRUST_PROXY), and the client's address behind them.
 *
 * TRUST_PROXY is a number of proxies (1 for one nginx; `true` means 1) or a comma-separated list of
 * their addresses or CIDR ranges. The client is the right-most address of X-Forwarded-For (with the
 * socket's peer last) that a trusted proxy did not add: everything left of it was written by the
 * client and may be forged, so a forged header never changes which address is throttled or flagged.
 */
import net from 'node:net';

export type TrustProxy = { kind: 'none' } | { kind: 'hops'; hops: number } | { kind: 'list'; list: net.BlockList; text: string };

/** Parses TRUST_PROXY; throws with a readable message on a bad value. */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const text = (value ?? '').trim().toLowerCase();
  if (['', '0', 'false', 'no', 'off'].includes(text)) return { kind: 'none' };
  if (['true', 'yes', 'on'].includes(text)) return { kind: 'hops', hops: 1 };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 10) throw new Error('expected at most 10 proxies');
    return { kind: 'hops', hops };
  }
  const list = new net.BlockList();
  for (const entry of text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [address, prefix] = entry.split('/');
    const family = net.isIP(address ?? '');
    if (!family) throw new Error(`not an address or CIDR range: ${entry}`);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address!, type);
    else {
      const bits = Number(prefix);
      if (!/^\d+$/.test(prefix) || bits > (family === 6 ? 128 : 32)) throw new Error(`bad prefix length: ${entry}`);
      list.addSubnet(address!, bits, type);
    }
  }
  return { kind: 'list', list, text };
}

/** An address as written in X-Forwarded-For or by the socket, without port, brackets or IPv4-mapped prefix. */
export function normalizeAddress(raw: string): string {
  let address = raw.trim();
  if (address.startsWith('[')) address = address.slice(1, address.indexOf(']') > 0 ? address.indexOf(']') : undefined);
  else if (/^[\d.]+:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(':'));
  if (address.toLowerCase().startsWith('::ffff:') && net.isIPv4(address.slice(7))) address = address.slice(7);
  return address;
}

function trusted(trust: TrustProxy, address: string): boolean {
  if (trust.kind !== 'list') return false;
  const family = net.isIP(address);
  return family !== 0 && trust.list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

export interface ClientAddress {
  /** The client's address as far as the trusted proxies say. */
  address: string;
  /** Whether the socket's peer is a trusted proxy (so its X-Forwarded-Proto/-Host and X-Request-Id count). */
  viaTrustedProxy: boolean;
}

export function clientAddress(trust: TrustProxy, socketAddress: string | undefined, forwardedFor: string | null | undefined): ClientAddress {
  const peer = socketAddress ? normalizeAddress(socketAddress) : 'unknown';
  if (trust.kind === 'none' || (trust.kind === 'hops' && trust.hops === 0)) return { address: peer, viaTrustedProxy: false };
  if (trust.kind === 'list' && !trusted(trust, peer)) return { address: peer, viaTrustedProxy: false };
  // Left to right as the header lists them, then the peer itself.
  const chain = [
    ...(forwardedFor ?? '')
      .split(',')
      .map((part) => normalizeAddress(part))
      .filter(Boolean),
    peer,
  ];
  if (trust.kind === 'hops') return { address: chain[Math.max(0, chain.length - 1 - trust.hops)]!, viaTrustedProxy: true };
  for (let i = chain.length - 1; i >= 0; i--) if (!trusted(trust, chain[i]!)) return { address: chain[i]!, viaTrustedProxy: true };
  return { address: chain[0]!, viaTrustedProxy: true };
}
