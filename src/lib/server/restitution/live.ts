// Who follows which docs live (the restitution slides, over server-sent events): the doc store's
// update hook (registered by createApp) and the vote commands call `notify`; a subscriber hears
// about the docs it follows. One per app instance.

type Listener = () => void;

export class LiveRestitution {
	readonly #byDoc = new Map<string, Set<Listener>>();

	notify(docName: string): void {
		const listeners = this.#byDoc.get(docName);
		if (listeners) for (const l of [...listeners]) l();
	}

	/** Calls `listener` when any of `docNames` changes; returns the unsubscribe function. */
	follow(docNames: readonly string[], listener: Listener): () => void {
		for (const name of docNames) {
			let set = this.#byDoc.get(name);
			if (!set) this.#byDoc.set(name, (set = new Set()));
			set.add(listener);
		}
		return () => {
			for (const name of docNames) {
				const set = this.#byDoc.get(name);
				set?.delete(listener);
				if (set?.size === 0) this.#byDoc.delete(name);
			}
		};
	}
}

/**
 * A server-sent events response that says "change" (at most every `throttleMs`) whenever one of
 * `docNames` changes, with a comment every 25 s to keep proxies from closing it. `stillAllowed`
 * is asked before each message: a revoked link ends the stream.
 */
export function changeStream(live: LiveRestitution, docNames: readonly string[], stillAllowed: () => Promise<boolean> = async () => true, throttleMs = 250): Response {
	let stop = () => {};
	const stream = new ReadableStream<Uint8Array>({
		start(controller) {
			const encoder = new TextEncoder();
			let timer: ReturnType<typeof setTimeout> | null = null;
			let closed = false;
			const close = () => {
				if (closed) return;
				closed = true;
				unfollow();
				clearInterval(keepAlive);
				if (timer) clearTimeout(timer);
				try {
					controller.close();
				} catch {
					/* already closed by the client */
				}
			};
			const send = async () => {
				timer = null;
				if (closed) return;
				if (!(await stillAllowed())) return close();
				controller.enqueue(encoder.encode('event: change\ndata: {}\n\n'));
			};
			const unfollow = live.follow(docNames, () => {
				timer ??= setTimeout(() => void send(), throttleMs);
			});
			const keepAlive = setInterval(() => {
				if (!closed) controller.enqueue(encoder.encode(': en direct\n\n'));
			}, 25_000);
			controller.enqueue(encoder.encode('retry: 3000\nevent: ready\ndata: {}\n\n'));
			stop = close;
		},
		cancel() {
			stop();
		}
	});
	return new Response(stream, {
		headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' }
	});
}
