import { describe, expect, it } from 'vitest';
import { parseEnv, SettingsError, settingsFrom } from '../../src/lib/server/config';
import { absoluteUrl, publicOrigin, setListeningOrigin } from '../../src/lib/server/http/origin';

const production = { DATABASE_URL: 'postgres://wenming@db/wenming', APP_SECRET: 'secret', DATA_ENCRYPTION_KEY: '0'.repeat(64) };

describe('the public origin of absolute links', () => {
  it('is required to start outside demo mode', () => {
    expect(() => settingsFrom(parseEnv(production))).toThrow(SettingsError);
    expect(() => settingsFrom(parseEnv(production))).toThrow(/PUBLIC_ORIGIN/);
    expect(settingsFrom(parseEnv({ ...production, PUBLIC_ORIGIN: 'https://wenming.example.gov.cn/ignored/path' })).publicOrigin).toBe('https://wenming.example.gov.cn');
    expect(settingsFrom(parseEnv({ ...production, DEMO_MODE: 'true' })).publicOrigin).toBeUndefined();
  });

  it('refuses an unknown city time zone at start', () => {
    expect(() => parseEnv({ CITY_TIME_ZONE: 'Mars/Olympus' })).toThrow(/CITY_TIME_ZONE/);
    expect(parseEnv({}).CITY_TIME_ZONE).toBe('Asia/Shanghai');
  });

  it('is, in a demo without PUBLIC_ORIGIN, the address the server listens on, never a request header', () => {
    setListeningOrigin('http://127.0.0.1:43210');
    expect(publicOrigin()).toBe('http://127.0.0.1:43210');
    expect(absoluteUrl('/volunteer/verify?code=ABC')).toBe('http://127.0.0.1:43210/volunteer/verify?code=ABC');
  });
});
