import { describe, expect, it } from 'vitest';
import { MAX_SEMANTIC_NOTES, SemanticError, semanticConfig, semanticSuggestions } from './semantic.service.ts';

describe('semantic help: configuration and bounds', () => {
	it('[SG7] is off unless the administrator sets an http(s) URL and an embedding model', () => {
		expect(semanticConfig({})).toBeNull();
		expect(semanticConfig({ SEMANTIC_API_URL: 'http://llm.interne:8000/v1' })).toBeNull();
		expect(semanticConfig({ SEMANTIC_API_URL: 'pas une adresse', SEMANTIC_EMBEDDING_MODEL: 'm' })).toBeNull();
		expect(semanticConfig({ SEMANTIC_API_URL: 'file:///etc/passwd', SEMANTIC_EMBEDDING_MODEL: 'm' })).toBeNull();
		expect(semanticConfig({ SEMANTIC_API_URL: 'https://ia.ain.fr/v1/', SEMANTIC_EMBEDDING_MODEL: 'bge-m3', SEMANTIC_API_KEY: ' k ' })).toEqual({
			url: 'https://ia.ain.fr/v1',
			host: 'ia.ain.fr',
			apiKey: 'k',
			embeddingModel: 'bge-m3',
			chatModel: null,
			timeoutMs: 20_000
		});
	});

	it('[SG7] refuses more notes than it may compare, before sending anything', async () => {
		// An address nothing listens on: reaching it would fail differently.
		const config = semanticConfig({ SEMANTIC_API_URL: 'http://127.0.0.1:9/v1', SEMANTIC_EMBEDDING_MODEL: 'm' })!;
		const notes = Array.from({ length: MAX_SEMANTIC_NOTES + 1 }, (_, i) => ({ id: `n${i}`, text: `Contribution ${i}` }));
		const refused = await semanticSuggestions(config, notes).catch((e: unknown) => e);
		expect(refused).toBeInstanceOf(SemanticError);
		expect(refused).toMatchObject({ status: 413, message: 'Trop de contributions non regroupées pour l’aide sémantique (401, 400 au plus) : regroupez-en d’abord quelques-unes.' });
		await expect(semanticSuggestions(config, notes.slice(0, 3))).rejects.toThrow(/ne répond pas/);
		expect(await semanticSuggestions(config, notes.slice(0, 1))).toEqual({ suggestions: [] });
	});
});
