import { ChevronDown, ChevronsUpDown, ChevronUp } from 'lucide-react';
import { useMemo, useState, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react';
import { Skeleton } from './Skeleton';
import { cx } from './cx';

export type SortDirection = 'asc' | 'desc';
export interface SortState {
  key: string;
  direction: SortDirection;
}

export interface TableColumn<T> {
  key: string;
  header: ReactNode;
  /** Cell content; defaults to `row[key]`. */
  cell?: (row: T) => ReactNode;
  sortable?: boolean;
  /** Value compared when sorting client-side; defaults to `row[key]`. */
  sortValue?: (row: T) => string | number | Date | null | undefined;
  align?: 'left' | 'right';
  width?: number | string;
}

export interface TableProps<T> {
  columns: TableColumn<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  /** Controlled sort. Give `onSortChange` to sort on the server; omit it to sort here. */
  sort?: SortState | null;
  onSortChange?: (sort: SortState) => void;
  defaultSort?: SortState;
  /** Makes rows focusable and clickable (Enter opens too; ↑/↓ or J/K move between rows). */
  onRowClick?: (row: T) => void;
  selectedKey?: string | null;
  loading?: boolean;
  /** Shown instead of the body when there are no rows (e.g. an EmptyState). */
  empty?: ReactNode;
  /**
   * Bounds the table to its own scroll area (e.g. `calc(100vh - 200px)`); the header sticks
   * inside it. Without it the page scrolls and the header sticks at the top of the content
   * area, offset by the CSS variable `--aos-table-sticky-top` (set it to your toolbar's height).
   */
  maxHeight?: number | string;
  'aria-label'?: string;
  className?: string;
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1; // empty values last in both directions
  if (b === null || b === undefined) return -1;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: 'base' });
}

function moveFocus(event: KeyboardEvent<HTMLTableRowElement>, delta: 1 | -1) {
  const sibling = delta === 1 ? event.currentTarget.nextElementSibling : event.currentTarget.previousElementSibling;
  if (sibling instanceof HTMLElement) {
    event.preventDefault();
    sibling.focus();
  }
}

/** Dense data table: sortable headers (aria-sort), sticky header, row hover, row click. */
export function Table<T>(props: TableProps<T>) {
  const { columns, rows, rowKey, onSortChange, onRowClick, selectedKey, loading, empty, maxHeight, className } = props;
  const [localSort, setLocalSort] = useState<SortState | null>(props.defaultSort ?? null);
  const sort = props.sort !== undefined ? props.sort : localSort;
  const sortsHere = !onSortChange;

  const sortedRows = useMemo(() => {
    if (!sortsHere || !sort) return rows;
    const column = columns.find((c) => c.key === sort.key);
    if (!column) return rows;
    const value = column.sortValue ?? ((row: T) => (row as Record<string, unknown>)[column.key] as string | number);
    const sign = sort.direction === 'asc' ? 1 : -1;
    return [...rows].sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      if (va === null || va === undefined || vb === null || vb === undefined) return compare(va, vb);
      return sign * compare(va, vb);
    });
  }, [rows, columns, sort, sortsHere]);

  const toggleSort = (key: string) => {
    const next: SortState = sort?.key === key && sort.direction === 'asc' ? { key, direction: 'desc' } : { key, direction: 'asc' };
    if (onSortChange) onSortChange(next);
    else setLocalSort(next);
  };

  const onRowKeyDown = (event: KeyboardEvent<HTMLTableRowElement>, row: T) => {
    if (event.target !== event.currentTarget) return; // keys inside cell controls are theirs
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onRowClick?.(row);
    } else if (event.key === 'ArrowDown' || event.key === 'j') moveFocus(event, 1);
    else if (event.key === 'ArrowUp' || event.key === 'k') moveFocus(event, -1);
  };

  const wrapStyle: CSSProperties | undefined = maxHeight !== undefined ? { maxHeight } : undefined;
  const showEmpty = !loading && rows.length === 0 && empty;

  return (
    <div className={cx('aos-table-wrap', maxHeight !== undefined ? 'aos-table-wrap--scroll' : 'aos-table-wrap--page', className)} style={wrapStyle}>
      <table className="aos-table" aria-label={props['aria-label']} aria-busy={loading || undefined}>
        <thead>
          <tr>
            {columns.map((column) => {
              const active = sort?.key === column.key;
              const ariaSort = active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : column.sortable ? 'none' : undefined;
              const SortIcon = active ? (sort.direction === 'asc' ? ChevronUp : ChevronDown) : ChevronsUpDown;
              return (
                <th key={column.key} scope="col" aria-sort={ariaSort} data-align={column.align} style={column.width !== undefined ? { width: column.width } : undefined}>
                  {column.sortable ? (
                    <button type="button" className="aos-table__sort" data-active={active} onClick={() => toggleSort(column.key)}>
                      {column.header}
                      <SortIcon aria-hidden="true" />
                    </button>
                  ) : (
                    column.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {loading && rows.length === 0
            ? Array.from({ length: 6 }, (_, i) => (
                <tr key={`skeleton-${i}`}>
                  {columns.map((column) => (
                    <td key={column.key} data-align={column.align}>
                      <Skeleton width={column.align === 'right' ? 48 : `${60 + ((i * 17 + column.key.length * 7) % 35)}%`} />
                    </td>
                  ))}
                </tr>
              ))
            : sortedRows.map((row) => {
                const key = rowKey(row);
                return (
                  <tr
                    key={key}
                    data-clickable={Boolean(onRowClick)}
                    data-selected={selectedKey === key || undefined}
                    tabIndex={onRowClick ? 0 : undefined}
                    onClick={onRowClick ? () => onRowClick(row) : undefined}
                    onKeyDown={onRowClick ? (event) => onRowKeyDown(event, row) : undefined}
                  >
                    {columns.map((column) => (
                      <td key={column.key} data-align={column.align}>
                        {column.cell ? column.cell(row) : String((row as Record<string, unknown>)[column.key] ?? '')}
                      </td>
                    ))}
                  </tr>
                );
              })}
          {showEmpty && (
            <tr>
              <td className="aos-table__empty" colSpan={columns.length}>
                {empty}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
