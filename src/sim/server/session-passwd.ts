// ZooKeeperServer#generatePasswd: the session password any server of the ensemble can recompute.
import type { SessionId } from './protocol.ts';

/**
 * ZooKeeper seeds a PRNG with sessionId ^ a fixed secret. Ours: 16 hex digits of a fixed 64-bit mix
 * of the id.
 */
export function sessionPasswd(session: SessionId): string {
  let x = BigInt.asUintN(64, session ^ 0xb3f2c8d5a17e4690n);
  x = BigInt.asUintN(64, (x ^ (x >> 30n)) * 0xbf58476d1ce4e5b9n);
  x = BigInt.asUintN(64, (x ^ (x >> 27n)) * 0x94d049bb133111ebn);
  return BigInt.asUintN(64, x ^ (x >> 31n))
    .toString(16)
    .padStart(16, '0');
}
