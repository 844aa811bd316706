/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, version } from '$service-worker';

// Keeps the app shell and the pages a participant visited available offline, so a phone that
// reloads a board while the venue's Wi-Fi is down still shows it (with its IndexedDB cache and
// outbox). Pages are network-first: the cache only answers when the network does not.
const sw = self as unknown as ServiceWorkerGlobalScope;
const SHELL = `shell-${version}`;
const PAGES = 'pages';

sw.addEventListener('install', (event) => {
	event.waitUntil(caches.open(SHELL).then((c) => c.addAll([...build, ...files])).then(() => sw.skipWaiting()));
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		caches
			.keys()
			.then((keys) => Promise.all(keys.filter((k) => k !== SHELL && k !== PAGES).map((k) => caches.delete(k))))
			.then(() => sw.clients.claim())
	);
});

const shellAssets = new Set([...build, ...files]);

sw.addEventListener('fetch', (event) => {
	const req = event.request;
	if (req.method !== 'GET') return;
	const url = new URL(req.url);
	if (url.origin !== sw.location.origin || url.pathname.startsWith('/sync/') || url.pathname.startsWith('/api/')) return;

	if (shellAssets.has(url.pathname)) {
		event.respondWith(caches.match(req).then((hit) => hit ?? fetch(req)));
		return;
	}
	// Pages and their data: network first, remembered for offline use.
	const isPage = req.mode === 'navigate' || url.pathname.endsWith('/__data.json');
	if (!isPage) return;
	event.respondWith(
		(async () => {
			try {
				const res = await fetch(req);
				if (res.ok && res.type === 'basic') {
					const copy = res.clone();
					void caches.open(PAGES).then((c) => c.put(req, copy));
				}
				return res;
			} catch (e) {
				const hit = await caches.match(req, { ignoreVary: true });
				if (hit) return hit;
				throw e;
			}
		})()
	);
});
