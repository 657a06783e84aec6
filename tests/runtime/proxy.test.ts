/** TRUST_PROXY: which address is the client's behind the proxies in front (src/lib/server/http/proxy.ts). */
import { describe, expect, it } from 'vitest';
import { clientAddress, parseTrustProxy } from '../../src/lib/server/http/proxy';

describe('the client address behind trusted proxies', () => {
  it('ignores X-Forwarded-For entirely when no proxy is trusted', () => {
    expect(clientAddress(parseTrustProxy(''), '::ffff:203.0.113.9', '1.2.3.4')).toEqual({ address: '203.0.113.9', viaTrustedProxy: false });
    expect(clientAddress(parseTrustProxy('false'), '203.0.113.9', '1.2.3.4').address).toBe('203.0.113.9');
  });

  it('with one proxy takes the address that proxy appended, whatever the client put before it', () => {
    const one = parseTrustProxy('1');
    // nginx appends the address it saw ($proxy_add_x_forwarded_for): the forged part stays on the left.
    expect(clientAddress(one, '10.0.0.2', '6.6.6.6, 198.51.100.7')).toEqual({ address: '198.51.100.7', viaTrustedProxy: true });
    expect(clientAddress(one, '10.0.0.2', '198.51.100.7').address).toBe('198.51.100.7');
    expect(clientAddress(parseTrustProxy('true'), '10.0.0.2', '6.6.6.6,198.51.100.7').address).toBe('198.51.100.7');
    // No header at all: the proxy itself.
    expect(clientAddress(one, '10.0.0.2', undefined).address).toBe('10.0.0.2');
  });

  it('with two proxies skips both, and never goes left of the header', () => {
    const two = parseTrustProxy('2');
    expect(clientAddress(two, '10.0.0.3', '6.6.6.6, 198.51.100.7, 10.0.0.2').address).toBe('198.51.100.7');
    expect(clientAddress(two, '10.0.0.3', '198.51.100.7').address).toBe('198.51.100.7');
  });

  it('with a list of proxy addresses and ranges takes the right-most address not on it', () => {
    const list = parseTrustProxy('10.0.0.0/8, 127.0.0.1, ::1');
    expect(clientAddress(list, '127.0.0.1', '6.6.6.6, 198.51.100.7, 10.1.2.3')).toEqual({ address: '198.51.100.7', viaTrustedProxy: true });
    expect(clientAddress(list, '::1', '[2001:db8::5]:4711').address).toBe('2001:db8::5');
    // A request straight from a client (not a listed proxy): its header is not believed.
    expect(clientAddress(list, '198.51.100.7', '10.9.9.9')).toEqual({ address: '198.51.100.7', viaTrustedProxy: false });
  });

  it('refuses values that are neither a count nor addresses', () => {
    expect(() => parseTrustProxy('nginx')).toThrow(/not an address/);
    expect(() => parseTrustProxy('10.0.0.0/33')).toThrow(/prefix/);
  });
});
