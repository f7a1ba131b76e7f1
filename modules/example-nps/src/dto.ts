import type { NpsResponse } from './entities';
import { categoryOf, type Category } from './nps';

export interface NpsResponseDto {
  id: string;
  clientId: string;
  score: number;
  category: Category;
  comment: string | null;
  recordedBy: string | null;
  createdAt: string;
}

export const responseDto = (r: NpsResponse): NpsResponseDto => ({
  id: r.id,
  clientId: r.clientId,
  score: r.score,
  category: categoryOf(r.score),
  comment: r.comment ?? null,
  recordedBy: r.recordedBy ?? null,
  createdAt: r.createdAt.toISOString(),
});
