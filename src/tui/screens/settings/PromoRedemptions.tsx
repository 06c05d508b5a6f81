import { Box, Text } from 'ink';
import type { RedemptionView } from '../../../core/index.ts';
import { List } from '../../components/List.tsx';
import { day, pad, relative } from '../../format.ts';
import { ColumnHeads } from '../../components/ColumnHeads.tsx';

const CODE_CELLS = 18;
/** "less than a minute ago (18 Jan 2026)" */
const WHEN_CELLS = 37;
/** The List component's selection marker. */
const MARKER_CELLS = 2;

export interface PromoRedemptionsProps {
  readonly redemptions: readonly RedemptionView[];
  /** Rows for the list, headings excluded. */
  readonly height: number;
  readonly now: Date;
  /** Cells across. */
  readonly width: number;
}

/** The codes the account redeemed, newest first: code, the project it created, when. */
export function PromoRedemptions({ redemptions, height, now, width }: PromoRedemptionsProps) {
  const projectCells = Math.max(16, width - MARKER_CELLS - CODE_CELLS - WHEN_CELLS);
  return (
    <Box flexDirection="column">
      <Text bold>Your redemptions</Text>
      {redemptions.length > 0 && (
        <ColumnHeads
          columns={[
            ['CODE', CODE_CELLS],
            ['PROJECT', projectCells],
          ]}
          last="REDEEMED"
        />
      )}
      <List
        items={redemptions}
        selected={-1}
        height={height}
        focused={false}
        keyOf={(redemption) => `${redemption.code}:${redemption.projectId}`}
        renderRow={(redemption) => (
          <Text wrap="truncate-end">
            <Text color="cyan">{pad(redemption.code, CODE_CELLS)}</Text>
            {pad(redemption.projectName, projectCells)}
            <Text color="gray">
              {relative(redemption.redeemedAt, now)} ({day(redemption.redeemedAt)})
            </Text>
          </Text>
        )}
        empty={<Text color="gray">You have not redeemed a promo code yet.</Text>}
      />
    </Box>
  );
}
