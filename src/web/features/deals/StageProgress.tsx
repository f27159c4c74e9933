import { CloseCircleOutlined, TrophyOutlined } from '@ant-design/icons';
import { Button, Flex, Grid, Steps } from 'antd';
import { useTranslation } from 'react-i18next';
import { getLanguage } from '../../lib/i18n';
import { localized } from './dealHelpers';
import type { Deal, PipelineDto } from './dealsApi';

interface Props {
  deal: Deal;
  pipeline: PipelineDto;
  /** may the user move the deal (click a stage) */
  editable: boolean;
  onMove: (toStage: string) => void;
}

/**
 * The deal's place in its pipeline: the open stages as steps (click one to move there, through the same gate as
 * the kanban), then the closing stages as buttons (won / lost ask for the reason).
 */
export function StageProgress({ deal, pipeline, editable, onMove }: Props) {
  const { t } = useTranslation();
  const lang = getLanguage();
  const screens = Grid.useBreakpoint();
  const open = pipeline.stages.filter((s) => s.type === 'open');
  const closing = pipeline.stages.filter((s) => s.type !== 'open');
  const currentIndex = open.findIndex((s) => s.key === deal.stageKey);
  const closed = deal.status !== 'open';

  return (
    <Flex vertical gap={12} data-testid="deal-stage-progress" data-stage={deal.stageKey}>
      <Steps
        size="small"
        orientation={screens.md ? 'horizontal' : 'vertical'}
        current={closed ? open.length : currentIndex}
        onChange={editable ? (i) => open[i] && open[i]!.key !== deal.stageKey && onMove(open[i]!.key) : undefined}
        items={open.map((s, i) => ({
          title: (
            <span data-testid={`stage-step-${s.key}`} data-current={s.key === deal.stageKey ? 'true' : 'false'}>
              {localized(s.name, lang)}
            </span>
          ),
          content: `${s.probability}%`,
          status: closed ? (deal.status === 'won' ? 'finish' : 'wait') : i < currentIndex ? 'finish' : i === currentIndex ? 'process' : 'wait',
          disabled: !editable,
        }))}
      />
      <Flex gap={8} wrap>
        {closing.map((s) => {
          const current = s.key === deal.stageKey;
          return (
            <Button
              key={s.key}
              type={current ? 'primary' : 'default'}
              danger={s.type === 'lost'}
              ghost={current && s.type === 'lost' ? false : undefined}
              icon={s.type === 'won' ? <TrophyOutlined /> : <CloseCircleOutlined />}
              disabled={!editable || current}
              onClick={() => onMove(s.key)}
              data-testid={`stage-step-${s.key}`}
              data-current={current ? 'true' : 'false'}
            >
              {current ? t('deals.closedAs', { stage: localized(s.name, lang) }) : t('deals.markAs', { stage: localized(s.name, lang) })}
            </Button>
          );
        })}
      </Flex>
    </Flex>
  );
}
