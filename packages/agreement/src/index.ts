/** @borderline/agreement — see README.md. */
export const packageName = '@borderline/agreement';
