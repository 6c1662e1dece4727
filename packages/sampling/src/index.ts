/** @borderline/sampling — see README.md. */
export const packageName = '@borderline/sampling';
