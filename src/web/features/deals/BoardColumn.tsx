import { Button, Empty, Flex, Tag, Tooltip, Typography, theme } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StageDefinition } from '../../../core/pipelines/defaultPipeline';
import { formatDate } from '../../lib/format';
import { getLanguage } from '../../lib/i18n';
import { DealBoardCard } from './DealBoardCard';
import { formatAmount, localized } from './dealHelpers';
import type { BoardColumn as Column, DealCard, DealFilters, PipelineDto } from './dealsApi';
import { useDeals } from './useDeals';

/** phones: fixed columns and a sideways-scrolling board */
export const PHONE_COLUMN_WIDTH = 260;
/**
 * Wider screens: the columns share the width (at least this wide), so that a default pipeline fits a 1280 px
 * window without sideways scrolling — a drag then never scrolls the board under the pointer.
 */
export const MIN_COLUMN_WIDTH = 132;

interface Props {
  column: Column;
  stage: StageDefinition | undefined;
  pipeline: PipelineDto;
  filters: DealFilters;
  currency: string;
  movingId?: string;
  canMove: boolean;
  /** phone layout (fixed-width columns) */
  phone: boolean;
  /** won/lost columns: the first day of the closing window they show */
  closedFrom?: string;
  draggingId: string | null;
  onDragStart: (id: string) => string;
  onPress: (id: string) => void;
  onDragEnd: () => void;
  /** a card was dropped here (its id) */
  onDrop: (id: string) => void;
  onMove: (card: DealCard, toStage: string) => void;
  /** report the cards this column shows (the board looks a dropped card up among them) */
  onCards: (stageKey: string, cards: DealCard[]) => void;
}

/**
 * One stage of the kanban: header totals over every matching deal (count, amount, weighted amount), the most
 * idle cards first, "load more" when the board holds only the first ones. A drop target for dragged cards.
 */
export function BoardColumn({ column, stage, pipeline, filters, currency, movingId, canMove, phone, closedFrom, draggingId, onDragStart, onPress, onDragEnd, onDrop, onMove, onCards }: Props) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const lang = getLanguage();
  const [over, setOver] = useState(false);
  const [expanded, setExpanded] = useState(false);
  const more = useDeals({ ...filters, stageKey: column.stageKey, sort: 'lastUpdateAt', order: 'asc' }, { enabled: expanded });

  const cards = useMemo(() => {
    const seen = new Set(column.deals.map((d) => d.id));
    const extra = (more.data?.pages ?? []).flatMap((p) => p.items).filter((d) => d.stageKey === column.stageKey && !seen.has(d.id) && (seen.add(d.id), true));
    return [...column.deals, ...extra];
  }, [column, more.data]);

  useEffect(() => onCards(column.stageKey, cards), [column.stageKey, cards, onCards]);

  // the list's first pages can repeat the board's cards: keep fetching until something new shows
  const added = cards.length - column.deals.length;
  useEffect(() => {
    if (expanded && more.isSuccess && !more.isFetching && added === 0 && more.hasNextPage) void more.fetchNextPage();
  }, [expanded, more, added]);

  const hasMore = expanded ? (more.isPending ? true : more.hasNextPage) : column.hasMore;

  return (
    <div
      data-testid={`board-column-${column.stageKey}`}
      data-stage-type={stage?.type}
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'move';
        if (!over) setOver(true);
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const id = e.dataTransfer.getData('text/plain') || draggingId;
        if (id) onDrop(id);
      }}
      style={{
        ...(phone ? { flex: `0 0 ${PHONE_COLUMN_WIDTH}px`, width: PHONE_COLUMN_WIDTH } : { flex: '1 1 0', minWidth: MIN_COLUMN_WIDTH, maxWidth: 340 }),
        background: over ? token.colorPrimaryBg : token.colorFillQuaternary,
        outline: over ? `2px dashed ${token.colorPrimary}` : undefined,
        borderRadius: token.borderRadiusLG,
        padding: 8,
        display: 'flex',
        flexDirection: 'column',
        gap: 8,
        height: '100%',
        minHeight: 0,
      }}
    >
      <div data-testid="board-column-header" style={{ padding: '2px 4px' }}>
        <Flex justify="space-between" align="center" gap={6}>
          <Typography.Text strong ellipsis>
            {stage ? localized(stage.name, lang) : column.stageKey}
          </Typography.Text>
          <Flex gap={4} align="center">
            {stage && stage.type === 'open' ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {stage.probability}%
              </Typography.Text>
            ) : null}
            <Tag style={{ marginInlineEnd: 0 }} color={stage?.type === 'won' ? 'green' : stage?.type === 'lost' ? 'default' : 'blue'} data-testid="board-column-count">
              {column.count}
            </Tag>
          </Flex>
        </Flex>
        <Flex justify="space-between" gap={6} wrap style={{ fontSize: 12, marginTop: 2 }}>
          <Tooltip title={t('deals.totals.amount')}>
            <Typography.Text style={{ fontSize: 12 }} data-testid="board-column-amount" data-value={column.amount}>
              {formatAmount(column.amount, currency)}
            </Typography.Text>
          </Tooltip>
          <Tooltip title={t('deals.totals.weighted')}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="board-column-weighted" data-value={column.weightedAmount}>
              {t('deals.totals.weightedShort', { amount: formatAmount(column.weightedAmount, currency) })}
            </Typography.Text>
          </Tooltip>
        </Flex>
        {stage && stage.type !== 'open' && closedFrom ? (
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }} data-testid="board-column-closed-since">
            {t('deals.closedSince', { date: formatDate(closedFrom) })}
          </Typography.Text>
        ) : null}
      </div>
      {/* the cards scroll inside the column, so the board (and every drop target) stays in view while dragging */}
      <div data-testid="board-column-cards" style={{ flex: 1, minHeight: 0, overflowY: 'auto', display: 'flex', flexDirection: 'column', gap: 8, paddingBottom: 2 }}>
        {cards.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('deals.columnEmpty')} style={{ margin: '16px 0' }} />
        ) : (
          cards.map((card) => (
            <DealBoardCard
              key={card.id}
              card={card}
              pipeline={pipeline}
              moving={movingId === card.id}
              canMove={canMove}
              onDragStart={onDragStart}
              onPress={onPress}
              onDragEnd={onDragEnd}
              onMove={onMove}
            />
          ))
        )}
        {hasMore ? (
          <Button
            type="dashed"
            block
            style={{ flexShrink: 0 }}
            loading={expanded && more.isFetching}
            onClick={() => (expanded ? void more.fetchNextPage() : setExpanded(true))}
            data-testid={`board-column-load-more-${column.stageKey}`}
          >
            {t('common.loadMore')}
          </Button>
        ) : null}
      </div>
    </div>
  );
}
