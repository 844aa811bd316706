import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { BoardPhase, BoardTemplate, ProjectRole, WorkshopPhase } from '../../domain/vocabulary.ts';
import type { FicheStatus } from '../../domain/fiche.ts';
import type { StepState } from '../../domain/suivi.ts';
import type { BilanOutcome } from '../../domain/bilan.ts';

export interface UsersTable {
	id: Generated<number>;
	email: string;
	display_name: string;
	password_hash: string;
	is_admin: number;
	created_at: number;
}

export interface AccountLinksTable {
	id: string;
	kind: 'setup' | 'invitation' | 'reset';
	email: string | null;
	user_id: number | null;
	project_id: number | null;
	role: string | null;
	created_by: number | null;
	created_at: number;
	expires_at: number;
	used_at: number | null;
}

export interface SessionsTable {
	id: string;
	user_id: number;
	expires_at: number;
	created_at: number;
}

export interface ProjectsTable {
	id: Generated<number>;
	name: string;
	departement: string;
	territory: string;
	period_start: number;
	period_end: number;
	created_by: number | null;
	created_at: number;
	archived_at: number | null;
}

/** A project's settings for the clustering suggestions (see the migration's comments). */
export interface ProjectSuggestionSettingsTable {
	project_id: number;
	vocabulary: Generated<string>;
	semantic_enabled: Generated<number>;
	updated_by: number | null;
	updated_at: number;
}

export interface ProjectAxesTable {
	id: Generated<number>;
	project_id: number;
	code: string;
	label: string;
	position: number;
}

export interface ProjectMembersTable {
	project_id: number;
	user_id: number;
	role: ProjectRole;
	created_at: number;
}

export interface WorkshopsTable {
	id: Generated<number>;
	project_id: number;
	title: string;
	date: string | null;
	place: string;
	phase: WorkshopPhase;
	join_code: string;
	joining_open: number;
	/** Set when a facilitator reopens joining: the later of it and the date's deadline closes joining. */
	joining_until: number | null;
	position: number;
	created_at: number;
	archived_at: number | null;
	current_round: Generated<number>;
	timer_ends_at: number | null;
	timer_paused_remaining_ms: number | null;
	timer_stops_writing: Generated<number>;
	focus_board_id: number | null;
}

export interface BoardsTable {
	id: Generated<number>;
	workshop_id: number;
	theme: string;
	template: BoardTemplate;
	position: number;
	created_at: number;
	archived_at: number | null;
	phase: Generated<BoardPhase>;
	private_writing: Generated<number>;
	anonymous: Generated<number>;
	locked: Generated<number>;
	participants_can_group: Generated<number>;
	vote_budget: Generated<number>;
	vote_cap: number | null;
	votes_hidden: Generated<number>;
}

export interface PrivateNotesTable {
	board_id: number;
	note_id: string;
	participant_id: number;
	text: string;
	column_id: string;
	colour: string;
	round: number | null;
	group_name: string | null;
	created_at: number;
	anonymous: Generated<number>;
}

export interface GroupsTable {
	id: Generated<number>;
	workshop_id: number;
	name: string;
	position: number;
}

export interface GroupMembersTable {
	group_id: number;
	participant_id: number;
}

export interface VotesTable {
	id: Generated<number>;
	board_id: number;
	participant_id: number;
	target_id: string;
	created_at: number;
}

export interface ParticipantsTable {
	id: Generated<number>;
	workshop_id: number;
	display_name: string;
	organisation: string;
	created_at: number;
	/** SHA-256 of the personal resume code (shown once after joining). */
	resume_code_hash: string | null;
}

export interface ParticipantSessionsTable {
	id: string;
	participant_id: number;
	expires_at: number;
	created_at: number;
}

export interface DocUpdatesTable {
	id: Generated<number>;
	doc_name: string;
	data: Uint8Array;
	created_at: number;
	user_id: number | null;
	participant_id: number | null;
}

