import { isAccountError, MEMBERSHIP_MAX_DAYS, type AccountError, type AccountSummary, type ErrorCode } from '../../../core/index.ts';
import type { SlackDeps } from '../../context.ts';
import { ACTION, BLOCK } from '../../ids.ts';
import { errorText } from '../../messages.ts';
import { field } from '../../payload.ts';
import { publishHome } from '../../surfaces/home.ts';
import { refreshParentList } from '../../surfaces/parent-list.ts';
import { REQUEST_PROJECT_ID_MAX_LENGTH, requestSentModal } from '../../views/own-join-requests.ts';
import { formSubmission, type FormFlow, type FormOutcome } from './form-submission.ts';

/** A project id as the core makes them (`prj_…`) or its number: anything else names no project. */
const PROJECT_ID = /^[A-Za-z0-9_-]+$/;

/** What the request form carried, or the errors to show on its fields (keyed by block_id). */
type RequestFormInput =
  | { readonly ok: true; readonly project: string; readonly reason: string | null; readonly days: number | null }
  | { readonly ok: false; readonly errors: Record<string, string> };

/**
 * Reads the submitted form. Only what the form itself can get wrong is checked here (no id, an id
 * no project can have, days that are not a whole number); the core judges the reason, the
 * lifetime's range and everything about the project. A value of the wrong type (a forged
 * submission) counts as wrong, never as absent.
 */
function readRequestForm(values: unknown): RequestFormInput {
  const errors: Record<string, string> = {};
  const rawProject = field(values, BLOCK.requestProject, ACTION.requestProject, 'value');
  const project = typeof rawProject === 'string' ? rawProject.trim() : '';
  if (project === '') errors[BLOCK.requestProject] = 'Enter the id of the project you want to join (prj_… or its number).';
  else if (project.length > REQUEST_PROJECT_ID_MAX_LENGTH || !PROJECT_ID.test(project)) {
    errors[BLOCK.requestProject] = 'That is not a project id: an id is prj_… or a number, with letters, digits, _ and - only.';
  }

  const rawReason = field(values, BLOCK.requestReason, ACTION.requestReason, 'value');
  if (rawReason !== undefined && rawReason !== null && typeof rawReason !== 'string') errors[BLOCK.requestReason] = 'The reason must be text.';
  const reason = typeof rawReason === 'string' ? rawReason : null;

  const rawDays = field(values, BLOCK.requestDays, ACTION.requestDays, 'value');
  let days: number | null = null;
  if (typeof rawDays === 'string' && rawDays.trim() !== '') {
    if (/^\d{1,6}$/.test(rawDays.trim())) days = Number(rawDays.trim());
    else errors[BLOCK.requestDays] = `Enter a whole number of days from 1 to ${MEMBERSHIP_MAX_DAYS}, or leave it empty for no end.`;
  } else if (rawDays !== undefined && rawDays !== null && rawDays !== '') {
    errors[BLOCK.requestDays] = `Enter a whole number of days from 1 to ${MEMBERSHIP_MAX_DAYS}, or leave it empty for no end.`;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, project, reason, days };
}

/** Words for the project field, in the requester's terms (the shared catalogue speaks to admins for some). */
const PROJECT_FIELD_TEXT: Partial<Record<ErrorCode, string>> = {
  PROJECT_NOT_FOUND: 'No project has that id. Check it with a project admin.',
  ALREADY_MEMBER: 'You are already a member of that project (/kbc projects lists yours).',
};

/** Core errors shown on a field, by block_id; null: not a field's error. */
function fieldOf(error: AccountError): string | null {
  switch (error.code) {
    case 'PROJECT_NOT_FOUND':
    case 'ALREADY_MEMBER':
    case 'ALREADY_INVITED':
    case 'JOIN_REQUEST_DUPLICATE':
    case 'PROJECT_MFA_REQUIRED':
      return BLOCK.requestProject;
    case 'INVALID_INPUT':
      if (error.details['field'] === 'reason') return BLOCK.requestReason;
      if (error.details['field'] === 'membershipDays') return BLOCK.requestDays;
      return null;
    default:
      return null;
  }
}

/** The words of a field error: the core's own sentence for a bad value (it names the rule, never echoes the input). */
function fieldText(error: AccountError): string {
  if (error.code === 'INVALID_INPUT') return error.message;
  if (error.code === 'PROJECT_MFA_REQUIRED') {
    const name = typeof error.details['projectName'] === 'string' ? error.details['projectName'] : 'That project';
    return `${name} requires multi-factor authentication. Enable it in the dashboard (Account & Security), then ask again.`;
  }
  return PROJECT_FIELD_TEXT[error.code] ?? errorText(error, 'plain');
}

async function requestAccess(deps: SlackDeps, account: AccountSummary, view: unknown): Promise<FormOutcome> {
  const input = readRequestForm(field(view, 'state', 'values'));
  if (!input.ok) return { kind: 'errors', errors: input.errors };
  const { core } = deps;
  try {
    // The id or the number the Management API shows: the core reads either.
    const request = await core.joinRequests.request(account.id, { projectId: input.project, reason: input.reason, membershipDays: input.days }, { via: 'slack' });
    return {
      kind: 'view',
      view: requestSentModal(request),
      after: async (client, user) => {
        await publishHome(deps, client, user);
        // Sent from the form pushed over `/kbc requests`: that list shows the new request on the way back.
        await refreshParentList(deps, client, account, view);
      },
    };
  } catch (error) {
    if (!isAccountError(error)) throw error;
    const block = fieldOf(error);
    if (!block) throw error;
    return { kind: 'errors', errors: { [block]: fieldText(error) } };
  }
}

const REQUEST: FormFlow = { doing: 'asking to join a project', title: 'Ask to join a project', run: requestAccess };

/** Submission of `/kbc request-access`: see `formSubmission`. */
export function requestAccessSubmit(deps: SlackDeps) {
  return formSubmission(deps, REQUEST);
}
