/**
 * The demo pipeline, as data. Days are "days ago"; each client's `moves` is its stage history
 * from creation on, chosen so that the board shows every stage and every health colour with
 * the default thresholds (yellow after 7 days in a stage, red after 14).
 */
export interface SeedMove {
  stage: string;
  daysAgo: number;
  by: string;
  note?: string;
}

export interface SeedTask {
  stage: string;
  title: string;
  assignee?: string;
  done?: boolean;
  dueInDays?: number;
}

export interface SeedClient {
  name: string;
  company: string;
  website: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  tags: string[];
  totalSpend: number;
  lifetimeValue: number;
  notes: string;
  owner: string;
  collaborators: string[];
  moves: SeedMove[];
  health?: { value: 'green' | 'yellow' | 'red'; reason: string; by: string };
  tasks: SeedTask[];
  timeline: { by: string; daysAgo: number; body: string }[];
}

/** Chase Digital's eight clients, in the order of `demo.clientIds('chase-digital')`. */
export const CHASE_CLIENTS: SeedClient[] = [
  {
    name: 'Bloom & Co Skincare',
    company: 'Bloom & Co Ltd',
    website: 'https://bloomandco.com',
    contactName: 'Priya Natarajan',
    contactEmail: 'priya@bloomandco.com',
    contactPhone: '+1 (415) 555-0142',
    tags: ['shopify', 'meta-capi', 'e-commerce'],
    totalSpend: 0,
    lifetimeValue: 14400,
    notes: 'DTC skincare on Shopify Plus. Spends most on Meta; wants server-side tracking before the spring launch.',
    owner: 'josh',
    collaborators: ['luke'],
    moves: [{ stage: 'onboarding', daysAgo: 3, by: 'josh', note: 'Signed the 12-month tracking retainer' }],
    tasks: [
      { stage: 'onboarding', title: 'Kickoff call with Priya', assignee: 'josh', done: true },
      { stage: 'onboarding', title: 'Collect GTM, GA4 and Meta Business Manager access', assignee: 'josh', dueInDays: 2 },
      { stage: 'onboarding', title: 'Agree on the conversion events to track', assignee: 'luke', dueInDays: 4 },
    ],
    timeline: [{ by: 'josh', daysAgo: 3, body: 'Kickoff booked for Thursday. Priya asked for a timeline before the March product launch.' }],
  },
  {
    name: 'Summit Outdoor Supply',
    company: 'Summit Outdoor Supply Co.',
    website: 'https://summitoutdoorsupply.com',
    contactName: 'Marcus Bell',
    contactEmail: 'marcus.bell@summitoutdoorsupply.com',
    contactPhone: '+1 (303) 555-0187',
    tags: ['woocommerce', 'google-ads', 'e-commerce'],
    totalSpend: 12850,
    lifetimeValue: 31200,
    notes: 'Camping and climbing gear, WooCommerce. Google Shopping is 70% of revenue.',
    owner: 'jeff',
    collaborators: ['josh'],
    moves: [
      { stage: 'onboarding', daysAgo: 24, by: 'josh', note: 'Referred by Copperline' },
      { stage: 'installation', daysAgo: 10, by: 'jeff', note: 'All access granted' },
    ],
    tasks: [
      { stage: 'onboarding', title: 'Kickoff call', assignee: 'josh', done: true },
      { stage: 'installation', title: 'Deploy server-side GTM container', assignee: 'jeff', done: true },
      { stage: 'installation', title: 'Enhanced conversions for Google Ads', assignee: 'jeff', dueInDays: -1 },
      { stage: 'installation', title: 'Verify purchase values against WooCommerce orders', assignee: 'jeff', dueInDays: 3 },
    ],
    timeline: [
      { by: 'jeff', daysAgo: 8, body: 'sGTM container is live on track.summitoutdoorsupply.com; waiting on their dev for the checkout dataLayer.' },
      { by: 'josh', daysAgo: 4, body: 'Marcus says the dev is back Monday. Nudged by email.' },
    ],
  },
  {
    name: 'Ledgerly',
    company: 'Ledgerly Inc.',
    website: 'https://ledgerly.io',
    contactName: 'Hannah Schultz',
    contactEmail: 'hannah@ledgerly.io',
    contactPhone: '+1 (646) 555-0110',
    tags: ['saas', 'hubspot', 'linkedin-ads'],
    totalSpend: 22400,
    lifetimeValue: 48000,
    notes: 'Bookkeeping SaaS for freelancers. Trial sign-ups and paid conversions flow through HubSpot.',
    owner: 'garrett',
    collaborators: ['josh'],
    moves: [
      { stage: 'onboarding', daysAgo: 45, by: 'garrett' },
      { stage: 'installation', daysAgo: 38, by: 'garrett' },
      { stage: 'audit', daysAgo: 16, by: 'josh', note: 'Install done; auditing trial → paid attribution' },
    ],
    tasks: [
      { stage: 'audit', title: 'Reconcile LinkedIn conversions with HubSpot deals', assignee: 'josh', done: true },
      { stage: 'audit', title: 'Check offline conversion upload schedule', assignee: 'garrett', dueInDays: -3 },
      { stage: 'audit', title: 'Send audit report to Hannah', assignee: 'garrett', dueInDays: -1 },
    ],
    timeline: [
      { by: 'josh', daysAgo: 12, body: 'Offline conversions from HubSpot arrive 48h late; LinkedIn attribution window is 30 days, so fine, but flagging it.' },
      { by: 'garrett', daysAgo: 5, body: 'Audit report is waiting on Hannah confirming which plan tiers count as a conversion.' },
    ],
  },
  {
    name: 'Harbor Dental Group',
    company: 'Harbor Dental Group PLLC',
    website: 'https://harbordentalgroup.com',
    contactName: 'Dr. Elena Ruiz',
    contactEmail: 'elena.ruiz@harbordentalgroup.com',
    contactPhone: '+1 (206) 555-0163',
    tags: ['local', 'google-ads', 'call-tracking'],
    totalSpend: 18900,
    lifetimeValue: 26400,
    notes: 'Three practices in Seattle. Leads are phone calls and booking-form submissions.',
    owner: 'josh',
    collaborators: ['jeff'],
    moves: [
      { stage: 'onboarding', daysAgo: 88, by: 'josh' },
      { stage: 'installation', daysAgo: 80, by: 'jeff' },
      { stage: 'audit', daysAgo: 62, by: 'jeff' },
      { stage: 'live', daysAgo: 50, by: 'josh', note: 'Call tracking and booking events verified' },
      { stage: 'needs-support', daysAgo: 20, by: 'josh', note: 'Booking widget changed vendor; form events stopped' },
      { stage: 'live', daysAgo: 5, by: 'jeff', note: 'New widget tracked through its postMessage events' },
    ],
    tasks: [
      { stage: 'live', title: 'Monthly lead report for Dr. Ruiz', assignee: 'josh', dueInDays: 9 },
      { stage: 'needs-support', title: 'Track the new booking widget', assignee: 'jeff', done: true },
    ],
    timeline: [
      { by: 'josh', daysAgo: 20, body: 'Bookings in GA4 dropped to zero on the 3rd. Practice switched to a new booking provider without telling us.' },
      { by: 'jeff', daysAgo: 5, body: 'Fixed: listening to the widget’s postMessage events, booking_complete fires again. Backfilled nothing (not possible).' },
    ],
  },
  {
    name: 'Copperline Coffee Roasters',
    company: 'Copperline Coffee LLC',
    website: 'https://copperlinecoffee.com',
    contactName: 'Sam Okoro',
    contactEmail: 'sam@copperlinecoffee.com',
    contactPhone: '+1 (503) 555-0129',
    tags: ['shopify', 'subscriptions', 'e-commerce'],
    totalSpend: 36750,
    lifetimeValue: 52800,
    notes: 'Specialty coffee subscriptions on Shopify + Recharge. Very responsive team.',
    owner: 'luke',
    collaborators: ['josh'],
    moves: [
      { stage: 'onboarding', daysAgo: 75, by: 'luke' },
      { stage: 'installation', daysAgo: 66, by: 'josh' },
      { stage: 'audit', daysAgo: 52, by: 'josh' },
      { stage: 'live', daysAgo: 20, by: 'luke', note: 'Subscription renewals tracked as purchases' },
    ],
    health: { value: 'green', reason: 'Stable since go-live; monthly check-in on the 1st', by: 'luke' },
    tasks: [
      { stage: 'live', title: 'Monthly check-in with Sam', assignee: 'luke', dueInDays: 6 },
      { stage: 'live', title: 'Add Recharge churn events to GA4', assignee: 'josh', dueInDays: 14 },
    ],
    timeline: [{ by: 'luke', daysAgo: 18, body: 'Sam is happy with the renewal tracking. Upsell opportunity: TikTok Events API in Q3.' }],
  },
  {
    name: 'Pulse Fitness Studios',
    company: 'Pulse Fitness Holdings',
    website: 'https://pulsefitnessstudios.com',
    contactName: 'Jordan Avery',
    contactEmail: 'jordan@pulsefitnessstudios.com',
    contactPhone: '+1 (512) 555-0175',
    tags: ['local', 'meta-ads', 'mindbody'],
    totalSpend: 27300,
    lifetimeValue: 39600,
    notes: 'Five boutique studios in Austin. Trial-class bookings via Mindbody.',
    owner: 'jeff',
    collaborators: ['garrett'],
    moves: [
      { stage: 'onboarding', daysAgo: 85, by: 'garrett' },
      { stage: 'installation', daysAgo: 76, by: 'jeff' },
      { stage: 'audit', daysAgo: 64, by: 'jeff' },
      { stage: 'live', daysAgo: 40, by: 'garrett' },
      { stage: 'needs-support', daysAgo: 9, by: 'jeff', note: 'Meta reports 40% fewer trial bookings than Mindbody' },
    ],
    tasks: [
      { stage: 'needs-support', title: 'Compare Meta CAPI events with Mindbody bookings', assignee: 'jeff', done: true },
      { stage: 'needs-support', title: 'Fix event deduplication (event_id mismatch)', assignee: 'jeff', dueInDays: 1 },
    ],
    timeline: [
      { by: 'jeff', daysAgo: 9, body: 'Browser and server events use different event_id formats, so Meta drops one of them. Fix planned.' },
      { by: 'garrett', daysAgo: 2, body: 'Jordan asked for an update before their monthly budget review on Friday.' },
    ],
  },
  {
    name: 'Trailhead Analytics',
    company: 'Trailhead Analytics GmbH',
    website: 'https://trailhead-analytics.de',
    contactName: 'Lena Fischer',
    contactEmail: 'lena.fischer@trailhead-analytics.de',
    contactPhone: '+49 30 5550 1934',
    tags: ['saas', 'b2b', 'gdpr'],
    totalSpend: 41200,
    lifetimeValue: 61800,
    notes: 'Product analytics SaaS, Berlin. Consent Mode v2 set-up was the main project.',
    owner: 'luke',
    collaborators: ['jeff'],
    moves: [
      { stage: 'onboarding', daysAgo: 90, by: 'luke' },
      { stage: 'installation', daysAgo: 83, by: 'jeff' },
      { stage: 'audit', daysAgo: 70, by: 'jeff' },
      { stage: 'live', daysAgo: 55, by: 'luke' },
      { stage: 'off-boarding', daysAgo: 2, by: 'luke', note: 'Budget freeze: pausing paid acquisition after this quarter' },
    ],
    tasks: [
      { stage: 'off-boarding', title: 'Export the last 13 months of reports', assignee: 'jeff', dueInDays: 5 },
      { stage: 'off-boarding', title: 'Hand over GTM container documentation', assignee: 'jeff', dueInDays: 7 },
      { stage: 'off-boarding', title: 'Remove our access from GA4 and Google Ads', assignee: 'luke', dueInDays: 10 },
    ],
    timeline: [{ by: 'luke', daysAgo: 2, body: 'Lena was clear it is budget, not performance. Leave the door open for Q1.' }],
  },
  {
    name: 'Northstar Home Goods',
    company: 'Northstar Home Goods Inc.',
    website: 'https://northstarhome.co',
    contactName: 'Grace Liu',
    contactEmail: 'grace.liu@northstarhome.co',
    contactPhone: '+1 (312) 555-0158',
    tags: ['bigcommerce', 'pinterest-ads', 'e-commerce'],
    totalSpend: 0,
    lifetimeValue: 21600,
    notes: 'Home decor on BigCommerce; Pinterest and Meta. Their agency of record controls GTM.',
    owner: 'garrett',
    collaborators: [],
    moves: [{ stage: 'onboarding', daysAgo: 15, by: 'garrett', note: 'Contract signed' }],
    tasks: [
      { stage: 'onboarding', title: 'Kickoff call', assignee: 'garrett', done: true },
      { stage: 'onboarding', title: 'Get GTM publish access from their agency of record', assignee: 'garrett', dueInDays: -6 },
    ],
    timeline: [
      { by: 'garrett', daysAgo: 11, body: 'Their other agency has not answered the GTM access request. Escalated to Grace.' },
      { by: 'garrett', daysAgo: 3, body: 'Still blocked on access. Proposed a call with both agencies.' },
    ],
  },
];

