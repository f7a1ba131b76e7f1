/** Drop zone (or file picker) for several files: one request each, a real progress bar per file. */
import { useCallback, useRef, useState } from 'react';
import { errorMessage } from '@audienceos/remote-sdk';
import { kbApi, type Doc } from './api';

interface Item {
  key: string;
  name: string;
  progress: number;
  error: string | null;
  doc: Doc | null;
}

export function Uploads({ onUploaded, inputRef }: { onUploaded: (doc: Doc) => void; inputRef: React.RefObject<HTMLInputElement | null> }) {
  const [items, setItems] = useState<Item[]>([]);
  const [over, setOver] = useState(false);
  const seq = useRef(0);
  const start = useCallback(
    (files: FileList | File[]) => {
      for (const file of Array.from(files)) {
        const key = `${seq.current++}`;
        const patch = (p: Partial<Item>) => setItems((all) => all.map((i) => (i.key === key ? { ...i, ...p } : i)));
        setItems((all) => [...all, { key, name: file.name, progress: 0, error: null, doc: null }]);
        kbApi.upload(file, (progress) => patch({ progress })).then(
          (doc) => {
            patch({ progress: 1, doc });
            onUploaded(doc);
          },
          (err) => patch({ error: errorMessage(err) }),
        );
      }
    },
    [onUploaded],
  );
  return (
    <div
      className={`kb-drop${over ? ' kb-drop--over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        start(e.dataTransfer.files);
      }}
    >
      <label className="kb-drop__label">
        Drop PDF, DOCX, Markdown, text or HTML files here, or <u>choose files</u> (U)
        <input ref={inputRef} type="file" multiple hidden data-testid="kb-file-input" onChange={(e) => e.target.files && start(e.target.files)} />
      </label>
      {items.length > 0 && (
        <ul className="kb-uploads" aria-label="Uploads">
          {items.map((i) => (
            <li key={i.key} data-testid="kb-upload-row">
              <span className="kb-uploads__name">{i.name}</span>
              <progress max={1} value={i.progress} aria-label={`Upload of ${i.name}`} />
              <span className="kb-uploads__state">{i.error ?? (i.doc ? 'Uploaded' : `${Math.round(i.progress * 100)} %`)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
