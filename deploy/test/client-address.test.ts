import { afterAll, describe, expect, it } from 'vitest';
import { envExample, readText } from './helpers.js';
import { find, removeWorkdir, renders } from './k8s-helpers.js';

afterAll(removeWorkdir);

// The failed-auth throttle and the per-address stream cap count the client's address. Behind one
// proxy hop that appends it (nginx in compose, the Ingress controller in Kubernetes) the
// connection's address is the proxy's: every client would share one budget, and 20 wrong keys
// from anyone would lock everyone out.
describe('the gateways count the client address, not the proxy’s', () => {
  it('compose: nginx appends X-Forwarded-For and the gateways trust one hop', () => {
    expect(readText('deploy/nginx/nginx.conf')).toMatch(
      /proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;/,
    );
    expect(envExample().TRUST_PROXY).toBe('1');
  });

  it.each(Object.entries(renders))(
    '%s Kubernetes: the gateways behind the Ingress trust one hop',
    (_, objects) => {
      const data = find(objects, 'ConfigMap', 'wildcat-config').data as Record<string, string>;
      expect(data.TRUST_PROXY).toBe('1');
    },
  );
});
