/** The input kit: bounds every command's schema is made of, and how a refusal becomes i18n keys per field. */
import { describe, expect, it } from 'vitest';
import { PLACES_IMPORT_MAX_MB, placesImportInput } from '../../src/lib/server/places/inputs';
import { SITES_IMPORT_MAX_MB, importSitesForm } from '../../src/lib/server/readiness/inputs';
import {
  bigId,
  checkbox,
  date,
  dateTime,
  entriesFor,
  fieldGroup,
  id,
  int,
  INT4_MAX,
  object,
  oneOf,
  optionalText,
  page,
  parseInput,
  text,
  upload,
  z,
} from '../../src/lib/server/http/schema';

const keyOf = (schema: z.ZodType, value: unknown) => {
  const result = parseInput(z.object({ v: schema }), { v: value });
  return result.ok ? 'ok' : result.fields.v;
};

describe('the input kit', () => {
  it('takes ids as numbers or digits within int4, and refuses zero, negatives, fractions, huge numbers and words', () => {
    expect(parseInput(id(), '42')).toEqual({ ok: true, data: 42 });
    expect(parseInput(id(), 7)).toEqual({ ok: true, data: 7 });
    expect(parseInput(id(), String(INT4_MAX))).toMatchObject({ ok: true });
    for (const bad of ['0', '-1', '1.5', String(INT4_MAX + 1), '99999999999999999999', 'abc', '0x10', '1e3', true, [], {}]) {
      expect(keyOf(id(), bad), String(bad)).not.toBe('ok');
    }
    expect(keyOf(id(), undefined)).toBe('input.required');
    expect(keyOf(id(), '2147483648')).toBe('input.range');
    expect(parseInput(bigId(), '2147483648')).toEqual({ ok: true, data: 2147483648 });
    expect(keyOf(bigId(), '99999999999999999999')).toBe('input.range');
  });

  it('bounds page numbers and lets them be left out', () => {
    expect(parseInput(page(), undefined)).toEqual({ ok: true, data: undefined });
    expect(parseInput(page(), '3')).toEqual({ ok: true, data: 3 });
    expect(keyOf(page(), '99999999999999999999999')).toBe('input.range');
    expect(keyOf(page(), '0')).toBe('input.range');
  });

  it('trims text, keeps newlines and tabs, and refuses NUL and other control characters', () => {
    expect(parseInput(text(10), '  你好  ')).toEqual({ ok: true, data: '你好' });
    expect(parseInput(text(20), 'a\r\nb\tc')).toEqual({ ok: true, data: 'a\nb\tc' });
    expect(keyOf(text(10), 'a\u0000b')).toBe('input.controlCharacters');
    expect(keyOf(text(10), 'a\u001bb')).toBe('input.controlCharacters');
    expect(keyOf(text(10), 'a\u0085b')).toBe('input.controlCharacters');
    expect(keyOf(text(3), 'abcd')).toBe('input.tooLong');
    expect(keyOf(text(3), '   ')).toBe('input.required');
    expect(keyOf(text(3), undefined)).toBe('input.required');
    expect(keyOf(text(3), 12)).toBe('input.type');
    expect(parseInput(optionalText(3), '  ')).toEqual({ ok: true, data: undefined });
    expect(keyOf(optionalText(3), '\u0000')).toBe('input.controlCharacters');
  });

  it('accepts only real days between 2000 and 2100, and instants with an offset', () => {
    expect(parseInput(date(), '2026-02-28')).toEqual({ ok: true, data: '2026-02-28' });
    expect(parseInput(date(), '2028-02-29')).toMatchObject({ ok: true });
    for (const bad of ['2026-02-29', '2026-13-45', '99999-01-01', '1999-12-31', '2101-01-01', '2026-1-1', 'today', '']) {
      expect(keyOf(date(), bad), bad).not.toBe('ok');
    }
    expect(parseInput(dateTime(), '2026-12-04T08:00:00+08:00')).toMatchObject({ ok: true });
    expect(parseInput(dateTime(), '2026-12-04T00:00:00.000Z')).toMatchObject({ ok: true });
    for (const bad of ['2026-12-04', '2026-12-04T25:00:00Z', '+099999-01-01T00:00:00Z', '2026-12-04T08:00:00']) {
      expect(keyOf(dateTime(), bad), bad).toBe('input.dateTime');
    }
  });

  it('keeps enums closed and checkboxes boolean', () => {
    const status = oneOf(['open', 'closed']);
    expect(parseInput(status, 'open')).toEqual({ ok: true, data: 'open' });
    expect(keyOf(status, 'bogus')).toBe('input.enum');
    expect(keyOf(status, '')).toBe('input.required');
    expect(parseInput(checkbox(), 'on')).toEqual({ ok: true, data: true });
    expect(parseInput(checkbox(), undefined)).toEqual({ ok: true, data: false });
    expect(parseInput(checkbox(), true)).toEqual({ ok: true, data: true });
    expect(keyOf(checkbox(), 'maybe')).toBe('input.type');
  });

  it('refuses unknown fields in an object and names each refused field with its bounds', () => {
    const schema = object({ name: text(5), age: id() });
    const result = parseInput(schema, { name: 'abcdefg', age: '0', extra: 1 });
    expect(result).toMatchObject({
      ok: false,
      code: 'invalid',
      fields: { name: 'input.tooLong', age: 'input.range', extra: 'input.unknownField' },
      params: { max: 5 },
    });
    expect(parseInput(schema, 'not an object')).toMatchObject({ ok: false, fields: { body: 'input.type' } });
  });

  it('reads a form or query string by the schema: only its fields, lists with all their values, empty files dropped', () => {
    const schema = object({ id: id(), tags: z.array(text(5)), photos: z.array(z.instanceof(File)).optional() });
    const form = new FormData();
    form.append('id', '3');
    form.append('tags', 'a');
    form.append('tags', 'b');
    form.append('other', 'x');
    form.append('photos', new File([], ''));
    expect(entriesFor(schema, form)).toEqual({ id: '3', tags: ['a', 'b'], photos: [] });
    expect(entriesFor(schema, new URLSearchParams('id=4&nope=1'))).toEqual({ id: '4', tags: [], photos: [] });
  });

  it('reads a group of numbered fields (q-12, s-support) into one record, lists where the record holds lists, blanks left out', () => {
    const schema = object({
      attemptId: id(),
      answers: fieldGroup('q-', z.record(z.string().regex(/^\d+$/), z.array(text(4)).max(6)).optional()),
      survey: fieldGroup('s-', z.partialRecord(oneOf(['support', 'satisfaction']), int(1, 5)).optional()),
    });
    const form = new FormData();
    form.append('attemptId', '9');
    form.append('q-12', 'A');
    form.append('q-31', 'A');
    form.append('q-31', 'C');
    form.append('q-', 'ignored');
    form.append('s-support', '4');
    form.append('s-satisfaction', '');
    expect(entriesFor(schema, form)).toEqual({ attemptId: '9', answers: { '12': ['A'], '31': ['A', 'C'] }, survey: { support: '4' } });
    expect(parseInput(schema, entriesFor(schema, form))).toEqual({ ok: true, data: { attemptId: 9, answers: { '12': ['A'], '31': ['A', 'C'] }, survey: { support: 4 } } });
    form.append('s-bogus', '3');
    form.set('s-support', '9');
    form.append('q-x', 'B');
    const refused = parseInput(schema, entriesFor(schema, form));
    expect(refused).toMatchObject({ ok: false, fields: { 'survey.support': 'input.range', 'answers.x': 'input.invalid' } });
    expect(Object.keys(refused.ok ? {} : refused.fields)).toContain('survey.bogus');
  });

  it('takes an upload that is a file, not empty and within its size, with the message the form names', () => {
    const schema = object({ file: upload(1, { missing: 'admin.city.noFile' }) });
    const form = (file?: File) => {
      const data = new FormData();
      if (file) data.append('file', file);
      return entriesFor(schema, data);
    };
    expect(parseInput(schema, form(new File(['{}'], 'city.geojson')))).toMatchObject({ ok: true });
    expect(parseInput(schema, form())).toMatchObject({ ok: false, fields: { file: 'admin.city.noFile' } });
    expect(parseInput(schema, form(new File([], '')))).toMatchObject({ ok: false, fields: { file: 'admin.city.noFile' } });
    expect(parseInput(schema, form(new File([], 'empty.geojson')))).toMatchObject({ ok: false, fields: { file: 'admin.city.noFile' } });
    expect(parseInput(schema, form(new File([new Uint8Array(1024 * 1024 + 1)], 'big.geojson')))).toMatchObject({
      ok: false,
      fields: { file: 'input.fileTooLarge' },
      params: { mb: 1 },
    });
    expect(parseInput(schema, { file: 'not a file' })).toMatchObject({ ok: false, fields: { file: 'input.file' } });
  });

  it('parses the places import and the inspection sites upload with their schemas (no file read by hand)', () => {
    const form = (entries: [string, string | File][]) => {
      const data = new FormData();
      for (const [name, value] of entries) data.append(name, value);
      return data;
    };
    const places = (entries: [string, string | File][]) => parseInput(placesImportInput, entriesFor(placesImportInput, form(entries)));
    expect(
      places([
        ['format', 'csv'],
        ['file', new File(['name,lat,lng'], 'places.csv')],
      ]),
    ).toMatchObject({ ok: true, data: { format: 'csv' } });
    expect(
      places([
        ['format', 'csv'],
        ['file', new File([], '')],
      ]),
    ).toMatchObject({ ok: false, fields: { file: 'places.import.error.file' } });
    expect(
      places([
        ['format', 'kml'],
        ['file', new File(['x'], 'a.kml')],
      ]),
    ).toMatchObject({ ok: false, fields: { format: expect.any(String) } });
    expect(
      places([
        ['format', 'geojson'],
        ['file', new File([new Uint8Array(PLACES_IMPORT_MAX_MB * 1024 * 1024 + 1)], 'big.geojson')],
      ]),
    ).toMatchObject({
      ok: false,
      fields: { file: 'input.fileTooLarge' },
      params: { mb: PLACES_IMPORT_MAX_MB },
    });
    const sites = (entries: [string, string | File][]) => parseInput(importSitesForm, entriesFor(importSitesForm, form(entries)));
    expect(sites([['file', new File(['type,name'], 'sites.csv')]])).toMatchObject({ ok: true, data: { file: expect.any(File) } });
    expect(
      sites([
        ['file', new File([], '')],
        ['csv', 'type,name'],
      ]),
    ).toMatchObject({ ok: true, data: { csv: 'type,name' } });
    expect(sites([['file', new File([new Uint8Array(SITES_IMPORT_MAX_MB * 1024 * 1024 + 1)], 'sites.csv')]])).toMatchObject({ ok: false, fields: { file: 'input.fileTooLarge' } });
  });
});
