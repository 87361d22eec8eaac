// What the reader sees while waiting, when nothing matches, and when something failed: always a sentence saying what
// happened and, where it helps, what to do.
import type { CombinedError } from '@urql/core';
import type { ComponentChildren } from 'preact';

/** A failure in the reader's words: the server unreachable, a stale page link, or the server's own message. */
export function describeError(error: CombinedError): string {
  if (error.networkError) {
    return 'The news server cannot be reached. Check that it is running; the page retries when you try again.';
  }
  const messages = error.graphQLErrors.map((e) => {
    const code = e.extensions?.code;
    if (code === 'BAD_USER_INPUT' && /cursor/i.test(e.message)) {
      return `This page position is no longer valid (${e.message}). Start again from the top.`;
    }
    if (code === 'INTERNAL_SERVER_ERROR') {
      const id = e.extensions?.requestId;
      return `The server failed to answer${typeof id === 'string' ? ` (request ${id})` : ''}.`;
    }
    return e.message;
  });
  return messages.join(' ') || error.message;
}

export function Loading({ children }: { children: ComponentChildren }) {
  return (
    <p class="state loading" role="status" aria-live="polite">
      {children}
    </p>
  );
}

export function ErrorState({
  error,
  retry,
  retryLabel = 'Try again',
}: {
  error: CombinedError;
  retry?: () => void;
  retryLabel?: string;
}) {
  return (
    <div class="state error" role="alert">
      <p>{describeError(error)}</p>
      {retry && (
        <button type="button" onClick={retry}>
          {retryLabel}
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return (
    <div class="state empty" role="status">
      {children}
    </div>
  );
}
