/**
 * Templates gallery: ready-made automations (welcome sequence, stuck in stage, urgent ticket
 * triage, off-boarding, reply overdue). "Use template" opens the builder prefilled; nothing is
 * saved until the builder saves.
 */
import { LayoutTemplate } from 'lucide-react';
import { Button, EmptyState, ErrorState, SkeletonText, useQuery } from '@audienceos/remote-sdk';
import { automationsApi } from './api';
import { actionLabel, triggerWords } from './words';

const lowerFirst = (s: string) => (s ? s[0]!.toLowerCase() + s.slice(1) : s);

export function Templates({ canWrite, onUse }: { canWrite: boolean; onUse: (templateId: string) => void }) {
  const templates = useQuery((s) => automationsApi.templates(s), []);
  const catalogue = useQuery((s) => automationsApi.catalogue(s).catch(() => null), []);
  if (templates.error) return <ErrorState title="Could not load the templates" error={templates.error} onRetry={templates.reload} />;
  if (templates.loading) return <SkeletonText lines={5} label="Loading templates" />;
  const items = templates.data ?? [];
  if (items.length === 0) return <EmptyState icon={<LayoutTemplate />} title="No templates" description="Start from scratch instead." />;
  return (
    <ul className="auto-gallery" aria-label="Templates">
      {items.map((t) => (
        <li key={t.id} className="auto-template" data-testid="template">
          <h3>{t.name}</h3>
          <p className="auto-muted">{t.description}</p>
          <p className="auto-template__sentence">
            {triggerWords(t.definition.trigger, catalogue.data)}, then{' '}
            {t.definition.steps.map((s) => lowerFirst(actionLabel(s.action, catalogue.data))).join(', then ')}.
          </p>
          {canWrite ? (
            <Button variant="primary" onClick={() => onUse(t.id)} aria-label={`Use template ${t.name}`}>
              Use template
            </Button>
          ) : (
            <span className="auto-muted">Owners and admins can use templates.</span>
          )}
        </li>
      ))}
    </ul>
  );
}
