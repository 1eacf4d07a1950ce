// The errors the command line tells apart by exit code, and the one place that keeps the token out
// of everything it prints or writes.

/** A usage error: bad options or arguments (exit code 2). */
export class UsageError extends Error {
  /**
   * @param {string} message what is wrong, for the user
   * @param {string} [command] the command whose usage applies (for the "see --help" hint)
   */
  constructor(message, command) {
    super(message);
    this.name = "UsageError";
    this.command = command;
  }
}

/** Invalid input rows were found and reported; nothing was sent (exit code 2). */
export class InvalidInputError extends Error {
  /** @param {string} message the summary line */
  constructor(message) {
    super(message);
    this.name = "InvalidInputError";
  }
}

/** Exit codes of the command line (documented in its --help). */
export const EXIT = Object.freeze({ ok: 0, failed: 1, usage: 2, interrupted: 130 });

let secret = null;

/**
 * Remembers the access token so that `redact` can remove it from any text the command prints or
 * writes. The client never puts it in a message; this is the second belt (a proxy or server that
 * echoes it back in an error body, a user who pasted it into a file name).
 * @param {string | null} token
 */
export function setSecret(token) {
  secret = typeof token === "string" && token.length >= 4 ? token : null;
}

/**
 * `text` with every occurrence of the access token replaced by `[redacted]`.
 * @param {string} text
 * @returns {string}
 */
export function redact(text) {
  const s = String(text);
  return secret && s.includes(secret) ? s.split(secret).join("[redacted]") : s;
}
