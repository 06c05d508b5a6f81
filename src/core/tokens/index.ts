export type { TokensService } from './service.ts';
