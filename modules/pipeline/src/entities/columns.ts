/** Column shapes shared by the pipeline's entities. */
export const uuid = { type: 'uuid' } as const;
export const timestamp = { type: 'Date', columnType: 'timestamptz' } as const;
export const optionalTimestamp = { ...timestamp, nullable: true } as const;
