/** Extra room for the space lost where word wrapping breaks a line early. */
const WORD_WRAP_SLACK = 1.15;

/** About how many rows `text` takes wrapped at `width` cells: for sizing a list below it. */
export const wrappedRows = (text: string, width: number): number => Math.max(1, Math.ceil(([...text].length * WORD_WRAP_SLACK) / Math.max(1, width)));
