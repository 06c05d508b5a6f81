export { createSshServer, REFUSALS, type SshServer, type SshServerOptions } from './server.ts';
export { loadHostKey, generateHostKey, fingerprintOf, HOST_KEY_ENV, HOST_KEY_FILE, type HostKey } from './host-key.ts';
export { readSshConfig, DEFAULT_LIMITS, DEFAULT_SSH_PORT, SSH_ENV, type SshLimits } from './limits.ts';
