/** The values some sandbox switches take (switches.ts), listed for the command line's choices. */

export type RateShape = 'sliding' | 'fixed' | 'bucket';
export const RATE_SHAPES: readonly RateShape[] = ['sliding', 'fixed', 'bucket'];

export type AnswerValues = 'documented' | 'strings' | 'names';
export const ANSWER_VALUES: readonly AnswerValues[] = ['documented', 'strings', 'names'];

export type CreateAnswers = 'record' | 'id' | 'empty';
export type AssignAnswers = 'id' | 'record' | 'empty';
export const CREATE_ANSWERS: readonly CreateAnswers[] = ['record', 'id', 'empty'];
export const ASSIGN_ANSWERS: readonly AssignAnswers[] = ['id', 'record', 'empty'];

export type DateAnswers = 'iso' | 'no-zone' | 'ms-json' | 'london-midnight';
export const DATE_ANSWERS: readonly DateAnswers[] = ['iso', 'no-zone', 'ms-json', 'london-midnight'];

export type TextFilterMode = 'exact' | 'case-sensitive' | 'contains' | 'ignored';
export const TEXT_FILTER_MODES: readonly TextFilterMode[] = ['exact', 'case-sensitive', 'contains', 'ignored'];

/** What `GET FrameworkTemplate/{id}` answers: the contents, or a refusal with one of these statuses. */
export type TemplateDetailAnswer = 'served' | 400 | 403 | 404 | 405 | 500;
export const TEMPLATE_DETAIL_ANSWERS: readonly TemplateDetailAnswer[] = ['served', 400, 403, 404, 405, 500];

export type SessionRefusal = 401 | 400 | 'redirect' | 'page';
export const SESSION_REFUSALS: readonly SessionRefusal[] = [401, 400, 'redirect', 'page'];
