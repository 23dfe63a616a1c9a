// Host errors arrive as one sentence (contract: RequestFailure); anything else is reduced to one.
export function errorMessage(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error && typeof error === 'object' && 'message' in error && typeof error.message === 'string') {
    return error.message.replace(/^Error invoking remote method '[^']+': (Error: )?/, '');
  }
  return 'Something went wrong; see the log for details.';
}
