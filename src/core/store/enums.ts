/**
 * The closed sets of names the schema's enums are made of, apart from zod, so that a front end can
 * show them (in `--help`, say) without loading the schema (see src/core/constants.ts).
 */

/** A member's role in a project, from the most powerful to the least. */
export const ROLES = ['admin', 'guest', 'readOnly', 'share'] as const;

/** What a notification is about. */
export const NOTIFICATION_KINDS = ['announcement', 'deprecation', 'migration', 'limit'] as const;
