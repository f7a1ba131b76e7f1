/**
 * Demo tickets: what a digital-marketing agency's support queue looks like over a quarter.
 * Times are relative to "now" at seeding (hours ago), so the demo always looks current;
 * some tickets miss their SLA on purpose so that the breach views have something to show.
 */
import type { Category, NoteVisibility, Priority, Status } from './constants';

export interface SeedNote {
  /** Minutes after the ticket was opened. */
  after: number;
  by: string;
  visibility: NoteVisibility;
  body: string;
}

export interface SeedTicket {
  title: string;
  description: string;
  category: Category;
  priority: Priority;
  /** Index into `demo.clientIds(agency)`. */
  client: number;
  assignee: string | null;
  createdBy: string;
  ageHours: number;
  status: Status;
  /** Minutes until the first status change by staff (null: none yet). */
  firstResponseAfter: number | null;
  resolvedAfterHours?: number;
  resolvedBy?: string;
  resolution?: string;
  notes?: SeedNote[];
  /** [who, minutes, note] */
  time?: [string, number, string][];
}

const d = (days: number, hours = 0) => days * 24 + hours;

export const chaseTickets: SeedTicket[] = [
  {
    title: 'Meta pixel not firing on checkout confirmation',
    description: 'Purchase events stopped showing in Events Manager after the theme update on Friday. Add-to-cart still fires.',
    category: 'technical', priority: 'critical', client: 1, assignee: 'jeff', createdBy: 'josh', ageHours: d(88), status: 'resolved',
    firstResponseAfter: 25, resolvedAfterHours: 6, resolvedBy: 'jeff',
    resolution: 'The new theme dropped the pixel snippet from order-status.liquid. Re-added it through GTM and verified Purchase in Test Events.',
    notes: [
      { after: 25, by: 'jeff', visibility: 'client', body: 'Looking at it now: the pixel base code loads, the Purchase event does not. Checking the checkout template.' },
      { after: 200, by: 'jeff', visibility: 'internal', body: 'Theme dev removed the additional scripts block. Moving the event into GTM so it survives the next update.' },
    ],
    time: [['jeff', 95, 'Diagnosis and GTM tag'], ['jeff', 30, 'Verification with test orders']],
  },
  {
    title: 'Question about the March invoice',
    description: 'The invoice shows two management fees for March. Can you check whether one of them is a duplicate?',
    category: 'billing', priority: 'medium', client: 0, assignee: 'garrett', createdBy: 'garrett', ageHours: d(85), status: 'resolved',
    firstResponseAfter: 120, resolvedAfterHours: 20, resolvedBy: 'garrett',
    resolution: 'One fee was the pro-rated onboarding month. Sent a breakdown and issued a credit note for the overlap (4 days).',
    notes: [{ after: 120, by: 'garrett', visibility: 'client', body: 'Thanks for flagging. Checking with finance and coming back today.' }],
    time: [['garrett', 40, 'Invoice review with finance']],
  },
  {
    title: 'Google Ads campaign paused unexpectedly',
    description: 'The Spring Sale search campaign shows as paused since this morning. Nobody on our side touched it.',
    category: 'campaign', priority: 'high', client: 3, assignee: 'josh', createdBy: 'josh', ageHours: d(82), status: 'resolved',
    firstResponseAfter: 45, resolvedAfterHours: 3, resolvedBy: 'josh',
    resolution: 'An automated rule paused it when CPA passed the threshold. Raised the threshold to the agreed target and re-enabled the campaign.',
    notes: [{ after: 45, by: 'josh', visibility: 'client', body: 'Found it: an automated rule paused the campaign at 6:02. Re-enabling now.' }],
    time: [['josh', 35, 'Rule audit and re-enable']],
  },
  {
    title: 'GA4 conversions doubled overnight',
    description: 'Conversions in GA4 are twice what the shop reports. Started on the 12th.',
    category: 'technical', priority: 'high', client: 5, assignee: 'jeff', createdBy: 'josh', ageHours: d(78), status: 'resolved',
    firstResponseAfter: 380, resolvedAfterHours: 30, resolvedBy: 'jeff',
    resolution: 'The purchase event was sent by both gtag and GTM. Removed the hard-coded gtag call; numbers match the shop since yesterday.',
    notes: [
      { after: 380, by: 'jeff', visibility: 'client', body: 'Sorry for the wait. We see the purchase event twice per order; tracing where the second one comes from.' },
      { after: 900, by: 'josh', visibility: 'internal', body: 'Client asked for a corrected report for the month once fixed.' },
    ],
    time: [['jeff', 120, 'Tag audit'], ['jeff', 45, 'Fix and QA']],
  },
  {
    title: 'Request: add TikTok to the monthly report',
    description: 'We started TikTok ads in-house and would like them in the monthly performance report.',
    category: 'general', priority: 'low', client: 2, assignee: 'josh', createdBy: 'luke', ageHours: d(75), status: 'resolved',
    firstResponseAfter: 600, resolvedAfterHours: 96, resolvedBy: 'josh',
    resolution: 'Connected the TikTok Ads account to the reporting workspace and added a channel page to the template.',
    time: [['josh', 90, 'Connector and report page']],
  },
  {
    title: 'Landing page form submissions not reaching the CRM',
    description: 'Leads from the webinar landing page are missing in HubSpot since Tuesday.',
    category: 'technical', priority: 'critical', client: 4, assignee: 'garrett', createdBy: 'garrett', ageHours: d(71), status: 'resolved',
    firstResponseAfter: 95, resolvedAfterHours: 14, resolvedBy: 'garrett',
    resolution: 'The form webhook pointed at the old HubSpot portal. Updated it and replayed the 37 missed submissions from the form log.',
    notes: [{ after: 95, by: 'garrett', visibility: 'client', body: 'We are on it. The webhook returns 404, probably the portal migration.' }],
    time: [['garrett', 75, 'Webhook fix'], ['garrett', 50, 'Replay missed leads']],
  },
  {
    title: 'Ad account disapproval: "misleading claims"',
    description: 'Three ads in the retargeting set were disapproved for misleading claims. Please review the copy.',
    category: 'campaign', priority: 'high', client: 6, assignee: 'josh', createdBy: 'josh', ageHours: d(66), status: 'resolved',
    firstResponseAfter: 60, resolvedAfterHours: 22, resolvedBy: 'josh',
    resolution: 'Rewrote the "guaranteed results" lines, resubmitted; all three ads approved after review.',
    time: [['josh', 60, 'Copy rewrite and appeal']],
  },
  {
    title: 'Change billing contact to finance@',
    description: 'Please send invoices to our finance mailbox from next month on.',
    category: 'billing', priority: 'low', client: 7, assignee: 'garrett', createdBy: 'garrett', ageHours: d(62), status: 'resolved',
    firstResponseAfter: 300, resolvedAfterHours: 5, resolvedBy: 'garrett',
    resolution: 'Billing contact updated in the accounting system; confirmation sent.',
    time: [['garrett', 10, 'Update contact']],
  },
  {
    title: 'Escalation: ROAS dropped 40% week over week',
    description: 'The client CEO is asking for an explanation of the ROAS drop and a recovery plan by Friday.',
    category: 'escalation', priority: 'critical', client: 3, assignee: 'luke', createdBy: 'josh', ageHours: d(58), status: 'resolved',
    firstResponseAfter: 150, resolvedAfterHours: 30, resolvedBy: 'luke',
    resolution: 'Cause: broad-match expansion after the budget increase plus a stock-out on the top 5 products. Plan agreed in a call with the CEO.',
    notes: [
      { after: 150, by: 'luke', visibility: 'client', body: 'I am taking this personally. Call booked for tomorrow 10:00 with the analysis.' },
      { after: 600, by: 'josh', visibility: 'internal', body: 'Pulled search terms: 30% of spend on irrelevant broad-match queries since the 3rd.' },
    ],
    time: [['luke', 90, 'Call and plan'], ['josh', 150, 'Analysis']],
  },
  {
    title: 'Server-side tagging container down',
    description: 'The sGTM endpoint returns 502 for all requests.',
    category: 'technical', priority: 'critical', client: 5, assignee: 'jeff', createdBy: 'jeff', ageHours: d(54), status: 'resolved',
    firstResponseAfter: 15, resolvedAfterHours: 2, resolvedBy: 'jeff',
    resolution: 'Cloud Run instance hit its memory limit after a traffic spike. Raised the limit and set min instances to 2.',
    time: [['jeff', 70, 'Incident and fix']],
  },
  {
    title: 'Access request for the new marketing coordinator',
    description: 'Please give Sam read access to Google Ads and GA4.',
    category: 'general', priority: 'low', client: 0, assignee: 'jeff', createdBy: 'garrett', ageHours: d(50), status: 'resolved',
    firstResponseAfter: 200, resolvedAfterHours: 8, resolvedBy: 'garrett',
    resolution: 'Access granted to both properties with read-only roles.',
    time: [['garrett', 15, 'Access setup']],
  },
  {
    title: 'Duplicate charge on the card for ad spend',
    description: 'Our card was charged twice for the May ad spend top-up.',
    category: 'billing', priority: 'high', client: 4, assignee: 'garrett', createdBy: 'garrett', ageHours: d(46), status: 'resolved',
    firstResponseAfter: 420, resolvedAfterHours: 50, resolvedBy: 'garrett',
    resolution: 'Payment processor retried after a timeout; the duplicate was refunded (reference RF-2291).',
    notes: [{ after: 420, by: 'garrett', visibility: 'client', body: 'We see both charges. Refund requested with the processor, should arrive in 3-5 days.' }],
    time: [['garrett', 35, 'Processor ticket']],
  },
  {
    title: 'Performance Max campaign spending on brand terms',
    description: 'PMax seems to cannibalise brand search. Can we exclude brand?',
    category: 'campaign', priority: 'medium', client: 1, assignee: 'josh', createdBy: 'josh', ageHours: d(41), status: 'resolved',
    firstResponseAfter: 240, resolvedAfterHours: 40, resolvedBy: 'josh',
    resolution: 'Brand exclusion list applied to PMax; brand search impression share back to 92%.',
    time: [['josh', 45, 'Brand exclusions']],
  },
  {
    title: 'Consent banner blocks all tags in Safari',
    description: 'Since the CMP update, no tags fire for Safari users even after consent.',
    category: 'technical', priority: 'high', client: 3, assignee: 'jeff', createdBy: 'jeff', ageHours: d(36), status: 'resolved',
    firstResponseAfter: 100, resolvedAfterHours: 12, resolvedBy: 'jeff',
    resolution: 'Consent mode default was never updated on Safari because of ITP storage partitioning. Switched to the CMP native GTM template.',
    time: [['jeff', 110, 'Debugging consent mode'], ['jeff', 40, 'Template switch']],
  },
  {
    title: 'Monthly report missing Bing data',
    description: 'The April report shows zero for Microsoft Ads.',
    category: 'general', priority: 'medium', client: 2, assignee: 'josh', createdBy: 'josh', ageHours: d(30), status: 'resolved',
    firstResponseAfter: 300, resolvedAfterHours: 24, resolvedBy: 'josh',
    resolution: 'The Microsoft Ads token had expired. Reconnected and regenerated the report.',
    time: [['josh', 25, 'Reconnect and regenerate']],
  },
  {
    title: 'Escalation: client threatens to churn over lead quality',
    description: 'Sales team says 70% of last month leads were unqualified. Account at risk.',
    category: 'escalation', priority: 'critical', client: 7, assignee: 'luke', createdBy: 'luke', ageHours: d(24), status: 'in_progress',
    firstResponseAfter: 240,
    notes: [
      { after: 240, by: 'luke', visibility: 'client', body: 'Understood. We are auditing every lead source and will present findings on Thursday.' },
      { after: 800, by: 'josh', visibility: 'internal', body: 'Most junk comes from the lead-gen form on Meta Advantage+ audiences. Proposing qualifying questions.' },
    ],
    time: [['luke', 60, 'Client call'], ['josh', 120, 'Lead audit']],
  },
  {
    title: 'Update UTM conventions for the summer campaigns',
    description: 'Please align UTMs with the new naming document before the summer launch.',
    category: 'campaign', priority: 'low', client: 6, assignee: null, createdBy: 'josh', ageHours: d(20), status: 'new',
    firstResponseAfter: null,
  },
  {
    title: 'Shopify checkout extensibility migration: tracking plan',
    description: 'Checkout moves to extensibility next month. We need the tracking plan for the new customer events.',
    category: 'technical', priority: 'medium', client: 5, assignee: 'jeff', createdBy: 'jeff', ageHours: d(14), status: 'waiting_client',
    firstResponseAfter: 180,
    notes: [{ after: 180, by: 'jeff', visibility: 'client', body: 'Draft plan attached. We need staff access to the Shopify admin to install the custom pixel.' }],
    time: [['jeff', 90, 'Tracking plan draft']],
  },
  {
    title: 'Invoice needs PO number',
    description: 'Procurement rejected the invoice because it lacks our PO number 4500123.',
    category: 'billing', priority: 'medium', client: 3, assignee: 'garrett', createdBy: 'garrett', ageHours: d(9), status: 'waiting_client',
    firstResponseAfter: 60,
    notes: [{ after: 60, by: 'garrett', visibility: 'client', body: 'Re-issued with the PO. Could you confirm the billing address for the new entity?' }],
    time: [['garrett', 20, 'Re-issue invoice']],
  },
  {
    title: 'YouTube campaign not delivering',
    description: 'The new video campaign has 0 impressions after two days.',
    category: 'campaign', priority: 'high', client: 0, assignee: 'josh', createdBy: 'josh', ageHours: d(6), status: 'in_progress',
    firstResponseAfter: 400,
    notes: [{ after: 400, by: 'josh', visibility: 'client', body: 'The videos are still under policy review. We asked Google support to expedite.' }],
    time: [['josh', 30, 'Support case']],
  },
  {
    title: 'Enhanced conversions setup',
    description: 'We would like to enable enhanced conversions for leads.',
    category: 'technical', priority: 'medium', client: 1, assignee: 'jeff', createdBy: 'josh', ageHours: d(5), status: 'in_progress',
    firstResponseAfter: 300,
    time: [['jeff', 45, 'Setup in GTM']],
  },
  {
    title: 'Question about agency fee for the new market',
    description: 'How would the management fee work if we add Germany as a second market?',
    category: 'billing', priority: 'low', client: 2, assignee: null, createdBy: 'garrett', ageHours: d(4), status: 'new',
    firstResponseAfter: null,
  },
  {
    title: 'Meta catalog sync errors',
    description: '1,200 products rejected in the catalog with "missing availability".',
    category: 'technical', priority: 'high', client: 4, assignee: 'garrett', createdBy: 'garrett', ageHours: d(3), status: 'new',
    firstResponseAfter: null,
  },
  {
    title: 'Black Friday campaign plan review',
    description: 'Please review the draft budget split and creative calendar for Black Friday.',
    category: 'campaign', priority: 'medium', client: 6, assignee: 'josh', createdBy: 'josh', ageHours: d(2, 5), status: 'in_progress',
    firstResponseAfter: 200,
    time: [['josh', 60, 'Plan review']],
  },
  {
    title: 'Call tracking numbers not swapping on mobile',
    description: 'Dynamic number insertion works on desktop only.',
    category: 'technical', priority: 'medium', client: 3, assignee: 'jeff', createdBy: 'jeff', ageHours: d(2), status: 'new',
    firstResponseAfter: null,
  },
  {
    title: 'Weekly report delivery time',
    description: 'Could the weekly report arrive on Monday 8:00 instead of 10:00?',
    category: 'general', priority: 'low', client: 7, assignee: null, createdBy: 'josh', ageHours: d(1, 6), status: 'new',
    firstResponseAfter: null,
  },
  {
    title: 'Lookalike audience too small to deliver',
    description: 'The 1% lookalike from purchasers shows "audience too small".',
    category: 'campaign', priority: 'medium', client: 5, assignee: 'jeff', createdBy: 'jeff', ageHours: 20, status: 'in_progress',
    firstResponseAfter: 90,
    time: [['jeff', 25, 'Seed audience check']],
  },
  {
    title: 'Escalation: tracking outage during product launch',
    description: 'No conversions recorded since the launch went live at 09:00. Launch budget is running.',
    category: 'escalation', priority: 'critical', client: 1, assignee: 'jeff', createdBy: 'josh', ageHours: 5, status: 'in_progress',
    firstResponseAfter: 20,
    notes: [
      { after: 20, by: 'jeff', visibility: 'client', body: 'On it. Budget paused on the launch campaigns until tracking is confirmed.' },
      { after: 90, by: 'jeff', visibility: 'internal', body: 'GTM container was published from an old workspace; rolling back to version 41.' },
    ],
    time: [['jeff', 80, 'Incident']],
  },
  {
    title: 'Invoice currency should be EUR',
    description: 'Our new entity is in Ireland; invoices should be in EUR from now on.',
    category: 'billing', priority: 'medium', client: 0, assignee: 'garrett', createdBy: 'garrett', ageHours: 6.5, status: 'new',
    firstResponseAfter: null,
  },
  {
    title: 'Campaign paused: payment method declined',
    description: 'All Meta campaigns stopped, the account shows a declined card.',
    category: 'campaign', priority: 'high', client: 7, assignee: null, createdBy: 'josh', ageHours: 1, status: 'new',
    firstResponseAfter: null,
  },
];

export const northwindTickets: SeedTicket[] = [
  {
    title: 'Podcast ad tracking links broken',
    description: 'The vanity URLs in the podcast reads return 404.',
    category: 'technical', priority: 'high', client: 0, assignee: 'nina', createdBy: 'nina', ageHours: d(20), status: 'resolved',
    firstResponseAfter: 60, resolvedAfterHours: 10, resolvedBy: 'nina', resolution: 'Redirects restored after the CMS migration.',
    time: [['nina', 40, 'Redirects']],
  },
  {
    title: 'Quarterly retainer invoice question',
    description: 'Does the retainer include the new display campaigns?',
    category: 'billing', priority: 'low', client: 1, assignee: 'nina', createdBy: 'nina', ageHours: d(3), status: 'waiting_client',
    firstResponseAfter: 120,
  },
  {
    title: 'Programmatic campaign under-delivering',
    description: 'Only 40% of planned impressions delivered this week.',
    category: 'campaign', priority: 'medium', client: 2, assignee: null, createdBy: 'nina', ageHours: 30, status: 'new',
    firstResponseAfter: null,
  },
];
