import * as v from 'valibot';
import { suggestClusters, type ClusterInput, type ClusterSuggestion } from '../../domain/clustering.ts';
import type { Vocabulary } from '../../domain/french-text.ts';
import { MAX_LABEL_LENGTH } from '../../domain/cluster-labels.ts';

// Optional semantic help for the suggestions: an OpenAI-compatible endpoint that the département
// trusts (a self-hosted model server, a public-sector API), configured by the administrator and
// used only for the projects that enabled it, because the notes' texts are sent there. Embeddings
// sharpen the similarity, a chat model proposes labels; any failure falls back to the local method.
//
//   SEMANTIC_API_URL          base URL, e.g. http://llm.interne:8000/v1 (…/embeddings, …/chat/completions)
//   SEMANTIC_API_KEY          sent as "Authorization: Bearer …" (optional for a local server)
//   SEMANTIC_EMBEDDING_MODEL  model name for /embeddings (required)
//   SEMANTIC_CHAT_MODEL       model name for /chat/completions (optional: without it, local labels)

export interface SemanticConfig {
	url: string;
	host: string;
	apiKey: string | null;
	embeddingModel: string;
	chatModel: string | null;
	timeoutMs: number;
}

export function semanticConfig(env: NodeJS.ProcessEnv = process.env): SemanticConfig | null {
	const raw = env.SEMANTIC_API_URL?.trim();
	const embeddingModel = env.SEMANTIC_EMBEDDING_MODEL?.trim();
	if (!raw || !embeddingModel) return null;
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		return null;
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
	return {
		url: url.href.replace(/\/+$/, ''),
		host: url.host,
		apiKey: env.SEMANTIC_API_KEY?.trim() || null,
		embeddingModel,
		chatModel: env.SEMANTIC_CHAT_MODEL?.trim() || null,
		timeoutMs: 20_000
	};
}

export class SemanticError extends Error {
	/** 502: the endpoint failed; 413: too many notes to send. */
	constructor(
		message: string,
		readonly status: 413 | 502 = 502
	) {
		super(message);
	}
}

const embeddingsAnswer = v.object({
	data: v.array(v.object({ index: v.optional(v.number()), embedding: v.pipe(v.array(v.number()), v.minLength(1), v.maxLength(16_384)) }))
});
const chatAnswer = v.object({ choices: v.pipe(v.array(v.object({ message: v.object({ content: v.string() }) })), v.minLength(1)) });

async function call<T>(config: SemanticConfig, path: string, body: unknown, schema: v.GenericSchema<unknown, T>): Promise<T> {
	let res: Response;
	try {
		res = await fetch(`${config.url}${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}) },
			body: JSON.stringify(body),
			signal: AbortSignal.timeout(config.timeoutMs)
		});
	} catch {
		throw new SemanticError(`Le service sémantique (${config.host}) ne répond pas.`);
	}
	if (!res.ok) throw new SemanticError(`Le service sémantique (${config.host}) a répondu ${res.status}.`);
	const parsed = v.safeParse(schema, await res.json().catch(() => null));
	if (!parsed.success) throw new SemanticError(`Réponse illisible du service sémantique (${config.host}).`);
	return parsed.output;
}

/** One embedding per text, in order. */
export async function embedTexts(config: SemanticConfig, texts: string[]): Promise<number[][]> {
	const answer = await call(config, '/embeddings', { model: config.embeddingModel, input: texts }, embeddingsAnswer);
	if (answer.data.length !== texts.length) throw new SemanticError(`Réponse incomplète du service sémantique (${config.host}).`);
	const ordered = [...answer.data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
	return ordered.map((d) => d.embedding);
}

const LABEL_PROMPT =
	'Tu aides l’animatrice d’un atelier de diagnostic social de territoire. Pour chaque groupe de contributions, ' +
	'propose un intitulé français court (3 à 7 mots, sans point final, sans guillemets), comme « Isolement des personnes âgées ». ' +
	'Réponds par une ligne par groupe, dans l’ordre, au format « numéro. intitulé ».';

/** A label per group from the chat model; `null` where the model gave nothing usable. */
export async function labelGroups(config: SemanticConfig, groups: string[][]): Promise<(string | null)[]> {
	if (!config.chatModel || groups.length === 0) return groups.map(() => null);
	const user = groups.map((texts, i) => `${i + 1}. ${texts.map((t) => t.replace(/\s+/g, ' ').slice(0, 300)).join(' | ')}`).join('\n');
	const answer = await call(config, '/chat/completions', { model: config.chatModel, temperature: 0, messages: [{ role: 'system', content: LABEL_PROMPT }, { role: 'user', content: user }] }, chatAnswer);
	const labels: (string | null)[] = groups.map(() => null);
	for (const line of answer.choices[0].message.content.split(/\r?\n/)) {
		const m = /^\s*(\d+)\s*[.)-]\s*(.+?)\s*$/.exec(line);
		if (!m) continue;
		const index = Number(m[1]) - 1;
		// Model output is untrusted: one plain line of text, not too long, no markup.
		const label = m[2].replace(/^[«"“'\s]+|[»"”'\s.]+$/g, '').replace(/[<>`*_#]/g, '').trim();
		if (index >= 0 && index < groups.length && label.length >= 3 && label.length <= MAX_LABEL_LENGTH) labels[index] = label.charAt(0).toUpperCase() + label.slice(1);
	}
	return labels;
}

/** Most notes sent at once: the pairs of embeddings are compared on the server's main thread. */
export const MAX_SEMANTIC_NOTES = 400;

export interface SemanticSuggestions {
	suggestions: (ClusterSuggestion & { labelSource: 'modele' | 'local' })[];
}

/** Suggestions with embeddings and model labels; throws `SemanticError` when the endpoint fails. */
export async function semanticSuggestions(config: SemanticConfig, notes: ClusterInput[], vocabulary?: Vocabulary): Promise<SemanticSuggestions> {
	const withText = notes.filter((n) => n.text.trim());
	if (withText.length < 2) return { suggestions: [] };
	if (withText.length > MAX_SEMANTIC_NOTES)
		throw new SemanticError(`Trop de contributions non regroupées pour l’aide sémantique (${withText.length}, ${MAX_SEMANTIC_NOTES} au plus) : regroupez-en d’abord quelques-unes.`, 413);
	const vectors = await embedTexts(config, withText.map((n) => n.text));
	const embeddings = new Map(withText.map((n, i) => [n.id, vectors[i]]));
	const local = suggestClusters(notes, { sameColumnOnly: true, vocabulary, embeddings });
	const byId = new Map(notes.map((n) => [n.id, n.text]));
	// Labels are a bonus: a failing chat model leaves the local labels.
	const labels = await labelGroups(
		config,
		local.map((s) => s.noteIds.map((id) => byId.get(id) ?? ''))
	).catch(() => local.map(() => null));
	return { suggestions: local.map((s, i) => ({ ...s, label: labels[i] ?? s.label, labelSource: labels[i] ? 'modele' : 'local' })) };
}
