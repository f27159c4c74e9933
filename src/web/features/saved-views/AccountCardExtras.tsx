import { Flex } from 'antd';
import { useSearchParams } from 'react-router';
import { RecordTags } from '../tags/RecordTags';
import type { TagItem } from '../tags/tagsApi';
import { TierTag } from '../tiers/TierTag';
import type { TieredAccount } from '../tiers/tiersApi';
import { hiddenColumnsOf } from './accountListView';

/** Phone card of an account: its tier and tags (unless hidden by the column chooser). */
export function AccountCardExtras({ account }: { account: TieredAccount & { tags?: TagItem[] } }) {
  const [params] = useSearchParams();
  const hidden = hiddenColumnsOf(params);
  const showTier = !hidden.includes('tier') && Boolean(account.tier);
  const showTags = !hidden.includes('tags');
  if (!showTier && !showTags) return null;
  return (
    <Flex gap={6} wrap align="center" style={{ marginTop: 6 }}>
      {showTier ? <TierTag tier={account.tier} source={account.tierSource} /> : null}
      {showTags ? <RecordTags objectType="accounts" recordId={account.id} tags={account.tags} /> : null}
    </Flex>
  );
}