/** Northwind's own three clients (isolation is visible in the demo). */
export const NORTHWIND_CLIENTS: SeedClient[] = [
  {
    name: 'Fjord Outfitters',
    company: 'Fjord Outfitters AS',
    website: 'https://fjordoutfitters.no',
    contactName: 'Ingrid Solberg',
    contactEmail: 'ingrid@fjordoutfitters.no',
    contactPhone: '+47 22 55 01 77',
    tags: ['shopify', 'e-commerce'],
    totalSpend: 15800,
    lifetimeValue: 24000,
    notes: 'Outdoor apparel, ships across the Nordics.',
    owner: 'nina',
    collaborators: [],
    moves: [
      { stage: 'onboarding', daysAgo: 60, by: 'nina' },
      { stage: 'installation', daysAgo: 52, by: 'nina' },
      { stage: 'live', daysAgo: 30, by: 'nina' },
    ],
    tasks: [{ stage: 'live', title: 'Quarterly tracking review', assignee: 'nina', dueInDays: 20 }],
    timeline: [{ by: 'nina', daysAgo: 30, body: 'Live. Klaviyo and Meta both receive purchases.' }],
  },
  {
    name: 'Kestrel Legal',
    company: 'Kestrel Legal LLP',
    website: 'https://kestrellegal.co.uk',
    contactName: 'Oliver Grant',
    contactEmail: 'oliver.grant@kestrellegal.co.uk',
    contactPhone: '+44 20 7946 0321',
    tags: ['local', 'lead-gen'],
    totalSpend: 0,
    lifetimeValue: 9600,
    notes: 'Employment-law firm; leads are consultation requests.',
    owner: 'nina',
    collaborators: [],
    moves: [{ stage: 'onboarding', daysAgo: 4, by: 'nina' }],
    tasks: [{ stage: 'onboarding', title: 'Kickoff call', assignee: 'nina', dueInDays: 1 }],
    timeline: [],
  },
  {
    name: 'Brightpath Tutoring',
    company: 'Brightpath Learning Ltd',
    website: 'https://brightpathtutoring.com',
    contactName: 'Amara Osei',
    contactEmail: 'amara@brightpathtutoring.com',
    contactPhone: '+44 161 555 0199',
    tags: ['saas', 'education'],
    totalSpend: 7400,
    lifetimeValue: 14400,
    notes: 'Online tutoring marketplace; parent sign-ups and first-lesson bookings.',
    owner: 'nina',
    collaborators: [],
    moves: [
      { stage: 'onboarding', daysAgo: 33, by: 'nina' },
      { stage: 'installation', daysAgo: 26, by: 'nina' },
      { stage: 'audit', daysAgo: 8, by: 'nina' },
    ],
    tasks: [{ stage: 'audit', title: 'Check first-lesson booking attribution', assignee: 'nina', dueInDays: 2 }],
    timeline: [],
  },
];
