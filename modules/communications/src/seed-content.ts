/**
 * The demo inbox as data: who the clients' people are (as pipeline seeds them), and thread
 * scripts of a tracking agency's daily traffic. `c` lines are the client, other lines are the
 * staff member's handle; minutes are after the previous line. A script whose last line is
 * the client's needs a reply.
 */
export interface SeedContact {
  name: string;
  email: string;
  slackChannel: string;
}

/** Chase's eight clients in `demo.clientIds('chase-digital')` order, then Northwind's three. */
export const CHASE_CONTACTS: SeedContact[] = [
  { name: 'Priya Natarajan', email: 'priya@bloomandco.com', slackChannel: 'ext-bloom-co' },
  { name: 'Marcus Bell', email: 'marcus.bell@summitoutdoorsupply.com', slackChannel: 'ext-summit-outdoor' },
  { name: 'Hannah Schultz', email: 'hannah@ledgerly.io', slackChannel: 'ext-ledgerly' },
  { name: 'Dr. Elena Ruiz', email: 'elena.ruiz@harbordentalgroup.com', slackChannel: 'ext-harbor-dental' },
  { name: 'Sam Okoro', email: 'sam@copperlinecoffee.com', slackChannel: 'ext-copperline' },
  { name: 'Jordan Avery', email: 'jordan@pulsefitnessstudios.com', slackChannel: 'ext-pulse-fitness' },
  { name: 'Lena Fischer', email: 'lena.fischer@trailhead-analytics.de', slackChannel: 'ext-trailhead' },
  { name: 'Grace Liu', email: 'grace.liu@northstarhome.co', slackChannel: 'ext-northstar' },
];

export const NORTHWIND_CONTACTS: SeedContact[] = [
  { name: 'Ingrid Solberg', email: 'ingrid@fjordoutfitters.no', slackChannel: 'fjord-shared' },
  { name: 'Oliver Grant', email: 'oliver.grant@kestrellegal.co.uk', slackChannel: 'kestrel-shared' },
  { name: 'Amara Osei', email: 'amara@brightpathtutoring.com', slackChannel: 'brightpath-shared' },
];

export type Line = [who: string, text: string, minutes: number];

export interface ThreadScript {
  source: 'slack' | 'gmail';
  subject: string;
  lines: Line[];
  labels?: string[];
  status?: 'done' | 'snoozed';
  assignee?: string;
}

