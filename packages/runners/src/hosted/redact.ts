/**
 * Removes every secret from a text before it can reach an error, a warning or a log. Providers sometimes echo a
 * key back (a 401 body naming the key it refused), so every message that crosses our seam goes through this.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    // Short strings would erase ordinary words; real keys are long.
    if (secret.length < 6) continue;
    out = out.split(secret).join('[redacted]');
  }
  return out;
}
