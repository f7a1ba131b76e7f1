/**
 * Knowledge base: documents uploaded (PDF, DOCX, Markdown, text, HTML) or written in the app,
 * text extraction as a durable job, versions, ranked full-text search with snippets and
 * facets, ticket links and suggestions, content gaps. REST under /api/v1/documents.
 */
import { defineModule } from '@audienceos/module-sdk';
import { DOCUMENT_EVENTS } from './constants';
import { entities } from './entities';
import { documentKpis } from './kpis';
import { migrations } from './migrations';
import { seed } from './seed';
import { documentsService } from './services/documents.service';
import { documentSearch } from './actions/global-search';

const documentFields = { documentId: 'uuid', title: 'string', category: 'string', clientId: 'uuid', kind: 'string', fileType: 'string' };

export default defineModule({
  name: 'knowledge-base',
  version: '0.1.0',
  schema: 'knowledge_base',
  entities,
  migrations,
  seed,
  seedAfter: ['identity', 'pipeline'],
  publishes: Object.values(DOCUMENT_EVENTS),
  manifest: {
    description: 'Install guides, runbooks and client documents: uploads with text extraction, versions, ranked search',
    ui: {
      remote: 'aos_knowledge_base',
      entry: '/remotes/knowledge-base/remoteEntry.js',
      exposes: ['./config', './App'],
      nav: { label: 'Knowledge base', icon: 'book-open', path: '/knowledge-base', group: 'resources', order: 40 },
    },
    permissions: [
      { name: 'documents:read', description: 'Find and read documents (members: client documents of their clients only)' },
      { name: 'documents:write', description: 'Upload, write, edit, archive documents', roles: ['owner', 'admin', 'manager'] },
      { name: 'documents:delete', description: 'Delete documents for good', roles: ['owner', 'admin'] },
      { name: 'documents:manage', description: 'Search language and content gaps', roles: ['owner', 'admin'] },
    ],
    kpis: documentKpis.declarations,
    search: documentSearch.declaration,
    triggers: [
      { topic: DOCUMENT_EVENTS.published, label: 'Document published', fields: documentFields },
      { topic: DOCUMENT_EVENTS.updated, label: 'Document updated', fields: { documentId: 'uuid', title: 'string', version: 'number', change: 'string' } },
    ],
  },
  services: [documentsService],
});

export type { DocumentDto } from './dto';
