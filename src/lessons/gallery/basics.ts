// The on-ramp, first in the gallery: ZooKeeper's data model before any ensemble — the znode tree,
// persistent / ephemeral / sequential nodes, watches, the Stat, sessions — on one server.
import type { Lesson } from '../types.ts';

export const fiveSteps: Lesson = {
  id: 'zookeeper-in-five-steps',
  scenario: 'lessons/zookeeper-in-five-steps',
  title: { en: 'ZooKeeper in five steps', zh: '五步认识 ZooKeeper' },
  summary: {
    en: 'The znode tree, persistent, ephemeral and sequential nodes, watches, the Stat, and sessions — on one server.',
    zh: '在一台服务器上认识：znode 树，持久、临时和顺序节点，Watch，Stat，以及会话。',
  },
  steps: [
    {
      claims: [
        { znode: '/app', data: 'my application', children: ['config', 'workers', 'jobs'] },
        { znode: '/app/config', data: 'color=blue' },
      ],
      at: 700,
      view: 'tree',
      text: {
        en: 'A ZooKeeper server keeps a tree of znodes. Each has a path, like a file, and a little data: app has created /app and /app/config = "color=blue".',
        zh: 'ZooKeeper 服务器保存着一棵 znode 树。每个节点像文件一样有路径，还带一点数据：app 创建了 /app 和 /app/config = "color=blue"。',
      },
    },
    {
      claims: [
        { znode: '/app/jobs', children: ['job-0000000000', 'job-0000000001'] },
        { znode: '/app/workers', children: ['w-0000000000'] },
      ],
      at: 1300,
      view: 'tree',
      text: {
        en: 'Persistent nodes (the default) stay until deleted. A sequential create gets a counter from the server: job-0000000000, job-0000000001. worker’s w-0000000000 is also ephemeral: it lives only as long as worker’s session.',
        zh: '节点默认是持久节点：删除之前一直存在。顺序节点由服务器在名字后追加计数器：job-0000000000、job-0000000001。worker 的 w-0000000000 还是临时节点：只在 worker 的会话存在期间存在。',
      },
    },
    {
      claims: [
        { notified: '/app/config', type: 'NodeDataChanged', clients: ['reader'] },
        { log: 'reader', last: 'config: color=blue' },
      ],
      at: 1600,
      stepTo: 'watch',
      view: 'log',
      text: {
        en: 'reader read /app/config with a watch. app changes it, and reader gets one NodeDataChanged event: the type and the path, no data. The watch is used up.',
        zh: 'reader 读取 /app/config 时设置了 Watch（监听，Watcher）。app 修改了它，reader 收到一个 NodeDataChanged 事件：只有类型和路径，不带数据。这个 Watch 就此用完。',
      },
    },
    {
      claims: [{ log: 'reader', last: 'read again: color=red' }],
      at: 1800,
      view: 'log',
      text: {
        en: 'A watch says that something changed, not what. To see the new value, reader reads again — and sets a new watch with the same read.',
        zh: 'Watch 只告诉你“变了”，不告诉你“变成了什么”。要看到新值，reader 再读一次——并在这次读取时重新设置 Watch。',
      },
    },
    {
      claims: [{ znode: '/app/config', data: 'color=green', version: 2, czxid: '0x3', mzxid: '0xc' }],
      at: 2500,
      view: 'tree',
      text: {
        en: 'Every node has a Stat. Its version counts the changes — two sets, version 2 — and only the server sets it. czxid is the zxid (transaction ID) of the create, 0x3; mzxid that of the last change, 0xc.',
        zh: '每个节点都有 Stat。其中 version 记录修改次数——两次 set，version 为 2——由服务器维护，谁也不能自己指定。czxid 是创建时的 zxid（事务 ID），0x3；mzxid 是最后一次修改的 zxid，0xc。',
      },
    },
    {
      claims: [
        { znode: '/app/workers/w-0000000000', data: 'worker' },
        { client: 'worker', up: false },
      ],
      at: 3500,
      view: 'tree',
      text: {
        en: 'Sessions: worker’s process crashed at 3 s. The server cannot tell a crash from a slow network yet, so worker’s ephemeral node stays until its 2 s session timeout has passed.',
        zh: '会话：worker 的进程在 3 秒时崩溃。服务器暂时无法区分崩溃和网络慢，所以 worker 的临时节点会一直保留到 2 秒的会话超时过去。',
      },
    },
    {
      claims: [
        { znode: '/app/workers', children: [] },
        { znode: '/app/jobs', children: ['job-0000000000', 'job-0000000001'] },
      ],
      at: 5100,
      view: 'tree',
      text: {
        en: 'At 5 s the session expires and the server deletes every ephemeral node it owned: that is how the others learn that worker is gone. The persistent nodes stay.',
        zh: '5 秒时会话过期，服务器删除它拥有的所有临时节点：其他客户端正是这样得知 worker 已经不在了。持久节点保持不变。',
      },
    },
  ],
};
