import { wrapLines } from '../../safe-text.ts';

/** How many rows `text` takes wrapped at `width` cells, as <Paragraph> draws it: for sizing what is below it. */
export const wrappedRows = (text: string, width: number): number => wrapLines(text, width).length;
