export { freePort } from './free-port.js';
export { startRedis, type PrivateRedis, type PrivateRedisOptions } from './redis-server.js';
export { waitFor, type WaitForOptions } from './wait-for.js';
