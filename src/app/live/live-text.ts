// The words of Live mode's page, in the page's languages. The messages about the bridge and the
// servers (src/live) are English, as the bridge's and ZooKeeper's own output is.
import type { LiveState } from '../../live/live-session.ts';
import type { Lang } from '../i18n/detect.ts';

export interface LiveText {
  badge: string;
  badgeTitle: string;
  ensemble(servers: number, serving: number): string;
  run: string;
  stop: string;
  phase(s: LiveState): string;
  problemTitle: string;
  keep: string;
  captionTitle: string;
  caption: string;
  refused(words: string[]): string;
  truncated: string;
  editorNote: string;
}

const en: LiveText = {
  badge: 'LIVE',
  badgeTitle: 'A real ZooKeeper ensemble, not the simulator',
  ensemble: (servers, serving) =>
    servers === 0
      ? 'real ZooKeeper'
      : `real ZooKeeper: ${serving} of ${servers} server${servers === 1 ? '' : 's'} serving`,
  run: 'Run on the real ensemble',
  stop: 'Stop',
  phase(s) {
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
  refused: (words) => ` Refused by a server: ${words.join(', ')}.`,
  truncated: 'Only the first 2,000 znodes are shown.',
  editorNote:
    'Edits apply to the next run (Apply, then Run on the real ensemble): a running client keeps its script.',
};

const zh: LiveText = {
  badge: '实时',
  badgeTitle: '真实的 ZooKeeper 集群，不是模拟器',
  ensemble: (servers, serving) =>
    servers === 0 ? '真实 ZooKeeper' : `真实 ZooKeeper：${servers} 台服务器中 ${serving} 台在服务`,
  run: '在真实集群上运行',
  stop: '停止',
  phase(s) {
    switch (s.phase) {
      case 'connecting':
        return '正在连接桥接进程…';
      case 'ready':
        return '就绪：各视图显示集群此刻的状态';
      case 'running':
        return '运行中：客户端正在与真实服务器通信';
      case 'done':
        return s.end === null ? '运行结束' : `运行结束（${s.end}）`;
      case 'failed':
        return '未连接';
    }
  },
  problemTitle: '实时模式无法运行：',
  keep: '页面仍可使用：你的脚本原样保留在“脚本”标签页中。',
  captionTitle: '真实集群。',
  caption:
    '每台服务器的角色、epoch 和 zxid 来自 srvr，会话来自 cons，watch 来自 wchc，经桥接进程每秒读取一次；znode 树来自 getData、getChildren 和 getACL。实时运行看不到只有服务器才知道的内容：服务器之间的消息、投票与选举、事务日志。',
  refused: (words) => ` 被服务器拒绝：${words.join('、')}。`,
  truncated: '只显示前 2,000 个 znode。',
  editorNote: '修改在下一次运行时生效（先“应用”，再“在真实集群上运行”）：正在运行的客户端保持原脚本。',
};

export const LIVE_TEXT: Record<Lang, LiveText> = { en, zh };
