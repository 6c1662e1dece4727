/** @borderline/ingest — see README.md. */
export const packageName = '@borderline/ingest';
