import { GroupRefusedError } from '@wildcat/wa';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { logJobFailure } from '../src/control/log-job-failure.js';
import { mapJobError } from '../src/send/send-errors.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

const fields = { jobId: 'j1', accountId: 'acme', action: 'group-participants' };

describe('control job failures in the log', () => {
  it('a refusal the client is told about is one INFO line with the reason and no stack', () => {
    const { logger, lines } = capture();
    const error = new GroupRefusedError(
      'Only group admins can add, remove, promote or demote participants',
      403,
    );
    logJobFailure(logger, error, mapJobError(error), fields);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'control job refused',
      ...fields,
      httpStatus: 403,
      reason: 'Only group admins can add, remove, promote or demote participants',
    });
    expect(JSON.stringify(lines[0])).not.toContain('stack');
  });

  it('an unexpected error keeps its stack at WARN', () => {
    const { logger, lines } = capture();
    const error = new Error('socket exploded');
    logJobFailure(logger, error, mapJobError(error), fields);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, msg: 'control job failed', ...fields });
    expect((lines[0]!.err as { stack: string }).stack).toContain('socket exploded');
  });
});
