import { fail } from '@sveltejs/kit';
import { axesSchema, parse, projectSchema, formToObject } from '$lib/domain/schemas';

/** Reads the project form (fields + repeated axisCode/axisLabel rows). */
export function readProjectForm(form: FormData) {
	const raw = formToObject(form);
	const codes = form.getAll('axisCode').map(String);
	const labels = form.getAll('axisLabel').map(String);
	const axesRaw = codes.map((code, i) => ({ code, label: labels[i] ?? '' }));
	const values = { ...raw, axes: axesRaw };
	const project = parse(projectSchema, raw);
	if (!project.ok) return { ok: false as const, failure: fail(400, { message: project.message, fields: project.fields, values }) };
	const axes = parse(axesSchema, axesRaw);
	if (!axes.ok) {
		return { ok: false as const, failure: fail(400, { message: axes.message, fields: { axes: axes.message }, values }) };
	}
	return { ok: true as const, project: project.data, axes: axes.data };
}
