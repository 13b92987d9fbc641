import { TesseraError } from '../../errors/tessera-error.js';

/** The `code` of a Node file-system error (`ENOENT`, `EEXIST`, …), if it is one. */
export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? (error as { code?: string }).code : undefined;
}

/**
 * A `storage` TesseraError for a failed file operation, saying what the user can do. `action` is
 * what was attempted (`save the conversation`); `after` what state the store is left in.
 */
export function fileStorageError(
  action: string,
  directory: string,
  error: unknown,
  after = 'Nothing already saved was changed; try again.',
): TesseraError {
  if (error instanceof TesseraError) return error;
  const code = errorCode(error);
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new TesseraError(
      'storage',
      `Could not ${action}: the disk holding ${directory} is full. Free some space (or export and delete old conversations). ${after}`,
      { cause: error, retryable: true },
    );
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new TesseraError(
      'storage',
      `Could not ${action}: this process may not write to ${directory} (${code}). Check the directory's owner and permissions. ${after}`,
      { cause: error, retryable: false },
    );
  }
  return new TesseraError(
    'storage',
    `Could not ${action} in ${directory}${code ? ` (${code})` : ''}. ${after} If it keeps failing, check the disk.`,
    { cause: error, retryable: true },
  );
}
