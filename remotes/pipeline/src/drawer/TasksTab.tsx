/**
 * The client's checklist grouped by stage (current stage first): tick off, add, remove.
 * A tick sends the task's version (If-Match): when someone changed the task meanwhile the API
 * answers 412, the tick is rolled back, the list reloads and a toast says why.
 */
import { Trash2 } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import {
  Button,
  EmptyState,
  ErrorState,
  IconButton,
  Input,
  SkeletonText,
  conflictOf,
  cx,
  useCan,
  useMutation,
  useQuery,
} from '@audienceos/remote-sdk';
import { pipelineApi, type Client, type Stage, type Task } from '../api';
import { formatDate } from '../shared/format';
import { UserAvatar } from '../shared/team';

export function TasksTab({ client, stages }: { client: Client; stages: Stage[] }) {
  const canWrite = useCan('clients:write');
  const query = useQuery((signal) => pipelineApi.tasks(client.id, signal), [client.id], { live: { module: 'pipeline', entity: 'task' } });
  const { setData } = query;
  const [title, setTitle] = useState('');
  const patch = (task: Task) => setData((tasks) => (tasks ?? []).map((t) => (t.id === task.id ? task : t)));

  const toggle = useMutation((task: Task) => pipelineApi.updateTask(client.id, task.id, { done: !task.done }, task.version), {
    optimistic: (task) => {
      patch({ ...task, done: !task.done });
      return () => patch(task);
    },
    onSuccess: patch,
    onError: (error) => {
      if (conflictOf<Task>(error)) query.reload();
    },
    errorToast: (error, task) =>
      conflictOf<Task>(error)
        ? `“${task.title}” was changed by someone else: the list now shows their version`
        : `Could not update “${task.title}”`,
  });
  const add = useMutation((t: string) => pipelineApi.addTask(client.id, { title: t }), {
    onSuccess: (task) => {
      setData((tasks) => [...(tasks ?? []), task]);
      setTitle('');
    },
  });
  const remove = useMutation((task: Task) => pipelineApi.removeTask(client.id, task.id), {
    optimistic: (task) => {
      setData((tasks) => (tasks ?? []).filter((t) => t.id !== task.id));
      return () => setData((tasks) => [...(tasks ?? []), task].sort((a, b) => a.position - b.position));
    },
    errorToast: (_e, task) => `Could not delete “${task.title}”`,
  });

  if (query.error && !query.data) return <ErrorState compact title="Could not load tasks" error={query.error} onRetry={query.reload} />;
  if (!query.data) return <SkeletonText lines={4} label="Loading tasks" />;

  const order = [client.stage, ...stages.map((s) => s.key).filter((k) => k !== client.stage)];
  const groups = [...order, null]
    .map((stage) => ({ stage, tasks: query.data!.filter((t) => t.stage === stage) }))
    .filter((g) => g.tasks.length);
  const stageName = (key: string | null) => (key ? (stages.find((s) => s.key === key)?.name ?? key) : 'Any stage');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (title.trim()) void add.mutate(title.trim());
  };

  return (
    <div className="pl-tasks">
      {canWrite && (
        <form className="pl-inline-form" onSubmit={submit}>
          <Input
            aria-label={`New task for ${stageName(client.stage)}`}
            placeholder={`Add a task for ${stageName(client.stage)}…`}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            invalid={Boolean(add.fieldErrors.title)}
          />
          <Button type="submit" loading={add.pending} disabled={!title.trim()}>
            Add
          </Button>
        </form>
      )}
      {groups.length === 0 && (
        <EmptyState compact title="No tasks yet" description="A checklist per stage keeps hand-offs from slipping." />
      )}
      {groups.map((group) => (
        <section key={group.stage ?? 'any'} className="pl-tasks__group">
          <h3 className="pl-section-title">{stageName(group.stage)}</h3>
          <ul className="pl-tasks__list">
            {group.tasks.map((task) => (
              <li key={task.id} className={cx('pl-task', task.done && 'pl-task--done')}>
                <input
                  type="checkbox"
                  checked={task.done}
                  disabled={!canWrite}
                  onChange={() => void toggle.mutate(task)}
                  aria-label={`${task.title}: ${task.done ? 'done' : 'to do'}`}
                />
                <span className="pl-task__title">{task.title}</span>
                {task.dueDate && (
                  <span
                    className={cx(
                      'pl-task__due aos-tabular',
                      !task.done && task.dueDate < new Date().toISOString().slice(0, 10) && 'pl-task__due--late',
                    )}
                  >
                    {formatDate(task.dueDate)}
                  </span>
                )}
                {task.assigneeId && <UserAvatar userId={task.assigneeId} size={18} />}
                {canWrite && (
                  <IconButton aria-label={`Delete “${task.title}”`} size="sm" onClick={() => void remove.mutate(task)}>
                    <Trash2 />
                  </IconButton>
                )}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
