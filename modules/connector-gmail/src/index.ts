/**
 * Gmail as an inbox source (a connector plugin): push notification → history fetch →
 * `communications.ingest`; replies through `gmail.send`. Settings: GOOGLE_CLIENT_ID,
 * GOOGLE_CLIENT_SECRET, GOOGLE_REDIRECT_URL, GMAIL_PUSH_TOKEN, GMAIL_API_URL and
 * GOOGLE_TOKEN_URL (tests: a local fake), CONNECTOR_TOKEN_KEY.
 */
import { defineModule } from '@audienceos/module-sdk';
import { migrations } from './migrations';
import { gmailService } from './services/gmail.service';

export default defineModule({
  name: 'connector-gmail',
  version: '0.1.0',
  schema: 'connector_gmail',
  entities: [],
  migrations,
  manifest: {
    description: 'Gmail threads in the inbox: push + history ingest, Google OAuth, replies in thread',
    connector: { id: 'gmail', label: 'Gmail', capabilities: ['ingest', 'send', 'oauth', 'status'] },
    permissions: [{ name: 'connectors:manage', description: 'Connect and disconnect inbox sources', roles: ['owner', 'admin'] }],
  },
  services: [gmailService],
});
