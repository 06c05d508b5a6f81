-- Schema 8 of the document (src/core/store/migrations.ts): a join request keeps its membership
-- lifetime in seconds (`membershipSeconds`, Keboola's `expirationSeconds`) instead of whole days
-- (`membershipDays`), and pending requests are also filed under one key for the operator's list
-- (the `allPending` index, src/core/join-requests/indexes.ts). Entries are JSON text whose key
-- order the program keeps, so the field is replaced in the text: a reason cannot hold the quoted
-- name followed by a colon (JSON escapes the quotes inside a string). Schema 8 also adds the
-- outbox kinds of the reminder DMs before a time-boxed membership ends and of a project's MFA
-- deadline (membership.expiring, project.mfa-required) and their DM preference
-- (project_reminder): no table changes for those, the version keeps an older program from
-- claiming outbox kinds it cannot deliver.

UPDATE kbc_entries
SET data = regexp_replace(
  data,
  '"membershipDays":(null|[0-9]+)',
  '"membershipSeconds":' || COALESCE((((data::jsonb) ->> 'membershipDays')::bigint * 86400)::text, 'null')
)
WHERE collection = 'joinRequests' AND strpos(data, '"membershipDays":') > 0;

INSERT INTO kbc_index (collection, name, key, sort, id)
SELECT 'joinRequests', 'allPending', '*', (data::jsonb) ->> 'createdAt', id
FROM kbc_entries
WHERE collection = 'joinRequests' AND (data::jsonb) ->> 'status' = 'pending'
ON CONFLICT DO NOTHING;
