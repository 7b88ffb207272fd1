import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { startHealthServer } from '../src/health/health-server.js';

describe('session worker health server', () => {
  it('binds to the configured address (HEALTH_HOST), not every interface', async () => {
    // 127.0.0.2 is loopback too, but another address: a server on every interface answers both.
    const health = await startHealthServer(
      0,
      { ready: async () => ({ leases: true }), registry: new Registry() },
      '127.0.0.2',
    );
    try {
      const at = (host: string) =>
        fetch(`http://${host}:${health.port}/healthz`).then(
          (response) => response.status,
          () => 'refused',
        );
      expect(await at('127.0.0.2')).toBe(200);
      expect(await at('127.0.0.1')).toBe('refused');
    } finally {
      await health.close();
    }
  });
});
