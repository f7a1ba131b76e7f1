import {
  Bell,
  Blocks,
  BookOpen,
  Bot,
  ChartColumn,
  Gauge,
  Inbox,
  Kanban,
  LayoutDashboard,
  LifeBuoy,
  Mail,
  MessagesSquare,
  Puzzle,
  Settings,
  Ticket,
  Users,
  Workflow,
  Zap,
  type LucideIcon,
} from 'lucide-react';

/**
 * The icon vocabulary a module manifest may name. Named imports keep the bundle to these few
 * icons (importing lucide's whole set would cost hundreds of KB); unknown names get Puzzle.
 */
const ICONS: Record<string, LucideIcon> = {
  dashboard: LayoutDashboard,
  'layout-dashboard': LayoutDashboard,
  gauge: Gauge,
  chart: ChartColumn,
  kanban: Kanban,
  pipeline: Kanban,
  ticket: Ticket,
  tickets: Ticket,
  'life-buoy': LifeBuoy,
  support: LifeBuoy,
  inbox: Inbox,
  messages: MessagesSquare,
  'messages-square': MessagesSquare,
  mail: Mail,
  bell: Bell,
  notifications: Bell,
  book: BookOpen,
  'book-open': BookOpen,
  'knowledge-base': BookOpen,
  workflow: Workflow,
  zap: Zap,
  automation: Zap,
  bot: Bot,
  settings: Settings,
  users: Users,
  blocks: Blocks,
  puzzle: Puzzle,
};

export function navIcon(name: string | undefined): LucideIcon {
  return (name && ICONS[name.toLowerCase()]) || Puzzle;
}
