import { randomBytes } from 'node:crypto';
import { RedisBroadcast } from '../../src/lib/server/redis/broadcast.ts';
import { testRedisUrl } from '../helpers/engines.ts';
import { broadcastContract } from './broadcast.contract.ts';

// The Broadcast contract on the run's own redis-server: holders are separate Redis connections
// (as separate processes would be), each fixture under its own key prefix.
broadcastContract('Redis', async () => {
	const prefix = `c${randomBytes(4).toString('hex')}:`;
	return { holder: () => new RedisBroadcast(testRedisUrl(), { prefix }), close: async () => {} };
});
