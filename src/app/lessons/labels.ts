// The lesson panel's and picker's own words, in both languages the lessons speak.
import type { Lang } from '../../lessons/types.ts';

export const LABELS: Record<
  Lang,
  {
    lessons: string;
    step: string;
    prev: string;
    next: string;
    breakIt: string;
    seeItWork: string;
    broken: string;
    working: string;
    missed: string;
    predict: string;
    reveal: string;
    steps: string;
    lookAt: string;
  }
> = {
  en: {
    lessons: 'Lessons',
    step: 'Step',
    prev: 'Previous',
    next: 'Next',
    breakIt: 'Break it',
    seeItWork: 'See it work',
    broken: 'break it',
    working: 'working…',
    missed: 'The run ended before this step’s moment came.',
    predict: 'Predict',
    reveal: 'Reveal',
    steps: 'Steps',
    lookAt: 'Look at',
  },
  zh: {
    lessons: '课程',
    step: '步骤',
    prev: '上一步',
    next: '下一步',
    breakIt: '动手破坏',
    seeItWork: '看正确做法',
    broken: '反例',
    working: '正在准备…',
    missed: '运行在这一步要等的时刻到来之前就结束了。',
    predict: '先预测',
    reveal: '揭晓',
    steps: '步骤列表',
    lookAt: '请看',
  },
};
