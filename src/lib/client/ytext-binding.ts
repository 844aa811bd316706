import type * as Y from 'yjs';
import { setText } from '$lib/docs/text-diff';

// Binds a <textarea> or <input> to a Y.Text: what the user types becomes the smallest edit of
// the shared text, and what others type appears without moving this user's caret.

export interface BindingOptions {
	text: Y.Text;
	origin: object;
	readOnly?: boolean;
}

/**
 * Where an index of the old text lands after a remote change (Yjs delta: retain / insert /
 * delete, in the old text's coordinates). An insert exactly at the caret stays after it.
 */
export function shiftIndex(index: number, delta: readonly { retain?: number; insert?: unknown; delete?: number }[]): number {
	let pos = 0;
	let out = index;
	for (const op of delta) {
		if (pos >= index) break;
		if (op.retain) pos += op.retain;
		else if (typeof op.insert === 'string') out += op.insert.length;
		else if (op.delete) {
			out -= Math.min(op.delete, index - pos);
			pos += op.delete;
		}
	}
	return out;
}

export function ytextarea(node: HTMLTextAreaElement | HTMLInputElement, options: BindingOptions) {
	let { text, origin } = options;
	node.value = text.toString();

	const onInput = () => {
		if (options.readOnly) {
			node.value = text.toString();
			return;
		}
		text.doc!.transact(() => setText(text, node.value), origin);
	};
	const observer = (event: Y.YTextEvent, tr: Y.Transaction) => {
		if (tr.origin === origin && node.value === text.toString()) return;
		const focused = document.activeElement === node;
		const start = node.selectionStart ?? 0;
		const end = node.selectionEnd ?? 0;
		node.value = text.toString();
		if (focused) {
			const delta = event.delta as { retain?: number; insert?: unknown; delete?: number }[];
			node.setSelectionRange(shiftIndex(start, delta), shiftIndex(end, delta));
		}
		node.dispatchEvent(new CustomEvent('yremote'));
	};
	node.addEventListener('input', onInput);
	text.observe(observer);
	return {
		update(next: BindingOptions) {
			if (next.text !== text) {
				text.unobserve(observer);
				text = next.text;
				origin = next.origin;
				node.value = text.toString();
				text.observe(observer);
			}
			options = next;
		},
		destroy() {
			node.removeEventListener('input', onInput);
			text.unobserve(observer);
		}
	};
}
