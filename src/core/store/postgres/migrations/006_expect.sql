-- kbc_expect: the check that lets a transaction start from entries read before it began
-- (TransactOptions.known, e.g. a sign-in's reads before argon2) and still cost one round trip.
-- It locks the entries that exist, then compares each with the SHA-256 of the text it was read
-- as (NULL: it was missing). When one changed meanwhile, it raises serialization_failure: the
-- transaction writes nothing and the program runs it again with fresh reads. Each statement of
-- the function sees what was committed when it began (READ COMMITTED), so the comparison sees
-- the newest version of every row the first statement waited for.

CREATE FUNCTION kbc_expect(collections text[], ids text[], digests text[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM kbc_entries e WHERE (e.collection, e.id) IN (SELECT * FROM unnest(collections, ids)) FOR UPDATE;
  IF EXISTS (
    SELECT 1 FROM unnest(collections, ids, digests) AS x(collection, id, digest)
    LEFT JOIN kbc_entries e ON e.collection = x.collection AND e.id = x.id
    WHERE x.digest IS DISTINCT FROM encode(sha256(convert_to(e.data, 'UTF8')), 'hex')
  ) THEN
    RAISE EXCEPTION 'an entry this transaction read before it began changed meanwhile' USING ERRCODE = 'serialization_failure';
  END IF;
END
$$;
