/**
 * The automations screen's decision logic, without a browser or a server: a trigger in words,
 * an action's param schema as form fields, template variables per trigger, condition values as
 * typed vs. as sent, which 422 field errors have a place in the builder, and dates in the
 * agency's zone (a day's start across a DST change). In the e2e project because the web
 * packages have no jest project of their own.
 */
import type { Catalogue, Definition } from '../../remotes/automations/src/api';
import { relative, startOfDayIn } from '../../remotes/automations/src/time';
import {
  actionLabel,
  builderPaths,
  cleanDefinition,
  conditionFields,
  defaultParam,
  delayWords,
  duration,
  paramSpecs,
  parseConditionValue,
  topicLabel,
  triggerWords,
  unplacedErrors,
  variablesFor,
} from '../../remotes/automations/src/words';

const catalogue: Catalogue = {
  triggers: [
    {
      module: 'pipeline',
      topic: 'pipeline.client.stageChanged',
      label: 'Client moved to another stage',
      fields: { clientId: 'uuid', to: 'string', from: 'string' },
      available: true,
    },
    {
      module: 'tickets',
      topic: 'tickets.ticket.created',
      label: 'Ticket created',
      fields: { ticketId: 'uuid', priority: 'string' },
      available: false,
    },
  ],
  actions: [
    {
      key: 'pipeline:pipeline.addTask',
      module: 'pipeline',
      id: 'pipeline.addTask',
      label: 'Add a task for the client',
      params: { id: 'uuid', title: 'string', assigneeId: 'uuid?', dueDate: 'date?' },
      available: true,
    },
  ],
  kpis: [{ key: 'pipeline:activeClients', module: 'pipeline', label: 'Active clients', unit: 'count' }],
  variables: {
    'pipeline.client.stageChanged': [
      'trigger.clientId',
      'trigger.to',
      'trigger.from',
      'client.id',
      'client.name',
      'client.ownerId',
      'workflow.name',
    ],
    inactivity: ['trigger.days', 'client.id', 'client.name'],
  },
};

describe('automations: words', () => {
  it('says every trigger kind in words, with filters and catalogue labels', () => {
    expect(
      triggerWords(
        { type: 'event', topic: 'pipeline.client.stageChanged', filters: [{ field: 'trigger.to', op: 'equals', value: 'onboarding' }] },
        catalogue,
      ),
    ).toBe('When client moved to another stage where to is onboarding');
    expect(
      triggerWords(
        { type: 'event', topic: 'tickets.ticket.created', filters: [{ field: 'trigger.priority', op: 'in', value: ['high', 'critical'] }] },
        catalogue,
      ),
    ).toBe('When ticket created where priority is one of high, critical');
    expect(triggerWords({ type: 'schedule', cron: '0 9 * * 1-5', preset: 'weekdays' })).toBe('Every weekday at 09:00');
    expect(triggerWords({ type: 'schedule', cron: '15 7 * * *' })).toBe('On schedule 15 7 * * *');
    expect(triggerWords({ type: 'inactivity', days: 1 })).toBe('When a client has been quiet for 1 day');
    expect(triggerWords({ type: 'kpi', kpi: 'pipeline:activeClients', direction: 'below', value: 5 }, catalogue)).toBe(
      'When Active clients goes below 5',
    );
    expect(triggerWords({ type: 'manual' })).toBe('When someone runs it');
  });

  it('names events and actions of modules that are not running from their keys', () => {
    expect(triggerWords({ type: 'event', topic: 'communications.conversation.waiting' }, catalogue)).toBe(
      'When communications: conversation waiting',
    );
    expect(actionLabel('tickets:assign-ticket', catalogue)).toBe('assign ticket (tickets)');
    expect(actionLabel('notifications:notify', catalogue)).toBe('notify (notifications)');
    expect(actionLabel('pipeline:pipeline.addTask', catalogue)).toBe('Add a task for the client');
    expect(topicLabel('pipeline.client.stageChanged', catalogue)).toBe('Client moved to another stage');
  });

  it('durations and delays read like people write them', () => {
    expect(duration(340)).toBe('340 ms');
    expect(duration(4200)).toBe('4.2 s');
    expect(duration(185_000)).toBe('3 min 5 s');
    expect(duration(null)).toBe('—');
    expect(delayWords(0)).toBe('right away');
    expect(delayWords(1440)).toBe('after 1 day');
    expect(delayWords(2880)).toBe('after 2 days');
    expect(delayWords(120)).toBe('after 2 h');
    expect(delayWords(45)).toBe('after 45 min');
  });
});

