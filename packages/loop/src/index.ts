/** @borderline/loop — see README.md. */
export const packageName = '@borderline/loop';
