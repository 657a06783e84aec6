/** The translate function: messages by language, zh-CN as the fallback, `{name}` placeholders. */
import { describe, expect, it } from 'vitest';
import { messages, translator } from '../../src/i18n';

describe('translator', () => {
  it('fills every placeholder, repeated ones too, and keeps the ones not given', () => {
    messages.en['test.placeholders'] = '{a} and {b}, {a} again; {missing} stays; {} is no placeholder';
    const t = translator('en');
    expect(t('test.placeholders', { a: 1, b: 'two' })).toBe('1 and two, 1 again; {missing} stays; {} is no placeholder');
    expect(t('test.placeholders', { a: 0, b: '' })).toBe('0 and , 0 again; {missing} stays; {} is no placeholder');
    // The same template again (now split already) gives the same answer.
    expect(t('test.placeholders', { a: 'x', b: 'y' })).toBe('x and y, x again; {missing} stays; {} is no placeholder');
  });

  it('does not take placeholders from the prototype of the params object', () => {
    messages.en['test.proto'] = '{toString}{constructor}';
    expect(translator('en')('test.proto', {})).toBe('{toString}{constructor}');
  });

  it('falls back to zh-CN, then to the key itself; without params a message is returned as it is', () => {
    messages['zh-CN']['test.onlyZh'] = '只有中文 {n}';
    expect(translator('en')('test.onlyZh', { n: 3 })).toBe('只有中文 3');
    expect(translator('en')('test.no.such.key')).toBe('test.no.such.key');
    expect(translator('en')('test.onlyZh')).toBe('只有中文 {n}');
  });

  it('is one function per language', () => {
    expect(translator('en')).toBe(translator('en'));
    expect(translator('zh-CN')).not.toBe(translator('en'));
  });
});
