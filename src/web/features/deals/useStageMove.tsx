import { App } from 'antd';
import { useCallback, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { getLanguage } from '../../lib/i18n';
import { useServerError } from '../../lib/useServerError';
import { findStage, isClosingStage, stageName } from './dealHelpers';
import { unmetOf, type Deal, type PipelineDto } from './dealsApi';
import { StageMoveModal, type StageMoveRequest } from './StageMoveModal';
import { useUpdateDeal } from './useUpdateDeal';

/**
 * One flow for every way of moving a deal (kanban drop, "move to" menu, the detail page's stage steps): try
 * the move; closing asks for the reason first; a refusal for unmet criteria opens the stage gate with exactly
 * what is missing. Render `modal` once in the page.
 */
export function useStageMove(pipeline: PipelineDto | undefined, via: 'api' | 'kanban' = 'api', onMoved?: (deal: Deal) => void) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useServerError();
  const update = useUpdateDeal();
  const [request, setRequest] = useState<StageMoveRequest | null>(null);

  const move = useCallback(
    (deal: StageMoveRequest['deal'], toStage: string) => {
      if (deal.stageKey === toStage) return;
      if (isClosingStage(findStage(pipeline, toStage))) {
        setRequest({ deal, toStage, via });
        return;
      }
      update.mutate(
        { id: deal.id, patch: { version: deal.version, stageKey: toStage, ...(via === 'kanban' ? { via } : {}) } },
        {
          onSuccess: (saved) => {
            message.success(t('deals.move.moved', { name: deal.name, stage: stageName(pipeline, toStage, getLanguage()) }));
            onMoved?.(saved);
          },
          onError: (err) => {
            const refused = unmetOf(err);
            if (refused) setRequest({ deal, toStage, unmet: refused.unmet, via });
            else onError(err);
          },
        },
      );
    },
    [pipeline, via, update, message, t, onError, onMoved],
  );

  const modal: ReactNode = <StageMoveModal request={request} pipeline={pipeline} onClose={() => setRequest(null)} onMoved={onMoved} />;
  const movingId = update.isPending ? update.variables?.id : undefined;
  return { move, modal, movingId };
}
