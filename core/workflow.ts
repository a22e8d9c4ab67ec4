/**
 * The case workflow of the model CHP: logging, the state machine over `Case.status` with its guards,
 * and the audit trail. Pure: no I/O; callers persist the returned case.
 */
export type { NewCaseInput, ActionContext, CaseAction, CaseActionType, CorrespondenceVia, DetailChanges } from './workflow/types';
export { CASE_ACTION_TYPES } from './workflow/types';
export { logCase, applyAction } from './workflow/apply';
export { availableActions, checkAllowed, CONSEQUENTIAL_ACTIONS, OPEN_STATUSES, STAGE2_OPEN_STATUSES } from './workflow/guards';
export { checkAttachmentSource, findCaseMessage, isMessageOf, type CopiedAttachment, type MessageIds } from './workflow/messages';
export { escalationWindowEnds, spsoReferralWindowEnds } from './workflow/time-limits';
