// Relay global ids ("Type:id" in base64). Decoding is strict so that a malformed or foreign id is the
// client's error (BAD_USER_INPUT), never an internal one.
import { decodeGlobalID } from '@pothos/plugin-relay';
import { badUserInput } from './errors.js';

export const NODE_TYPES = ['Article', 'Provider', 'Topic'] as const;

export function decodeNodeId(globalID: string): { typename: string; id: string } {
  let decoded: { typename: string; id: string } | null = null;
  try {
    decoded = decodeGlobalID(globalID);
  } catch {
    // reported below
  }
  if (!decoded || !(NODE_TYPES as readonly string[]).includes(decoded.typename) || !decoded.id) {
    throw badUserInput(`Invalid global id "${globalID.slice(0, 100)}"`);
  }
  return decoded;
}
