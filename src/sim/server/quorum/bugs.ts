// Deliberate protocol bugs, off unless a scenario lists them in `servers.bugs`: each breaks ZAB the
// way a real bug (or a tempting shortcut) did, so a lesson can show what goes wrong and the
// checker can prove it notices (docs/checker.md lists how many sweep seeds each one takes).
export const PROTOCOL_BUGS = {
  'ack-before-fsync':
    'A follower ACKs a proposal before its log is fsynced (it syncs at the next ping), the ZOOKEEPER-2678 → 3911 family: a crash can lose a write that a quorum acknowledged.',
  'skip-epoch-agreement':
    'A new leader takes epoch(lastLoggedZxid) + 1 on its own instead of one more than any epoch a quorum accepted (before ZOOKEEPER-335/1081): two leaders can own one epoch.',
  'diff-instead-of-trunc':
    'The leader never sends TRUNC, so a learner keeps txns the leader never committed (ZOOKEEPER-1154): the replicas diverge.',
  'observer-acks-count':
    'Observers get proposals and ACK them, and the leader counts those ACKs toward the quorum: a write can commit on a minority of voters.',
} as const;

export type ProtocolBug = keyof typeof PROTOCOL_BUGS;

export const PROTOCOL_BUG_NAMES = Object.keys(PROTOCOL_BUGS) as ProtocolBug[];
