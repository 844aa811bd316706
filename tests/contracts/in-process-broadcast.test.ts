import { InProcessBroadcastHub } from '../../src/lib/server/realtime/in-process-broadcast.ts';
import { broadcastContract } from './broadcast.contract.ts';

broadcastContract('in process', async () => {
	const hub = new InProcessBroadcastHub();
	return { holder: () => hub.holder(), close: async () => {} };
});
