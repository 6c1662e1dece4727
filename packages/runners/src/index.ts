/** @borderline/runners — see README.md. */
export const packageName = '@borderline/runners';
