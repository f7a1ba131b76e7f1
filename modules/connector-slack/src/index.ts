/**
 * Slack as an inbox source (a connector plugin): it talks to communications only through the
 * broker (`communications.ingest` in, `slack.send` out). Settings: SLACK_SIGNING_SECRET,
 * SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_REDIRECT_URL, SLACK_API_URL (tests: a local fake),
 * CONNECTOR_TOKEN_KEY (token encryption key).
 */
import { defineModule } from '@audienceos/module-sdk';
import { migrations } from './migrations';
import { slackService } from './services/slack.service';

export default defineModule({
  name: 'connector-slack',
  version: '0.1.0',
  schema: 'connector_slack',
  entities: [],
  migrations,
  manifest: {
    description: 'Slack shared channels in the inbox: signed event ingest, OAuth connect, replies in thread',
    connector: { id: 'slack', label: 'Slack', capabilities: ['ingest', 'send', 'oauth', 'status'] },
    permissions: [{ name: 'connectors:manage', description: 'Connect and disconnect inbox sources', roles: ['owner', 'admin'] }],
  },
  services: [slackService],
});
