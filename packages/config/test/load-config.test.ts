import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/index.js';

describe('loadConfig', () => {
  it('applies defaults and coerces types', () => {
    const config = loadConfig(['SHARDS', 'API_KEYS', 'WEBHOOK_ALLOW_PRIVATE_NETWORKS', 'REDIS_URL'], {});
    expect(config).toEqual({
      SHARDS: 32,
      API_KEYS: [],
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: false,
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
  });

  it('parses lists and booleans', () => {
    const config = loadConfig(['API_KEYS', 'ALLOW_UNAUTHENTICATED'], {
      API_KEYS: ' a1 , b2,,',
      ALLOW_UNAUTHENTICATED: 'true',
    });
    expect(config.API_KEYS).toEqual(['a1', 'b2']);
    expect(config.ALLOW_UNAUTHENTICATED).toBe(true);
  });

  it('names every bad variable and what it expects', () => {
    expect(() => loadConfig(['SHARDS', 'REDIS_URL'], { SHARDS: 'many', REDIS_URL: 'http://x' })).toThrowError(
      ConfigError,
    );
    try {
      loadConfig(['SHARDS', 'REDIS_URL'], { SHARDS: 'many', REDIS_URL: 'http://x' });
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        'SHARDS must be an integer from 1 to 1024 (got "many")',
        'REDIS_URL must be a redis:// or rediss:// URL (got "http://x")',
      ]);
    }
  });

  it('treats an empty string as unset', () => {
    expect(loadConfig(['PORT'], { PORT: '' }).PORT).toBe(3000);
  });
});
