import { describe, expect, it } from 'vitest';
import { safeReturnPath } from '../../src/lib/server/http/redirect';

const origin = 'https://wenming.example.gov.cn';

describe('return targets after a form', () => {
  it('keeps a path on the portal with its query and fragment', () => {
    expect(safeReturnPath('/reports/12?tab=timeline#photos', '/', origin)).toBe('/reports/12?tab=timeline#photos');
    expect(safeReturnPath('/volunteer/check-in?token=abc', '/', origin)).toBe('/volunteer/check-in?token=abc');
    expect(safeReturnPath(`${origin}/account`, '/', origin)).toBe('/account');
  });

  it('refuses every known way of leaving the site', () => {
    const bypasses = [
      '//evil.example/',
      '/\\evil.example/',
      '\\\\evil.example',
      '/%09/evil.example/',
      '/\t/evil.example/',
      '/\n/evil.example/',
      '/\r\n/evil.example/',
      '/%0a/evil.example',
      '/%2F/evil.example',
      '/%2f%2fevil.example',
      '/%5Cevil.example',
      '/.//evil.example',
      '/./\\evil.example',
      'https://evil.example/',
      'HTTPS://evil.example',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      ' /account',
      'evil.example',
      `${origin}@evil.example/`,
      'https://user:pass@wenming.example.gov.cn/account',
      'http://wenming.example.gov.cn/account', // another scheme is another origin
      '/%E0%A4%A',
      '',
    ];
    for (const target of bypasses) expect(safeReturnPath(target, '/', origin), JSON.stringify(target)).toBe('/');
  });

  it('without a known origin accepts only paths', () => {
    expect(safeReturnPath('/quiz', '/fallback')).toBe('/quiz');
    expect(safeReturnPath('https://evil.example/', '/fallback')).toBe('/fallback');
  });
});
