import { MergeCellsOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account, Id } from '../../lib/api';
import { MergeAccountsModal } from './MergeAccountsModal';
import { useCanMergeAccounts } from './useCanMergeAccounts';

interface Props {
  /** the selected accounts; the button shows from two on */
  selected: Account[];
  /** after a merge (e.g. to clear the selection) */
  onMerged?: (targetId: Id) => void;
}

/** The merge button on the accounts list: opens the merge dialog for the selected accounts. */
export function MergeAccountsButton({ selected, onMerged }: Props) {
  const { t } = useTranslation();
  const canMerge = useCanMergeAccounts();
  const [open, setOpen] = useState(false);
  if (!canMerge || (selected.length < 2 && !open)) return null;
  return (
    <>
      <Button icon={<MergeCellsOutlined />} onClick={() => setOpen(true)} data-testid="accounts-merge">
        {t('duplicates.merge.button', { count: selected.length })}
      </Button>
      <MergeAccountsModal open={open} accounts={selected} onClose={() => setOpen(false)} onMerged={onMerged} />
    </>
  );
}
