import { describe, expect, it } from 'vitest';
import { formatCsv, parseCsv } from '../../src/lib/server/csv';
import { xml } from '../../src/lib/server/feeds/atom';
import { csvField, icsText, withoutControls, xmlText } from '../../src/lib/server/output';
import { toXml } from '../../src/lib/server/reports/open311';
import { escapeText } from '../../src/lib/server/volunteers/calendar';

// What one resident might type, on purpose or by pasting: every C0 control, DEL, a C1 control, a lone surrogate.
const hostile = `垃圾\u0000桶\u0001满了\u0008\u000B\u000C\u001B[31m\u007F\u0085\uD800 <b>&"'</b>\t行1\r\n行2`;
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDFFF]/u;

describe('output writers on their own', () => {
  it('drop the characters no output can carry and keep tabs, line breaks and Chinese text', () => {
    expect(withoutControls(hostile)).toBe(`垃圾桶满了[31m <b>&"'</b>\t行1\r\n行2`);
  });

  it('write XML (Open311, Atom) that no parser refuses', () => {
    const document = toXml('service_requests', 'request', [{ description: hostile, service_code: 'litter' }]);
    expect(document).not.toMatch(XML_FORBIDDEN);
    expect(document).toContain('&lt;b&gt;&amp;&quot;&apos;&lt;/b&gt;');
    expect(xml(hostile)).toBe(xmlText(hostile));
  });

  it('write CSV fields that round-trip and never start a spreadsheet formula', () => {
    expect(csvField('=HYPERLINK("http://evil.example")')).toBe(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(csvField('-12.5')).toBe('-12.5');
    expect(csvField('\u0000=1+1')).toBe("'=1+1");
    const [row] = parseCsv(formatCsv([[hostile, '@SUM(A1)']]));
    expect(row).toEqual([withoutControls(hostile), "'@SUM(A1)"]);
  });

  it('write iCalendar TEXT on one logical line', () => {
    expect(icsText('a;b,c\\d\ne\u0000f\tg')).toBe('a\\;b\\,c\\\\d\\nef g');
    expect(escapeText(hostile)).not.toMatch(/[\u0000-\u001F\u007F]/);
  });

  it('write JSON that parses back to the same text', () => {
    expect(JSON.parse(JSON.stringify({ description: hostile })).description).toBe(hostile);
    expect(JSON.stringify(hostile)).not.toMatch(/[\u0000-\u001F]/);
  });
});

describe('rates as percentages', () => {
  it('keep two significant digits below 1% instead of showing 0.0%', async () => {
    const { formatPercent } = await import('../../src/lib/percent');
    expect(formatPercent(39 / 284_459)).toBe('0.014%');
    expect(formatPercent(0.005)).toBe('0.5%');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(0.8234)).toBe('82.3%');
    expect(formatPercent(null)).toBe('—');
  });
});
