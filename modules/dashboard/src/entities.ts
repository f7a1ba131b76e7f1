import { EntitySchema } from '@audienceos/module-sdk';

/** A card of a layout, by provider module and KPI id; `hidden` keeps its place but not its card. */
export interface LayoutCard {
  module: string;
  id: string;
  hidden?: boolean;
}

/** One user's dashboard: the cards in their order. Cards it does not name are shown after them. */
export class Layout {
  id!: string;
  agencyId!: string;
  userId!: string;
  cards: LayoutCard[] = [];
  updatedAt: Date = new Date();
}

export const LayoutSchema = new EntitySchema<Layout>({
  class: Layout,
  tableName: 'dashboard.layout',
  properties: {
    id: { type: 'uuid', primary: true },
    agencyId: { type: 'uuid' },
    userId: { type: 'uuid' },
    cards: { type: 'json', columnType: 'jsonb' },
    updatedAt: { type: 'Date', columnType: 'timestamptz' },
  },
});

export const entities = [LayoutSchema];
