-- Schema 6 of the document (src/core/store/migrations.ts): accounts, projects, invitations and
-- tokens get a numeric id (`numericId`), 1, 2, 3… per collection in order of creation, filed in
-- the unique `numericId` index; each collection's last number is kept in the `sequences`
-- collection for the next entry (src/core/store/sequences.ts). Entries are JSON text whose key
-- order the program keeps, so the field is spliced in as text rather than rebuilt through jsonb.

CREATE TEMPORARY TABLE kbc_numbering ON COMMIT DROP AS
SELECT collection, id, row_number() OVER (PARTITION BY collection ORDER BY (data::jsonb) ->> 'createdAt', id) AS n
FROM kbc_entries
WHERE collection IN ('accounts', 'projects', 'invitations', 'tokens');

UPDATE kbc_entries e SET data = '{"numericId":' || m.n || ',' || substr(e.data, 2)
FROM kbc_numbering m
WHERE e.collection = m.collection AND e.id = m.id AND left(e.data, 1) = '{' AND e.data <> '{}';

INSERT INTO kbc_unique (collection, name, key, id) SELECT collection, 'numericId', n::text, id FROM kbc_numbering;
INSERT INTO kbc_index (collection, name, key, sort, id) SELECT collection, 'numericId', n::text, '', id FROM kbc_numbering;

-- Only for collections that hold entries: an empty database stays empty (a copy needs one).
INSERT INTO kbc_entries (collection, id, data)
SELECT 'sequences', collection, '{"name":"' || collection || '","last":' || max(n) || '}'
FROM kbc_numbering
GROUP BY collection;
