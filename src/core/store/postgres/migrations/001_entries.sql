-- kbc-account on PostgreSQL: every collection of the domain (see src/core/store/schema.ts) is
-- stored as entries (the JSON text of one entry, validated by the program before every write),
-- and every declared index (src/core/store/indexes.ts) as rows written in the same transaction.
-- Text columns use the "C" collation so that ordering matches the program's (code-unit order
-- for the ASCII and ISO-time values it sorts by).

CREATE TABLE kbc_entries (
  collection text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  -- text, not jsonb: jsonb reorders keys and refuses \u0000, and nothing queries inside an entry.
  data text NOT NULL,
  PRIMARY KEY (collection, id)
);

-- Non-unique indexes: one row per key an entry is filed under, ordered by (sort, id).
CREATE TABLE kbc_index (
  collection text COLLATE "C" NOT NULL,
  name text COLLATE "C" NOT NULL,
  key text COLLATE "C" NOT NULL,
  sort text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  PRIMARY KEY (collection, name, key, sort, id)
);
CREATE INDEX kbc_index_by_entry ON kbc_index (collection, id);

-- Unique indexes (emails, token hashes, promo redemptions per account, Slack users): the
-- primary key is the constraint, so two processes can never both take one key.
CREATE TABLE kbc_unique (
  collection text COLLATE "C" NOT NULL,
  name text COLLATE "C" NOT NULL,
  key text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  PRIMARY KEY (collection, name, key)
);
CREATE INDEX kbc_unique_by_entry ON kbc_unique (collection, id);

-- Facts about the installation, e.g. `key_check`: a check value of the secret key the data is
-- sealed with, so a process started with another key is refused instead of failing later.
CREATE TABLE kbc_meta (
  key text COLLATE "C" PRIMARY KEY,
  value text NOT NULL
);