describe('automations: builder logic', () => {
  it('turns a fastest-validator params schema into form fields', () => {
    expect(
      paramSpecs({ id: 'uuid', title: 'string', assigneeId: 'uuid?', dueDate: 'date|optional', body: 'string', $$strict: true }),
    ).toEqual([
      { name: 'id', kind: 'uuid', optional: false, values: undefined, label: 'Record' },
      { name: 'title', kind: 'string', optional: false, values: undefined, label: 'Title' },
      { name: 'assigneeId', kind: 'uuid', optional: true, values: undefined, label: 'Assignee' },
      { name: 'dueDate', kind: 'date', optional: true, values: undefined, label: 'Due date' },
      { name: 'body', kind: 'text', optional: false, values: undefined, label: 'Body' },
    ]);
    const [priority, notify, userIds, count] = paramSpecs({
      priority: { type: 'enum', values: ['low', 'high'] },
      notify: { type: 'boolean', optional: true },
      userIds: { type: 'array', items: 'uuid' },
      count: 'number',
    });
    expect(priority).toMatchObject({ kind: 'enum', values: ['low', 'high'], optional: false });
    expect(notify).toMatchObject({ kind: 'boolean', optional: true });
    expect(userIds).toMatchObject({ kind: 'array', label: 'Users' });
    expect(count).toMatchObject({ kind: 'number' });
  });

  it('a new step points its record at the trigger’s client', () => {
    const vars = variablesFor({ type: 'event', topic: 'pipeline.client.stageChanged' }, catalogue);
    expect(defaultParam({ name: 'id', kind: 'uuid', optional: false, label: 'Record' }, vars)).toBe('{{client.id}}');
    expect(defaultParam({ name: 'title', kind: 'string', optional: false, label: 'Title' }, vars)).toBeUndefined();
  });

  it('offers the catalogue’s variables per trigger, falling back to the event’s fields', () => {
    expect(variablesFor({ type: 'event', topic: 'pipeline.client.stageChanged' }, catalogue)).toContain('client.name');
    expect(variablesFor({ type: 'inactivity', days: 7 }, catalogue)).toEqual(['client.id', 'client.name', 'trigger.days', 'workflow.name']);
    const fallback = variablesFor({ type: 'event', topic: 'tickets.ticket.created' }, catalogue);
    expect(fallback).toEqual(['trigger.priority', 'trigger.ticketId', 'workflow.name']);
    const fields = conditionFields({ type: 'event', topic: 'pipeline.client.stageChanged' }, catalogue).map((f) => f.value);
    expect(fields).toEqual(expect.arrayContaining(['trigger.to', 'client.ownerId', 'time.weekday', 'time.hour']));
  });

  it('keeps condition values as the API wants them: lists for "is one of", numbers for comparisons and time', () => {
    expect(parseConditionValue('trigger.priority', 'in', 'high, critical,')).toEqual(['high', 'critical']);
    expect(parseConditionValue('time.weekday', 'in', '1, 2')).toEqual([1, 2]);
    expect(parseConditionValue('trigger.amount', 'gt', '3.5')).toBe(3.5);
    expect(parseConditionValue('trigger.amount', 'gt', '')).toBe('');
    expect(parseConditionValue('time.hour', 'equals', '9')).toBe(9);
    expect(parseConditionValue('trigger.to', 'equals', '10')).toBe('10');
    expect(parseConditionValue('client.ownerId', 'isSet', 'x')).toBeUndefined();
  });

  it('shows a 422 field error where it occurs, and the rest in a list', () => {
    const def: Definition = {
      name: 'x',
      trigger: { type: 'event', topic: 'pipeline.client.stageChanged', filters: [{ field: 'trigger.to', op: 'equals', value: 'live' }] },
      conditions: { mode: 'all', items: [] },
      steps: [{ action: 'pipeline:pipeline.addTask', params: { id: '{{client.id}}' } }],
    };
    const paths = builderPaths(def, catalogue);
    for (const p of ['steps[0].params.title', 'steps[0].params.assigneeId', 'trigger.filters[0].value', 'trigger.topic', 'name'])
      expect(paths.has(p)).toBe(true);
    const errors = { 'steps[0].params.title': "'title' is required", 'trigger.cron': 'no cron here', rateLimitPerMinute: 'too many' };
    expect(unplacedErrors(errors, (f) => paths.has(f)).map((e) => e.field)).toEqual(['trigger.cron', 'rateLimitPerMinute']);
  });

  it('drops blank optional fields before saving', () => {
    const def = cleanDefinition({
      name: '  Welcome  ',
      description: ' ',
      trigger: { type: 'manual' },
      conditions: { mode: 'all', items: [] },
      steps: [{ action: 'pipeline:pipeline.addTask', params: { id: '{{client.id}}', title: 'Hi', dueDate: '', tags: [] } }],
    });
    expect(def.name).toBe('Welcome');
    expect(def.description).toBe('');
    expect(def.steps[0]!.params).toEqual({ id: '{{client.id}}', title: 'Hi' });
  });
});

describe('automations: dates', () => {
  it('a date filter starts at midnight in the agency’s zone, across a DST change', () => {
    expect(startOfDayIn('2026-03-09', 'America/New_York')).toBe('2026-03-09T04:00:00.000Z'); // EDT, the day after the change
    expect(startOfDayIn('2026-03-08', 'America/New_York')).toBe('2026-03-08T05:00:00.000Z'); // still EST at midnight
    expect(startOfDayIn('2026-03-08', 'America/New_York', 1)).toBe('2026-03-09T04:00:00.000Z');
    expect(startOfDayIn('2026-07-01', 'UTC')).toBe('2026-07-01T00:00:00.000Z');
    expect(startOfDayIn('2026-07-01', 'Asia/Kolkata')).toBe('2026-06-30T18:30:00.000Z');
    expect(startOfDayIn('not a date', 'UTC')).toBeUndefined();
  });

  it('relative words within a day only', () => {
    const now = Date.parse('2026-03-09T12:00:00Z');
    expect(relative('2026-03-09T11:59:40Z', now)).toBe('just now');
    expect(relative('2026-03-09T11:48:00Z', now)).toBe('12 min ago');
    expect(relative('2026-03-09T15:00:00Z', now)).toBe('in 3 h');
    expect(relative('2026-03-08T11:00:00Z', now)).toBeNull();
  });
});
