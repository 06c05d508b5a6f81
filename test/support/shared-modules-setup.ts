import { afterAll, afterEach } from 'vitest';
import { closeOpenedStores, removeTempDataDirs } from './core.ts';

/*
 * A setup file for the projects whose test files share one module graph per worker (`isolate:
 * false`): core.ts registers its clean-up hooks when it is first loaded, that is for the first
 * test file only, so they are registered again here, where vitest runs them for every file.
 * Running one twice is harmless (each empties its list).
 */
afterEach(removeTempDataDirs);
afterAll(closeOpenedStores);
