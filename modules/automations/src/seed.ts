import type { SeedContext } from '@audienceos/module-sdk';

/** Filled in below (issue 12 §6). */
export async function seed(_ctx: SeedContext): Promise<void> {}
