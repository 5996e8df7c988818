// Owns the widget's list of sort orders, in the order it offers them; a test holds it equal to the server's.
import type { SortOrder } from '../server/protocol/dto';

export const SORT_ORDERS: readonly SortOrder[] = ['oldest', 'newest', 'top'];
