import { installTestRoot } from '@wildcat/wa-test-peer';

/**
 * Preloaded (`--import`) into a session-worker child process: makes the Baileys instance the
 * worker loads trust the local peer's noise root, passed as `--wa-test-root=<base64>` (argv, not
 * an environment variable: this is test wiring, not product configuration).
 */
const flag = process.argv.find((arg) => arg.startsWith('--wa-test-root='));
if (flag) installTestRoot(Buffer.from(flag.slice('--wa-test-root='.length), 'base64'));
