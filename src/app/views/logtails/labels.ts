// The Log tails and countdown views' own words, in both languages the page speaks.
import type { Lang } from '../../../lessons/types.ts';
import type { CountdownKind } from '../countdowns/countdowns.ts';
import type { CellMark } from './log-grid.ts';

interface Labels {
  tab: string;
  title: string;
  zxid: string;
  acks: string;
  older: (n: number) => string;
  empty: string;
  down: string;
  syncedBy: string;
  ticksLeft: (n: number) => string;
  marks: Record<CellMark, string>;
  /** What each mark means (the legend and tooltips). */
  markHelp: Record<CellMark, string>;
  notDurable: string;
  quorum: (acks: number, quorum: number) => string;
  waits: string;
  noWaits: string;
  waitText: Record<CountdownKind, (node: string, about: string | null) => string>;
  due: string;
}

export const LABELS: Record<Lang, Labels> = {
  en: {
    tab: 'Log tails',
    title: 'Every server’s log, aligned by zxid (newest first)',
    zxid: 'zxid',
    acks: 'ACKs',
    older: (n) => `and ${n} older zxid${n === 1 ? '' : 's'}`,
    empty: 'No txn logged yet.',
    down: 'down',
    syncedBy: 'synced by',
    ticksLeft: (n) => `syncLimit ${n} tick${n === 1 ? '' : 's'}`,
    marks: { proposed: 'P', logged: 'L', durable: 'F', committed: 'C' },
    markHelp: {
      proposed: 'P: proposed, received, not logged yet',
      logged: 'L: in the txn log, not fsynced yet',
      durable: 'F: logged and fsynced',
      committed: 'C: committed (applied to the tree)',
    },
    notDurable: 'not fsynced',
    quorum: (acks, quorum) => `${acks}/${quorum}`,
    waits: 'Waiting for',
    noWaits: 'No timeout is running.',
    waitText: {
      expiry: (node, about) => `${node} expires ${about}’s session`,
      read: (node, about) => `${node} gives up on ${about} (read timeout)`,
      sync: (node, about) => `${node} gives up on its leader ${about ?? ''} (syncLimit)`,
      init: (node) => `${node} stops leading unless a quorum syncs (initLimit)`,
      finalize: (node) => `${node} settles its vote (finalize wait)`,
    },
    due: 'due',
  },
  zh: {
    tab: '日志尾部',
    title: '各服务器的事务日志，按 zxid 对齐（最新在上）',
    zxid: 'zxid',
    acks: 'ACK',
    older: (n) => `另有 ${n} 个更早的 zxid`,
    empty: '还没有记录任何事务。',
    down: '已宕机',
    syncedBy: '同步方式',
    ticksLeft: (n) => `距 syncLimit 还剩 ${n} 个 tick`,
    marks: { proposed: 'P', logged: 'L', durable: 'F', committed: 'C' },
    markHelp: {
      proposed: 'P：已收到提议，尚未写入日志',
      logged: 'L：已写入事务日志，尚未 fsync',
      durable: 'F：已写入日志并 fsync',
      committed: 'C：已提交（已应用到数据树）',
    },
    notDurable: '未 fsync',
    quorum: (acks, quorum) => `${acks}/${quorum}`,
    waits: '正在等待',
    noWaits: '当前没有正在计时的超时。',
    waitText: {
      expiry: (node, about) => `${node} 将让 ${about} 的会话过期`,
      read: (node, about) => `${node} 将放弃 ${about}（读超时）`,
      sync: (node, about) => `${node} 将放弃领导者 ${about ?? ''}（syncLimit）`,
      init: (node) => `${node} 若无法与多数派完成同步将停止领导（initLimit）`,
      finalize: (node) => `${node} 确定自己的投票（finalize 等待）`,
    },
    due: '到期',
  },
};
