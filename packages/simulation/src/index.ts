/** @borderline/simulation — see README.md. */
export const packageName = '@borderline/simulation';
