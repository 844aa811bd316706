import type * as Y from 'yjs';

/**
 * The smallest single edit that turns `from` into `to`: common prefix and suffix kept, the middle
 * replaced. A textarea's input event gives the new whole value; applying only the changed middle
 * keeps what others are typing elsewhere in the same field.
 */
export function textEdit(from: string, to: string): { index: number; remove: number; insert: string } | null {
	if (from === to) return null;
	let start = 0;
	const max = Math.min(from.length, to.length);
	while (start < max && from.charCodeAt(start) === to.charCodeAt(start)) start++;
	let endFrom = from.length;
	let endTo = to.length;
	while (endFrom > start && endTo > start && from.charCodeAt(endFrom - 1) === to.charCodeAt(endTo - 1)) {
		endFrom--;
		endTo--;
	}
	// Never split a surrogate pair (emoji): widen the edit to whole characters.
	if (start > 0 && isHighSurrogate(from.charCodeAt(start - 1))) start--;
	if (endFrom < from.length && isLowSurrogate(from.charCodeAt(endFrom))) {
		endFrom++;
		endTo++;
	}
	return { index: start, remove: endFrom - start, insert: to.slice(start, endTo) };
}

function isHighSurrogate(c: number) {
	return c >= 0xd800 && c <= 0xdbff;
}
function isLowSurrogate(c: number) {
	return c >= 0xdc00 && c <= 0xdfff;
}

/** Makes `text` read `value` with the smallest edit (to be called inside a transaction). */
export function setText(text: Y.Text, value: string): void {
	const edit = textEdit(text.toString(), value);
	if (!edit) return;
	if (edit.remove > 0) text.delete(edit.index, edit.remove);
	if (edit.insert) text.insert(edit.index, edit.insert);
}
