import { PlusOutlined, ReloadOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Grid, Skeleton, Typography } from 'antd';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { usePermission } from '../auth/usePermission';
import { BoardColumn } from './BoardColumn';
import { DealFilterBar } from './DealFilterBar';
import { DealFormModal } from './DealFormModal';
import { formatAmount, sumAmounts } from './dealHelpers';
import type { DealCard } from './dealsApi';
import { useDealBoard } from './useDealBoard';
import { useDealFilterParams } from './useDealFilterParams';
import { useStageMove } from './useStageMove';

/** The kanban (/deals): a column per stage, drag a card (or use its "move to" menu) to move the deal. */
export default function DealsBoardPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const can = usePermission();
  const state = useDealFilterParams();
  const { pipeline, filters, params } = state;
  const board = useDealBoard(filters);
  const boardPipeline = board.data?.pipeline ?? pipeline;
  const { move, modal, movingId } = useStageMove(boardPipeline, 'kanban');
  const [createOpen, setCreateOpen] = useState(false);
  const [draggingId, setDraggingId] = useState<string | null>(null);
  const canMove = can('deals', 'edit');
  const screens = Grid.useBreakpoint();
  const phone = !(screens.md ?? true);

  // every card each column shows (board cards and "load more" pages), to find a dropped card
  const cardsByStage = useRef(new Map<string, DealCard[]>());
  const onCards = useCallback((stageKey: string, cards: DealCard[]) => {
    cardsByStage.current.set(stageKey, cards);
  }, []);

  // The card the pointer went down on owns the drag that follows. (Should the board scroll between the press and
  // the first move, the browser may start the drag from whatever now lies under the press point.)
  const pressedId = useRef<string | null>(null);
  const onPress = useCallback((id: string) => {
    pressedId.current = id;
  }, []);
  const onDragStart = useCallback((id: string) => {
    const carried = pressedId.current ?? id;
    setDraggingId(carried);
    return carried;
  }, []);

  const onDrop = (toStage: string) => (id: string) => {
    setDraggingId(null);
    for (const cards of cardsByStage.current.values()) {
      const card = cards.find((c) => c.id === id);
      if (card) {
        if (card.stageKey !== toStage) move(card, toStage);
        return;
      }
    }
  };

  const totals = useMemo(() => {
    const cols = (board.data?.columns ?? []).filter((c) => board.data?.pipeline.stages.find((s) => s.key === c.stageKey)?.type === 'open');
    return {
      count: cols.reduce((n, c) => n + c.count, 0),
      amount: sumAmounts(cols.map((c) => c.amount)),
      weighted: sumAmounts(cols.map((c) => c.weightedAmount)),
    };
  }, [board.data]);

  const listLink = `/deals/list${params.toString() ? `?${params.toString()}` : ''}`;

  return (
    <>
      <PageHeader
        title={t('deals.title')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void board.refetch()} aria-label={t('common.refresh')} data-testid="deals-refresh" />
            <Link to={listLink}>
              <Button icon={<UnorderedListOutlined />} data-testid="deals-list-view">
                {t('deals.listView')}
              </Button>
            </Link>
            {can('deals', 'create') ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreateOpen(true)} data-testid="deals-create">
                {t('deals.create')}
              </Button>
            ) : null}
          </>
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <DealFilterBar state={state} />
      </Card>
      {board.isError ? <Alert type="error" showIcon title={board.error.message} style={{ marginBottom: 12 }} /> : null}
      {board.data ? (
        <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }} data-testid="deals-board-totals">
          {t('deals.totals.openLine', { count: totals.count, amount: formatAmount(totals.amount), weighted: formatAmount(totals.weighted) })}
        </Typography.Text>
      ) : null}
      {board.isPending || (state.pipelines.isPending && !board.data) ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : board.data && boardPipeline ? (
        <div
          data-testid="deals-board"
          data-pipeline-id={boardPipeline.id}
          style={{
            display: 'flex',
            gap: 8,
            overflowX: 'auto',
            paddingBottom: 8,
            alignItems: 'stretch',
            // columns scroll on their own: the whole board fits the window, so a dragged card never scrolls the page
            height: 'calc(100vh - 230px)',
            minHeight: 420,
            opacity: board.isFetching && board.isPlaceholderData ? 0.6 : 1,
          }}
        >
          {board.data.columns.map((column) => (
            <BoardColumn
              key={column.stageKey}
              column={column}
              stage={boardPipeline.stages.find((s) => s.key === column.stageKey)}
              pipeline={boardPipeline}
              filters={filters}
              currency="CNY"
              movingId={movingId}
              canMove={canMove}
              phone={phone}
              closedFrom={board.data.closedFrom}
              draggingId={draggingId}
              onDragStart={onDragStart}
              onPress={onPress}
              onDragEnd={() => {
                setDraggingId(null);
                pressedId.current = null;
              }}
              onDrop={onDrop(column.stageKey)}
              onMove={move}
              onCards={onCards}
            />
          ))}
        </div>
      ) : !board.isError ? (
        <Card>
          <Empty description={t('deals.noPipeline')} />
        </Card>
      ) : null}
      <Flex justify="flex-end" style={{ marginTop: 4 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('deals.boardHint')}
        </Typography.Text>
      </Flex>
      {modal}
      <DealFormModal
        open={createOpen}
        defaults={{ pipelineId: pipeline?.id }}
        onClose={() => setCreateOpen(false)}
        onSaved={(deal) => navigate(`/deals/${deal.id}`)}
      />
    </>
  );
}
