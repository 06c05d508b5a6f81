import { Text } from 'ink';
import { pad } from '../format.ts';

export interface ColumnHeadsProps {
  /** Each column's label and width in cells; a column of width 0 is hidden. */
  readonly columns: readonly (readonly [label: string, cells: number])[];
  /** The last column's label: it takes what is left of the row. */
  readonly last: string;
}

/** The grey heading row above a List's columns, indented past the List's selection marker. */
export function ColumnHeads({ columns, last }: ColumnHeadsProps) {
  return (
    <Text color="gray" wrap="truncate-end">
      {'  '}
      {columns.map(([label, cells]) => (cells > 0 ? pad(label, cells) : '')).join('')}
      {last}
    </Text>
  );
}
