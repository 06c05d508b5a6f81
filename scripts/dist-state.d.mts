/** Types of scripts/dist-state.mjs (plain JavaScript: the bin loads it without tsx). */
export declare const CHECKED_BUILD_ENV: 'KBC_ACCOUNT_DIST_CHECKED';
export declare function readBuild(root: URL): { sourcesReadAt: number; id: string | null } | null;
export declare function sourcesChangedSince(root: URL, readAt: number): boolean;
export declare function builtIsCurrent(root: URL, env: NodeJS.ProcessEnv): boolean;
