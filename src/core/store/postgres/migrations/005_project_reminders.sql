-- Schema 8 of the document (src/core/store/migrations.ts): the outbox kinds of the reminder DMs
-- before a time-boxed membership ends and of a project's MFA deadline (membership.expiring,
-- project.mfa-required), and their DM preference (project_reminder). No table changes: the version
-- moves to keep a program of version 4 from claiming outbox kinds it cannot deliver.
SELECT 1;
