export { ffmpegImage, ffmpegTone, probeImage } from './ffmpeg-fixtures.js';
export { freePort, freePorts } from './free-port.js';
export { lateBound } from './late-bound.js';
export { inspectMongo, type MongoInspector } from './mongo-inspector.js';
export { type PrivateRedisCluster, type RedisEnv, startRedisCluster } from './redis-cluster.js';
export { type PrivateRedisSentinel, SENTINEL_NAME, startRedisSentinel } from './redis-sentinel.js';
export { type PrivateRedis, type PrivateRedisOptions, startRedis } from './redis-server.js';
export { type WaitForOptions, waitFor } from './wait-for.js';
