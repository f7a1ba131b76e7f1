/**
 * @audienceos/remote-sdk — everything a remote needs from the platform, and nothing else.
 * Shared as a federation singleton: the shell and every remote get this one instance, so the
 * session atoms, the jotai store, the toaster and the widget registry are the same everywhere.
 */
import './ui/tokens.css';
import './ui/base.css';
import './ui/components.css';

// Contract
export type {
  Agency,
  CurrentUser,
  MeResponse,
  ModuleManifest,
  ModuleUi,
  ModulesResponse,
  NavEntry,
  NavGroup,
  Role,
  TokenResponse,
} from './contract/api-types';
export type {
  CommandContext,
  NavBadgeSource,
  RemoteAppProps,
  RemoteCommand,
  RemoteConfig,
  WidgetDefinition,
  WidgetRegistration,
} from './contract/remote-config';
export { defineRemoteConfig, federationName } from './contract/remote-config';

// API
export { ApiError, errorMessage, fieldErrors, isAbortError, isApiError, type FieldErrorDetail } from './api/api-error';
export { api, apiRequest, buildUrl, API_BASE, type QueryValue, type RequestOptions } from './api/client';
export { apiUpload, type UploadOptions } from './api/upload';
export { changedFields, conflictOf, ifMatch, type Conflict, type FieldChange } from './api/versions';
export { AUTH_BASE, clearSession, login, logout, refreshAccessToken } from './api/auth';
export { loadProfile } from './api/profile';
export { useApiQuery, useQuery, type QueryOptions, type QueryResult } from './hooks/use-query';
export { useMutation, type MutationOptions, type MutationResult } from './hooks/use-mutation';
export { usePageHeader } from './hooks/use-page-header';
export { useLiveChanges } from './live/use-live';
export { liveMatches, liveStatus, onLiveChange, onLiveReset, onLiveStatus, startLiveConnection, stopLiveConnection, type LiveChange, type LiveFilter, type LiveStatus } from './live/connection';
export { useSingleKeyShortcuts } from './hooks/use-single-key-shortcuts';

// State
export { appStore } from './state/store';
export {
  accessTokenAtom,
  accessTokenExpiresAtAtom,
  currentAgencyAtom,
  currentUserAtom,
  permissionMatches,
  permissionsAtom,
  profileAtom,
  sessionStatusAtom,
  type SessionStatus,
} from './state/session';
export { useCan, useCurrentAgency, useCurrentUser, usePermissions, useSession, useWidgets } from './state/hooks';
export { widgetsAtom } from './state/widgets';
export { moduleListRefreshAtom, refreshModuleList } from './state/module-list';
export { pageHeaderAtom, type Crumb, type PageHeader } from './state/page-header';
export { toast, toastsAtom, type ToastInput, type ToastItem, type ToastTone, type Toaster as ToastApi } from './state/toasts';

// Theme
export {
  resolvedThemeAtom,
  startThemeSync,
  themePreferenceAtom,
  THEME_STORAGE_KEY,
  useResolvedTheme,
  useThemePreference,
  type ResolvedTheme,
  type ThemePreference,
} from './theme/theme';

// UI kit
export { Avatar, type AvatarProps } from './ui/Avatar';
export { initialsOf } from './ui/initials';
export { Badge, type BadgeProps, type BadgeTone } from './ui/Badge';
export { Button, IconButton, type ButtonProps, type ButtonSize, type ButtonVariant, type IconButtonProps } from './ui/Button';
export { Card, type CardProps } from './ui/Card';
export { Dialog, DialogClose, Drawer, preloadDialog, type DialogProps, type DrawerProps } from './ui/Dialog';
export { ConflictNotice, type ConflictNoticeProps } from './ui/ConflictNotice';
export { EmptyState, type EmptyStateProps } from './ui/EmptyState';
export { ErrorBoundary, type ErrorBoundaryProps } from './ui/ErrorBoundary';
export { ErrorState, type ErrorStateProps } from './ui/ErrorState';
export { Field, useFieldControl, type FieldProps } from './ui/Field';
export { Input, Textarea, type InputProps, type TextareaProps } from './ui/Input';
export { MentionTextarea, withMentions, type MentionTextareaProps } from './ui/MentionTextarea';
export { KpiFigure, type KpiFigureProps } from './ui/KpiFigure';
export { formatDuration, formatKpi, kpiChange, PERCENT_CHANGE_MIN_PREVIOUS, type KpiFormat, type KpiTrend } from './ui/kpi-math';
export { agencyZoneAtom, currentDateFormat, dateFormat, loadAgencyZone, setAgencyZone, useDateFormat, type DateFormat } from './time/agency-time';
export {
  Menu,
  MenuContent,
  MenuGroup,
  MenuItem,
  MenuLabel,
  MenuRadioGroup,
  MenuRadioItem,
  MenuSeparator,
  MenuTrigger,
  type MenuItemProps,
  type MenuProps,
  type MenuTriggerProps,
} from './ui/Menu';
export { QuickPickDialog, type QuickPickDialogProps, type QuickPickOption } from './ui/QuickPickDialog';
export { Select, type SelectOption, type SelectProps } from './ui/Select';
export { Skeleton, SkeletonText, type SkeletonProps } from './ui/Skeleton';
export { Table, type SortDirection, type SortState, type TableColumn, type TableProps } from './ui/Table';
export { Tabs, TabsContent, TabsList, TabsTrigger, type TabsContentProps, type TabsProps, type TabsTriggerProps } from './ui/Tabs';
export { Toaster, useToast } from './ui/Toast';
export { Tooltip, type TooltipProps } from './ui/Tooltip';
export { WidgetOutlet, type WidgetOutletProps } from './ui/WidgetOutlet';
export { cx } from './ui/cx';
