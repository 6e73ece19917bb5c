/**
 * The Redis of the queue tests. `AE_TEST_REDIS_URL` names it (`.ci/run` starts a
 * `redis-server` on 127.0.0.1 and sets it). In CI (`CI` or `AE_TEST_REDIS_URL` set) a Redis
 * that does not answer is a failure, never a skip; elsewhere the tests try
 * redis://127.0.0.1:6379 and are skipped, with the reason printed, when nothing answers there.
 */
import { Redis } from 'ioredis';

/** Where the queue tests find Redis, or why they cannot run. */
export interface TestRedis {
  url?: string;
  /** Why there is none (skipped locally). */
  skipReason?: string;
  /** Why there is none although CI must have one (the tests fail). */
  failReason?: string;
}

async function answers(url: string): Promise<string | undefined> {
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => {});
  try {
    await probe.connect();
    await probe.ping();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    probe.disconnect();
  }
}

export async function findTestRedis(): Promise<TestRedis> {
  const given = process.env.AE_TEST_REDIS_URL;
  const ci = Boolean(process.env.CI) || Boolean(given);
  const url = given || 'redis://127.0.0.1:6379';
  const problem = await answers(url);
  if (!problem) return { url };
  const why = `no Redis answers at ${url} (${problem})`;
  return ci
    ? { failReason: `${why}; in CI, .ci/run starts redis-server and sets AE_TEST_REDIS_URL` }
    : {
        skipReason: `${why}; start one (apt-get install -y redis-server; redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no) or set AE_TEST_REDIS_URL`,
      };
}
