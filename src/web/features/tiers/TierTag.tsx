import { Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { tierLabel } from './tierLabel';
import type { TieredAccount, TierSource } from './tiersApi';
import { useTierSettings } from './useTierSettings';

/**
 * An account's tier as a coloured tag (A/B/C…), with "(rule)"/"(manual)" after it when `hint` is set.
 * Nothing when the account has no tier, unless `showNone`.
 */
export function TierTag({
  tier,
  source,
  hint = true,
  showNone = false,
  testId = 'account-tier',
}: {
  tier: string | null | undefined;
  source?: TierSource | null;
  hint?: boolean;
  showNone?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  const { data } = useTierSettings();
  if (!tier) {
    return showNone ? (
      <Typography.Text type="secondary" data-testid={testId} data-tier="">
        {t('tiers.none')}
      </Typography.Text>
    ) : null;
  }
  const def = data?.tiers.find((d) => d.key === tier);
  return (
    <span data-testid={testId} data-tier={tier} data-source={source ?? ''} style={{ whiteSpace: 'nowrap' }}>
      <Tooltip title={def ? tierLabel(def) : undefined}>
        <Tag color={def?.color && def.color !== 'default' ? def.color : undefined} style={{ marginInlineEnd: hint && source ? 4 : 0, fontWeight: 600 }}>
          {tier}
        </Tag>
      </Tooltip>
      {hint && source ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t(`tiers.source.${source}`)}
        </Typography.Text>
      ) : null}
    </span>
  );
}

/** An account's tier as a compact badge (detail page header); nothing without a tier. */
export function AccountTierBadge({ account }: { account: TieredAccount }) {
  return <TierTag tier={account.tier} source={account.tierSource} hint={false} testId="account-tier-badge" />;
}
