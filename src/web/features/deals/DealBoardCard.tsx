import { CalendarOutlined, SwapOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown, Flex, Tag, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate } from '../../lib/format';
import { QuickLogButton } from '../activities/QuickLogButton';
import { getLanguage } from '../../lib/i18n';
import { formatAmount, localized } from './dealHelpers';
import type { DealCard, PipelineDto } from './dealsApi';

interface Props {
  card: DealCard;
  pipeline: PipelineDto;
  moving?: boolean;
  canMove: boolean;
  /** a drag starts from this card; returns the id the drag carries */
  onDragStart: (id: string) => string;
  /** the pointer went down on this card (the drag that may follow belongs to it) */
  onPress: (id: string) => void;
  onDragEnd: () => void;
  onMove: (card: DealCard, toStage: string) => void;
}

/**
 * A kanban card: name, account, owner, amount, expected close date and idle days; a rotting deal has a red left
 * border and a red "n days without update" tag. Draggable (native HTML5 drag and drop); the "move to" menu is the
 * same move without dragging (phones, keyboards).
 */
export function DealBoardCard({ card, pipeline, moving, canMove, onDragStart, onPress, onDragEnd, onMove }: Props) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const lang = getLanguage();
  const moveItems = pipeline.stages
    .filter((s) => s.key !== card.stageKey)
    .map((s) => ({ key: s.key, label: <span data-testid={`deal-move-to-${s.key}`}>{localized(s.name, lang)}</span> }));

  return (
    <div
      draggable={canMove}
      onMouseDown={() => onPress(card.id)}
      onDragStart={(e) => {
        e.dataTransfer.setData('text/plain', onDragStart(card.id));
        e.dataTransfer.effectAllowed = 'move';
      }}
      onDragEnd={onDragEnd}
      data-testid={`deal-card-${card.id}`}
      data-deal-id={card.id}
      data-stage={card.stageKey}
      data-rotting={card.rotting ? 'true' : 'false'}
      style={{
        background: token.colorBgContainer,
        border: `1px solid ${card.rotting ? token.colorErrorBorder : token.colorBorderSecondary}`,
        borderLeft: `4px solid ${card.rotting ? token.colorError : token.colorBorderSecondary}`,
        borderRadius: token.borderRadius,
        padding: '6px 8px',
        cursor: canMove ? 'grab' : 'default',
        opacity: moving ? 0.5 : 1,
        boxShadow: token.boxShadowTertiary,
        flexShrink: 0,
      }}
    >
      <Flex justify="space-between" align="flex-start" gap={4}>
        <Link to={`/deals/${card.id}`} draggable={false} style={{ fontWeight: 600, minWidth: 0, wordBreak: 'break-word' }} data-testid="deal-card-name">
          {card.name}
        </Link>
        <Flex gap={0} style={{ flexShrink: 0 }}>
          <QuickLogButton dealId={card.id} size="small" iconOnly />
          {canMove ? (
            <Dropdown trigger={['click']} menu={{ items: moveItems, onClick: ({ key }) => onMove(card, key) }}>
              <Button
                size="small"
                type="text"
                icon={<SwapOutlined />}
                aria-label={t('deals.moveTo')}
                title={t('deals.moveTo')}
                data-testid={`deal-card-move-${card.id}`}
              />
            </Dropdown>
          ) : null}
        </Flex>
      </Flex>
      {card.accountName ? (
        <Typography.Text type="secondary" ellipsis style={{ display: 'block', fontSize: 13 }}>
          {card.accountName}
        </Typography.Text>
      ) : null}
      <Flex justify="space-between" align="center" gap={6} wrap style={{ marginTop: 4 }}>
        <Typography.Text strong data-testid="deal-card-amount">
          {formatAmount(card.amount, card.currency)}
        </Typography.Text>
        {card.expectedCloseDate ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <CalendarOutlined /> {formatDate(card.expectedCloseDate)}
          </Typography.Text>
        ) : null}
      </Flex>
      <Flex justify="space-between" align="center" gap={6} wrap style={{ marginTop: 4 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          <UserOutlined /> {card.ownerName ?? '—'}
        </Typography.Text>
        {card.status === 'open' ? (
          <Tag
            color={card.rotting ? 'red' : undefined}
            variant={card.rotting ? 'solid' : 'filled'}
            style={{ marginInlineEnd: 0, fontSize: 12 }}
            data-testid="deal-card-idle"
            data-days={card.idleDays}
          >
            {t('deals.idleDays', { count: card.idleDays })}
          </Tag>
        ) : null}
      </Flex>
    </div>
  );
}