export interface CommandsTable {
	id: string;
	participant_id: number;
	board_id: number;
	type: string;
	note_id: string | null;
	created_at: number;
}

export interface NoteOwnersTable {
	board_id: number;
	note_id: string;
	participant_id: number | null;
	user_id: number | null;
	created_at: number;
}

/** A note removed from a board, with its text as it was (the facilitator's journal). */
export interface NoteDeletionsTable {
	id: Generated<number>;
	board_id: number;
	note_id: string;
	text: string;
	column_id: string;
	author_name: string | null;
	organisation: string | null;
	/** Who deleted it: a facilitator (user) or the note's author (participant). */
	user_id: number | null;
	participant_id: number | null;
	/** 1: neither the author nor a participant who deleted it is ever named. */
	anonymous: number;
	deleted_at: number;
}

/** Who sent which accepted update, kept when compaction folds the update itself away. */
export interface DocUpdateTrailTable {
	id: number;
	doc_name: string;
	bytes: number;
	user_id: number | null;
	participant_id: number | null;
	created_at: number;
}

export interface DocSnapshotsTable {
	doc_name: string;
	data: Uint8Array;
	last_update_id: number;
	updated_at: number;
	/** Yjs update encoding of `data`: 1 (the wire's) or 2 (what compaction writes). */
	format: Generated<number>;
}

export interface AuditLogTable {
	id: Generated<number>;
	at: number;
	user_id: number | null;
	participant_id: number | null;
	action: string;
	subject: string;
	detail: string | null;
}

/** A project's charte graphique for its documents (issue 18). */
export interface ProjectChartesTable {
	project_id: number;
	/** PNG or JPEG bytes (an uploaded SVG is stored rendered to PNG). */
	logo: Uint8Array | null;
	logo_type: 'png' | 'jpg' | null;
	logo_width: number | null;
	logo_height: number | null;
	/** Headings' colour, '#RRGGBB'. */
	colour: string | null;
	/** A Word template's styles.xml and theme (docx-template.ts), and its file's name. */
	template_styles: string | null;
	template_theme: string | null;
	template_name: string | null;
	updated_at: number;
}

export interface FichesTable {
	id: Generated<number>;
	project_id: number;
	number: number | null;
	axis: string | null;
	status: Generated<FicheStatus>;
	status_reason: string | null;
	status_changed_at: number | null;
	status_changed_by: string | null;
	title: Generated<string>;
	porteur: Generated<string>;
	lieu: Generated<string>;
	period_start: string | null;
	period_end: string | null;
	/** 1 when a planning phrase was not understood: the period above may be wider. */
	period_incomplete: Generated<number>;
	source_board_id: number | null;
	source_cluster_id: string | null;
	votes: number | null;
	vote_rank: number | null;
	created_by: number | null;
	created_at: number;
	updated_at: number;
	projected_at: Generated<number>;
	/** JSON of the doc's FicheContent (fields and planning), kept by the projection. */
	content: Generated<string>;
	archived_at: number | null;
}

export interface FichesFtsTable {
	rowid: number;
	title: string;
	body: string;
}

export interface FicheStatusHistoryTable {
	id: Generated<number>;
	fiche_id: number;
	from_status: string | null;
	to_status: FicheStatus;
	reason: string | null;
	by_name: string;
	at: number;
}

export interface FicheVersionsTable {
	id: Generated<number>;
	fiche_id: number;
	reason: string;
	by_name: string | null;
	state: Uint8Array;
	created_at: number;
}

export interface FicheInvitesTable {
	id: Generated<number>;
	fiche_id: number;
	token_hash: string;
	name: string;
	organisation: string;
	created_by: number | null;
	created_at: number;
	expires_at: number;
	revoked_at: number | null;
}

