/** see README.md */
export const packageName = 'replay';
