export type { PromoService } from './service.ts';