export interface RestitutionLinksTable {
	id: Generated<number>;
	workshop_id: number;
	token_hash: string;
	created_by: number | null;
	created_at: number;
	revoked_at: number | null;
	/** The end of the day chosen when the link was made (RGPD: a public link does not last forever). */
	expires_at: number | null;
}

// The suivi of a plan (issue 17; see migrations/2026-12-07T18-00-00_suivi.ts).
export interface SuiviLinksTable {
	id: Generated<number>;
	project_id: number;
	porteur: string;
	token_hash: string;
	created_by: number | null;
	created_at: number;
	expires_at: number;
	revoked_at: number | null;
	last_used_at: number | null;
}
export interface SuiviLinkFichesTable {
	link_id: number;
	fiche_id: number;
}
export interface SuiviStepEventsTable {
	id: Generated<number>;
	fiche_id: number;
	row_id: string;
	state: StepState;
	reason: string | null;
	done_phrase: string | null;
	done_start: string | null;
	done_end: string | null;
	report_phrase: string | null;
	by_name: string;
	by_user_id: number | null;
	by_invite_id: number | null;
	by_link_id: number | null;
	at: number;
}
export interface SuiviIndicatorValuesTable {
	id: Generated<number>;
	fiche_id: number;
	indicator: string;
	year: number;
	value: number | null;
	by_name: string;
	by_user_id: number | null;
	by_invite_id: number | null;
	by_link_id: number | null;
	at: number;
}
export interface BilanEntriesTable {
	fiche_id: number;
	outcome: BilanOutcome;
	reason: string | null;
	success: Generated<number>;
	success_text: string | null;
	by_name: string;
	at: number;
}
export interface BilanSettingsTable {
	project_id: number;
	/** JSON array of strings. */
	reasons: string;
	updated_at: number;
}
export interface ProjectSuccessionsTable {
	project_id: number;
	previous_project_id: number;
	created_at: number;
}
export interface FicheCarryOversTable {
	fiche_id: number;
	from_fiche_id: number;
}

export interface Database {
	users: UsersTable;
	account_links: AccountLinksTable;
	sessions: SessionsTable;
	projects: ProjectsTable;
	project_axes: ProjectAxesTable;
	project_suggestion_settings: ProjectSuggestionSettingsTable;
	project_members: ProjectMembersTable;
	workshops: WorkshopsTable;
	boards: BoardsTable;
	participants: ParticipantsTable;
	participant_sessions: ParticipantSessionsTable;
	doc_updates: DocUpdatesTable;
	doc_snapshots: DocSnapshotsTable;
	note_deletions: NoteDeletionsTable;
	doc_update_trail: DocUpdateTrailTable;
	audit_log: AuditLogTable;
	commands: CommandsTable;
	note_owners: NoteOwnersTable;
	private_notes: PrivateNotesTable;
	groups: GroupsTable;
	group_members: GroupMembersTable;
	votes: VotesTable;
	fiches: FichesTable;
	project_chartes: ProjectChartesTable;
	fiches_fts: FichesFtsTable;
	fiche_status_history: FicheStatusHistoryTable;
	fiche_versions: FicheVersionsTable;
	fiche_invites: FicheInvitesTable;
	restitution_links: RestitutionLinksTable;
	suivi_links: SuiviLinksTable;
	suivi_link_fiches: SuiviLinkFichesTable;
	suivi_step_events: SuiviStepEventsTable;
	suivi_indicator_values: SuiviIndicatorValuesTable;
	bilan_entries: BilanEntriesTable;
	bilan_settings: BilanSettingsTable;
	project_successions: ProjectSuccessionsTable;
	fiche_carry_overs: FicheCarryOversTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type Project = Selectable<ProjectsTable>;
export type ProjectUpdate = Updateable<ProjectsTable>;
export type Axis = Selectable<ProjectAxesTable>;
export type Workshop = Selectable<WorkshopsTable>;
export type Board = Selectable<BoardsTable>;
export type Participant = Selectable<ParticipantsTable>;