export const SCRIPTS: ThreadScript[] = [
  {
    source: 'gmail',
    subject: 'Purchase events missing in GA4 since Friday',
    labels: ['tracking'],
    assignee: 'jeff',
    lines: [
      [
        'c',
        'Hi team, our GA4 purchase count dropped to almost zero since Friday but Shopify shows normal orders. Did something change on your side?',
        0,
      ],
      [
        'jeff',
        'Thanks for flagging. The checkout extensibility migration went live Friday and the old additional scripts stopped firing. I am moving the purchase tag to a custom pixel now.',
        95,
      ],
      ['c', 'Great, how long until numbers are back? The weekly report goes to our CEO on Monday.', 40],
      [
        'jeff',
        'Deployed. Test orders show up in DebugView with value and transaction id. Data from today on is complete; Friday to today cannot be backfilled in GA4.',
        180,
      ],
      ['c', 'Understood. Can you add a note about the gap in the Looker Studio report?', 30],
    ],
  },
  {
    source: 'slack',
    subject: '',
    labels: ['meta-capi'],
    lines: [
      ['c', 'Quick one: Events Manager says our CAPI event match quality dropped to 5.1. Anything we should do?', 0],
      [
        'josh',
        'We saw it too. The new consent banner blocks the fbp cookie before consent, so fewer events carry it. I will send hashed email and phone from the server to compensate.',
        25,
      ],
      ['c', 'Perfect, thank you!', 10],
    ],
    status: 'done',
  },
  {
    source: 'gmail',
    subject: 'Access to Google Ads and Merchant Center',
    assignee: 'josh',
    lines: [
      [
        'c',
        'Hello, I have invited tracking@chasedigital.agency to Google Ads as admin. Merchant Center is managed by our old agency, I have asked them to add you.',
        0,
      ],
      [
        'josh',
        'Received, thank you. Once Merchant Center access comes through we will link it and check the product feed for disapprovals.',
        60,
      ],
      ['c', 'The old agency says they need a request from the new account manager. Can you send it from your side?', 1440],
    ],
  },
  {
    source: 'slack',
    subject: '',
    lines: [
      ['c', 'Are we still on for the kickoff call Thursday at 10?', 0],
      ['luke', 'Yes, 10am your time. Agenda: conversion events, consent mode, reporting cadence.', 15],
      ['c', 'Could we move it to 11? Our ops lead joins at 11.', 20],
      ['luke', '11 works. Updated the invite.', 8],
    ],
  },
  {
    source: 'gmail',
    subject: 'Invoice #2024-118 question',
    labels: ['billing'],
    lines: [
      ['c', 'Hi, the latest invoice lists 6 extra hours for "server container maintenance". Can you explain what was done?', 0],
      [
        'garrett',
        'Of course. The server container ran out of memory twice after your Black Friday traffic; we resized the Cloud Run instance and added monitoring. Details attached.',
        240,
      ],
      ['c', 'Thanks, that makes sense. One more: can future invoices go to accounts@ as well?', 120],
    ],
  },
  {
    source: 'slack',
    subject: '',
    labels: ['reporting'],
    lines: [
      ['c', 'The dashboard shows 312 leads last week but our CRM has 287. Which one is right?', 0],
      [
        'jeff',
        'The dashboard counts form submits including duplicates within 24h. I will switch the KPI to unique leads by email hash so it lines up with the CRM.',
        55,
      ],
      ['c', 'Makes sense. Please keep the old number as a secondary metric for a month.', 35],
      ['jeff', 'Done: both are on the overview page now, with a note on the definition.', 200],
      ['c', '👍', 5],
    ],
    status: 'done',
  },
  {
    source: 'gmail',
    subject: 'Cookie banner in German and French',
    labels: ['consent'],
    lines: [
      [
        'c',
        'Our legal team wants the consent banner translated to German and French before the EU launch on the 15th. Is that something you handle?',
        0,
      ],
      [
        'josh',
        'Yes, translations live in the CMP configuration. Please send the approved wording and we will set it up and test consent mode signals in both languages.',
        90,
      ],
      ['c', 'Attached are the approved texts from legal. Also: should the banner appear for Swiss visitors?', 2880],
    ],
  },
  {
    source: 'slack',
    subject: '',
    lines: [
      ['c', 'Heads up: we are launching the spring collection next Tuesday, expect 3x traffic.', 0],
      ['josh', 'Thanks! We will scale the server container ahead of time and watch the tags on launch day.', 30],
      ['c', 'Also, can we get a quick launch-day report by 6pm?', 600],
    ],
  },
  {
    source: 'gmail',
    subject: 'Re: Q3 attribution review',
    assignee: 'luke',
    lines: [
      ['luke', 'Attached is the Q3 attribution review: paid social is under-credited by roughly 18% in last-click.', 0],
      ['c', 'Very helpful. Can we walk through the data-driven model next week with our CFO?', 300],
      ['luke', 'Sure. Tuesday or Wednesday afternoon?', 45],
      ['c', 'Wednesday 2pm works.', 90],
      ['luke', 'Booked. See you then.', 10],
    ],
    status: 'done',
  },
  {
    source: 'slack',
    subject: '',
    labels: ['urgent'],
    lines: [
      ['c', 'Our checkout page is throwing a JS error "fbq is not defined" — is that from the pixel?', 0],
      ['jeff', 'Looking now.', 6],
      [
        'jeff',
        'Found it: a theme update loads the pixel after the checkout script. I moved the init into the head; the error is gone on staging.',
        70,
      ],
      ['c', 'Can you push it to production today?', 15],
    ],
  },
];

/** Messages that match no client (a cold pitch, a vendor, a newsletter): they land in "Unlinked". */
export const UNLINKED: { name: string; email: string; subject: string; text: string; daysAgo: number }[] = [
  {
    name: 'Tom Becker',
    email: 'tom@brightlane-media.com',
    subject: 'Partnership: white-label tracking audits',
    text: 'Hi Luke, we run white-label tracking audits for agencies and would love to chat about a partnership. Do you have 20 minutes next week?',
    daysAgo: 2,
  },
  {
    name: 'Maya Chen',
    email: 'maya.chen@gmail.com',
    subject: 'Referral from Priya at Bloom & Co',
    text: 'Hello, Priya from Bloom & Co recommended you. We are a small candle brand on Shopify and our Meta ads tracking is a mess. Could you take a look?',
    daysAgo: 1,
  },
  {
    name: 'Stape Support',
    email: 'support@stape-hosting.io',
    subject: 'Your server container usage this month',
    text: 'Your server container processed 4.8M requests this month (96% of your plan). Consider upgrading to avoid throttling.',
    daysAgo: 6,
  },
];
