import { join } from 'node:path';
import type { Command } from 'commander';
import { resolveDataDir, type CliContext } from '../context.ts';
import { print, table } from '../output.ts';
import { UsageError } from '../usage-error.ts';

/** The database the global options name; these commands mean nothing for the JSON store. */
function requireDatabaseUrl(ctx: CliContext): string {
  const url = ctx.databaseUrl();
  if (url === undefined) throw new UsageError('this command works on PostgreSQL: pass --database-url URL or set KBC_ACCOUNT_DATABASE_URL');
  return url;
}

/** `kbc-account admin db …`: the PostgreSQL store's schema and moving a JSON store onto it. */
export function registerDbCommands(admin: Command, ctx: CliContext): void {
  const db = admin.command('db').description('PostgreSQL: apply schema migrations, copy a JSON store in');

  db.command('migrate')
    .description('bring the database schema to this version of kbc-account (safe to run again, and from several hosts at once)')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const url = requireDatabaseUrl(ctx);
      const { describeDatabaseUrl, migrateDatabase } = await import('../../core/index.ts');
      const result = await migrateDatabase(url);
      print(ctx.io, options.json, result, () =>
        result.applied.length === 0
          ? `${describeDatabaseUrl(url)} is at schema version ${result.to}: nothing to apply.`
          : `Applied ${result.applied.join(', ')} to ${describeDatabaseUrl(url)}: schema version ${result.from} → ${result.to}.`,
      );
    });

  db.command('copy')
    .description('copy the JSON store of a data directory into an empty, migrated database (KBC_ACCOUNT_SECRET_KEY must be that directory\'s key)')
    .requiredOption('--from <dir>', 'the data directory to copy (its kbc-account.json and journal, read without changing them)')
    .option('--json', 'print JSON')
    .action(async (options: { from: string; json?: boolean }) => {
      const databaseUrl = requireDatabaseUrl(ctx);
      const dataDir = resolveDataDir(options.from, {});
      const { copyFileStoreToDatabase, describeDatabaseUrl, STORE_FILE } = await import('../../core/index.ts');
      const counts = await copyFileStoreToDatabase({ dataDir, storeFile: join(dataDir, STORE_FILE), databaseUrl, env: ctx.io.env });
      print(ctx.io, options.json, { counts }, () =>
        [
          `Copied ${dataDir} into ${describeDatabaseUrl(databaseUrl)}; every count checked:`,
          table(['COLLECTION', 'ENTRIES'], Object.entries(counts).map(([collection, count]) => [collection, String(count)])),
        ].join('\n'),
      );
    });
}
