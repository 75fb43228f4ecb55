// The words of Live mode's page (English: the bridge and ZooKeeper's own messages are English too).
import type { LiveState } from '../../live/live-session.ts';

export const LIVE_TEXT = {
  badge: 'LIVE',
  badgeTitle: 'A real ZooKeeper ensemble, not the simulator',
  ensemble: (servers: number, serving: number) =>
    servers === 0
      ? 'real ZooKeeper'
      : `real ZooKeeper: ${serving} of ${servers} server${servers === 1 ? '' : 's'} serving`,
  run: 'Run on the real ensemble',
  stop: 'Stop',
  phase(s: LiveState): string {
    switch (s.phase) {
      case 'connecting':
        return 'Connecting to the bridge…';
      case 'ready':
        return 'Ready: the views show the ensemble as it is now';
      case 'running':
        return 'Running: the clients talk to the real servers';
      case 'done':
        return s.end === null ? 'Run ended' : `Run ended (${s.end})`;
      case 'failed':
        return 'Not connected';
    }
  },
  problemTitle: 'Live mode cannot run:',
  keep: 'The page keeps working: your scripts stay as they are in the Scripts tab.',
  captionTitle: 'A real ensemble.',
  caption:
    'Each server’s mode, epoch and zxid come from its srvr answer, sessions from cons and watches from wchc, read every second through the bridge; the tree from getData, getChildren and getACL. A live run cannot show what only the servers see: messages between servers, votes and elections, txn logs.',
  refused: (words: string[]) => ` Refused by a server: ${words.join(', ')}.`,
  truncated: 'Only the first 2,000 znodes are shown.',
  editorNote:
    'Edits apply to the next run (Apply, then Run on the real ensemble): a running client keeps its script.',
};
