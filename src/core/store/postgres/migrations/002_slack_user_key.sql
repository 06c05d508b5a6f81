-- Schema 5 of the document (src/core/store/migrations.ts): a Slack user is keyed by enterprise id
-- and user id, or the user id alone (src/core/slack-link/indexes.ts, slackUserKey), no longer by
-- team id and user id. Links made so far carry no enterprise id, so their key becomes the user id.
-- Index rows are derived from entries, so this re-derives the `slackUser` rows of every link.

-- Two links of one user id in different teams would now share a key: the newest one stays.
WITH ranked AS (
  SELECT id, row_number() OVER (
    PARTITION BY (data::jsonb) ->> 'userId'
    ORDER BY (data::jsonb) ->> 'linkedAt' DESC, id
  ) AS n
  FROM kbc_entries
  WHERE collection = 'slackLinks'
), dropped AS (
  DELETE FROM kbc_entries e USING ranked r
  WHERE e.collection = 'slackLinks' AND e.id = r.id AND r.n > 1
  RETURNING e.id
), dropped_index AS (
  DELETE FROM kbc_index i USING dropped d WHERE i.collection = 'slackLinks' AND i.id = d.id
)
DELETE FROM kbc_unique u USING dropped d WHERE u.collection = 'slackLinks' AND u.id = d.id;

DELETE FROM kbc_unique WHERE collection = 'slackLinks' AND name = 'slackUser';
DELETE FROM kbc_index WHERE collection = 'slackLinks' AND name = 'slackUser';

INSERT INTO kbc_unique (collection, name, key, id)
SELECT 'slackLinks', 'slackUser', (data::jsonb) ->> 'userId', id FROM kbc_entries WHERE collection = 'slackLinks';

INSERT INTO kbc_index (collection, name, key, sort, id)
SELECT 'slackLinks', 'slackUser', (data::jsonb) ->> 'userId', '', id FROM kbc_entries WHERE collection = 'slackLinks';
