import type { Pool } from 'undici';

/** The text send of request `i`: one of 1,000 numbers outside the sandbox (the send alone). */
export const textSendBody = (i: number) =>
  JSON.stringify({ to: `1999${String(i % 1000).padStart(7, '0')}@s.whatsapp.net`, message: `m${i}` });

/**
 * Request `i` of an open-loop run: a `wait=true` text send from account `ids[i % n]`; resolves
 * whether the worker answered 200 (sent).
 */
export function waitingSend(pool: Pool, headers: Record<string, string>, ids: readonly string[]) {
  return async (i: number): Promise<boolean> => {
    const response = await pool.request({
      method: 'POST',
      path: `/accounts/${ids[i % ids.length]}/message/send`,
      headers,
      body: textSendBody(i),
    });
    await response.body.dump();
    return response.statusCode === 200;
  };
}
