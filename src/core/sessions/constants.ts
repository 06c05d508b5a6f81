/** A session nobody used for this long ends (OWASP ASVS: 15–30 minutes for a high-value account). */
export const SESSION_IDLE_MINUTES = 30;
/** A session ends this long after it started, however busy it was. */
export const SESSION_LIFETIME_HOURS = 12;
/** Sensitive actions need the password (or a second-factor code) given within this long: sudo mode. */
export const SUDO_MINUTES = 15;
/** Wrong passwords or codes a session may give when asked to confirm identity before it is ended. */
export const MAX_FAILED_REAUTHS = 5;
/**
 * Activity is written at most this often per session: every call checks the session, but a
 * write per call would make every read a write.
 */
export const ACTIVITY_WRITE_SECONDS = 60;
/** Ended sessions are kept this long, so the front end holding one can say why it ended. */
export const ENDED_SESSION_KEPT_HOURS = 24;
