// Owns the rules every use case applies to threads.
import { AppError } from '../errors';

export function threadNotFound(threadId: number): AppError {
  return new AppError('THREAD_NOT_FOUND', {
    publicMessage: 'This comment thread does not exist.',
    details: { threadId },
  });
}
