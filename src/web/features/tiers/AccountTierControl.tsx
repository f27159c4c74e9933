import { App, Button, Flex, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useServerError } from '../../lib/useServerError';
import { TierTag } from './TierTag';
import type { TieredAccount } from './tiersApi';
import { useSetAccountTier } from './useSetAccountTier';
import { tierOptions } from './tierOptions';
import { useTierSettings } from './useTierSettings';

/** Account detail: the tier with its source; editors set a manual tier or hand it back to the rules. */
export function AccountTierControl({ account, editable }: { account: TieredAccount; editable: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useServerError();
  const { data } = useTierSettings();
  const setTier = useSetAccountTier(account.id);
  const tier = account.tier ?? null;
  const source = account.tierSource ?? null;
  const change = (next: string | null) =>
    setTier.mutate(
      { tier: next, version: account.version },
      {
        // the rules' tier is set the next time the rules run (tier settings → apply)
        onSuccess: (saved: TieredAccount) =>
          message.success(next !== null ? t('tiers.manualSet', { tier: next }) : saved.tier ? t('tiers.backToRulesNow', { tier: saved.tier }) : t('tiers.backToRulesDone')),
        onError: (err) => onError(err),
      },
    );

  return (
    <Flex gap={8} wrap align="center" data-testid="account-tier-control">
      <TierTag tier={tier} source={source} showNone />
      {editable ? (
        <>
          <Select<string>
            size="small"
            value={source === 'manual' && tier ? tier : undefined}
            placeholder={t('tiers.setManual')}
            onChange={(v) => change(v)}
            loading={setTier.isPending}
            disabled={setTier.isPending}
            popupMatchSelectWidth={false}
            style={{ minWidth: 120 }}
            options={tierOptions(data?.tiers ?? [])}
            data-testid="account-tier-select"
            aria-label={t('tiers.setManual')}
          />
          {source === 'manual' ? (
            <Button size="small" onClick={() => change(null)} loading={setTier.isPending} data-testid="account-tier-rules">
              {t('tiers.backToRules')}
            </Button>
          ) : null}
        </>
      ) : null}
    </Flex>
  );
}
