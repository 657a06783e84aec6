/**
 * Demo nominations (demo mode only): a past round with honoured people, announced, and a current
 * round in its voting stage with candidates, all fictional. Photos are small generated pictures.
 * Schedules are relative to the seeding time so the current round is always open for voting.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import sharp from 'sharp';
import { storePhoto } from '../photos';
import { getStorage } from '../storage';
import type { Db } from '../../../../db/client';
import {
  areas,
  nominationAnnouncements,
  nominationBallots,
  nominationPhotos,
  nominationRounds,
  nominations,
  nominationVotes,
  users,
  type NominationCategory,
  type NominationStatus,
} from '../../../../db/schema';

const DAY = 24 * 3600 * 1000;

interface DemoPerson {
  name: string;
  category: NominationCategory;
  story: string;
  /** Two colours for the generated picture. */
  colors?: [string, string];
}

const HONOURED: DemoPerson[] = [
  {
    name: '刘桂兰',
    category: 'helping',
    story:
      '刘桂兰是和谐社区的退休教师。八年来，她每天清晨为小区里五位独居老人送去热乎的早饭，风雨无阻。疫情期间，她主动登记老人们的用药需求，挨家挨户代买代送。她还在社区活动室开设了免费的周末作业辅导班，先后辅导了六十多名双职工家庭的孩子。邻居们说：“有刘老师在，我们心里踏实。”',
    colors: ['#f9a825', '#c62828'],
  },
  {
    name: '陈建国',
    category: 'bravery',
    story:
      '今年夏天的一个傍晚，外卖骑手陈建国在滨江路送餐途中，听到江边有人呼救，一名小学生不慎落水。他来不及多想，脱下外套跳入江中，在湍急的水流中将孩子托上岸边，又配合赶来的群众进行急救，直到孩子恢复意识、救护车到达。事后家长多方寻找，他只说：“换了谁都会这么做。”',
    colors: ['#1565c0', '#00897b'],
  },
  {
    name: '王淑芬',
    category: 'filial',
    story:
      '王淑芬的婆婆因中风瘫痪在床已经十二年。十二年来，她每天为老人翻身、擦洗、按摩、喂饭，老人从未生过褥疮。丈夫常年在外务工，她一边照顾婆婆，一边供两个孩子读完大学。她还把照护经验整理成小册子，分享给社区里同样照护失能老人的家庭，带动了身边许多人。',
    colors: ['#6a1b9a', '#ad1457'],
  },
  {
    name: '赵德明',
    category: 'honesty',
    story:
      '个体商户赵德明在菜市场经营粮油店二十年，坚持“足斤足两、明码标价”。去年他收到一笔误转的八万元货款，第一时间联系银行和对方退回。他的小店常年为环卫工人免费提供热水和休息的地方，逢年过节还给困难家庭送去米面油。街坊们都说，在老赵店里买东西最放心。',
    colors: ['#2e7d32', '#9e9d24'],
  },
];

const CANDIDATES: DemoPerson[] = [
  {
    name: '孙丽华',
    category: 'dedication',
    story:
      '孙丽华是书院街道的一名网格员，负责三个小区一千二百多户居民。她熟悉每一户的情况，记下了所有独居老人和困难家庭的联系方式。暴雨夜里，她带着志愿者逐户排查低洼地带的住户，转移了二十多位老人。居民遇到难事，第一个想到的就是“找小孙”。',
  },
  {
    name: '周志强',
    category: 'helping',
    story:
      '周志强是一名出租车司机，十年来坚持为高考考生、残障人士和老人免费送行。他在车上常备雨伞、充电线和常用药品，曾多次将突发疾病的乘客送往医院。他还发起了“爱心车队”，如今已有四十多位司机加入，每年为上千人次提供免费出行服务。',
    colors: ['#ef6c00', '#5d4037'],
  },
  {
    name: '吴秀梅',
    category: 'filial',
    story:
      '吴秀梅与丈夫一起照顾患阿尔茨海默症的父亲和年迈的公婆，三位老人同住一个屋檐下。她辞去工作，每天细心安排老人们的饮食起居和复诊，还学会了康复按摩。在她的照料下，老人们精神状态良好。她常说：“家里有老人，是福气。”',
  },
  {
    name: '郑海涛',
    category: 'bravery',
    story:
      '小区一楼住户厨房起火，浓烟滚滚，保安郑海涛第一时间拎起灭火器冲进楼道，关闭燃气总阀，扑灭明火，并逐层敲门疏散了三十多户居民。他的手臂被烫伤，却坚持留在现场，直到消防员确认没有复燃的危险。',
    colors: ['#b71c1c', '#ff6f00'],
  },
  {
    name: '黄美玲',
    category: 'honesty',
    story:
      '快递员黄美玲在派件时发现一个包裹破损，里面的金饰散落。她当着收件人的面逐件清点，一件不少地交还，并主动上报公司核查。从业六年，她从未有过一次投诉，还经常帮行动不便的老人把快递送上楼，被居民称为“最靠谱的快递员”。',
  },
];

async function picture(colors: [string, string]): Promise<Buffer> {
  // A simple gradient with a circle: a stand-in for a portrait, no text (no fonts needed).
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="360"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${colors[0]}"/><stop offset="1" stop-color="${colors[1]}"/></linearGradient></defs><rect width="480" height="360" fill="url(#g)"/><circle cx="240" cy="150" r="70" fill="#ffffff" fill-opacity="0.85"/><rect x="130" y="240" width="220" height="120" rx="60" fill="#ffffff" fill-opacity="0.85"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

async function publishedPhoto(nominationId: number, colors: [string, string]) {
  const storage = getStorage();
  const bytes = await picture(colors);
  const [hidden, shown] = await Promise.all([
    storePhoto(storage, bytes, { folder: 'nominations', visibility: 'private' }),
    storePhoto(storage, bytes, { folder: 'nominations', visibility: 'public' }),
  ]);
  if (!hidden.ok || !shown.ok) return null;
  return {
    nominationId,
    position: 0,
    privateKey: hidden.photo.key,
    privateThumbnailKey: hidden.photo.thumbnailKey,
    publicKey: shown.photo.key,
    publicThumbnailKey: shown.photo.thumbnailKey,
    width: shown.photo.width,
    height: shown.photo.height,
  };
}

export async function seedDemoNominations(db: Db, now = new Date()): Promise<void> {
  const [existing] = await db.select({ id: nominationRounds.id }).from(nominationRounds).limit(1);
  if (existing) return;
  const accounts = await db
    .select({ id: users.id, username: users.username })
    .from(users)
    .where(inArray(users.username, ['resident', 'volunteer', 'leader', 'staff', 'moderator']));
  const byName = new Map(accounts.map((a) => [a.username, a.id]));
  const resident = byName.get('resident');
  const moderator = byName.get('moderator');
  const communities = await db.select({ id: areas.id }).from(areas).where(eq(areas.level, 'community')).orderBy(asc(areas.code));
  if (!resident || !moderator || communities.length === 0) return;
  const at = (days: number) => new Date(now.getTime() + days * DAY);
  const monthLabel = (date: Date) => `${date.getFullYear()}年${date.getMonth() + 1}月`;

  const photoRows = await db.transaction(async (tx) => {
    const [past] = await tx
      .insert(nominationRounds)
      .values({
        kind: 'good_people',
        title: `${monthLabel(at(-30))} 身边好人`,
        nominationOpensAt: at(-75),
        reviewOpensAt: at(-60),
        votingOpensAt: at(-50),
        votingClosesAt: at(-36),
        noticeOpensAt: at(-35),
        noticeClosesAt: at(-28),
        picksPerAccount: 5,
        createdBy: moderator,
      })
      .returning({ id: nominationRounds.id });
    const [current] = await tx
      .insert(nominationRounds)
      .values({
        kind: 'good_people',
        title: `${monthLabel(now)} 身边好人`,
        nominationOpensAt: at(-20),
        reviewOpensAt: at(-10),
        votingOpensAt: at(-3),
        votingClosesAt: at(11),
        noticeOpensAt: at(12),
        noticeClosesAt: at(19),
        picksPerAccount: 3,
        createdBy: moderator,
      })
      .returning({ id: nominationRounds.id });
    const consent = (days: number) => ({
      consentMethod: 'in_person',
      consentObtainedBy: '陈审核',
      consentObtainedAt: at(days),
      consentRecordedBy: moderator,
      consentRecordedAt: at(days),
      publishedAt: at(days),
    });
    const insert = async (people: DemoPerson[], roundId: number, status: NominationStatus, offset: number, consentDay: number) =>
      tx
        .insert(nominations)
        .values(
          people.map((person, i) => ({
            nomineeName: person.name,
            communityId: communities[(offset + i * 7) % communities.length]!.id,
            category: person.category,
            story: person.story,
            status,
            roundId,
            nominatorId: resident,
            nominatorContact: '13800000001',
            evidence: '社区居委会可证明',
            ...consent(consentDay),
          })),
        )
        .returning({ id: nominations.id });
    const honoured = await insert(HONOURED, past!.id, 'honoured', 0, -58);
    const candidates = await insert(CANDIDATES, current!.id, 'published', 3, -8);
    await tx
      .insert(nominationAnnouncements)
      .values({ roundId: past!.id, body: '经推荐、审核、群众投票和公示，以下同志当选本月“身边好人”。', announcedBy: moderator, announcedAt: at(-27) });
    // A nomination waiting in the office's queue, never public (no consent yet).
    await tx.insert(nominations).values({
      nomineeName: '钱阿姨',
      communityId: communities[1]!.id,
      category: 'helping',
      story:
        '钱阿姨每天在小区门口义务指挥交通，提醒孩子们注意安全，已经坚持了五年。雨雪天气她也从不缺席，还自费给放学的孩子准备雨衣。家长们都很感谢她，希望社区能推荐她参加身边好人评选，让更多人知道她的事迹。',
      status: 'submitted',
      nominatorId: resident,
      nominatorContact: '13800000001',
    });
    // A few ballots from demo accounts (not the resident's, who can still vote).
    const voters = ['volunteer', 'leader', 'staff'].map((name) => byName.get(name)).filter((id): id is number => id !== undefined);
    for (const [i, userId] of voters.entries()) {
      const picks = candidates.slice(i, i + 2);
      const [ballot] = await tx
        .insert(nominationBallots)
        .values({ roundId: current!.id, userId, ip: '127.0.0.1', picks: picks.length, createdAt: at(-2) })
        .returning({ id: nominationBallots.id });
      await tx.insert(nominationVotes).values(picks.map((pick) => ({ ballotId: ballot!.id, roundId: current!.id, userId, nominationId: pick.id, createdAt: at(-2) })));
    }
    // The past round's public vote, so that its honoured people show the votes they had.
    const pastVoters = ['resident', 'volunteer', 'leader', 'staff', 'grid'].map((name) => byName.get(name)).filter((id): id is number => id !== undefined);
    for (const [i, userId] of pastVoters.entries()) {
      const picks = honoured.slice(0, Math.max(1, honoured.length - i));
      const [ballot] = await tx
        .insert(nominationBallots)
        .values({ roundId: past!.id, userId, ip: '127.0.0.1', picks: picks.length, createdAt: at(-40) })
        .returning({ id: nominationBallots.id });
      await tx.insert(nominationVotes).values(picks.map((pick) => ({ ballotId: ballot!.id, roundId: past!.id, userId, nominationId: pick.id, createdAt: at(-40) })));
    }
    return [...honoured.map((row, i) => [row.id, HONOURED[i]!.colors] as const), ...candidates.map((row, i) => [row.id, CANDIDATES[i]!.colors] as const)];
  });
  const photos = await Promise.all(photoRows.filter(([, colors]) => colors).map(([id, colors]) => publishedPhoto(id, colors!)));
  const rows = photos.filter((row) => row !== null);
  if (rows.length) await db.insert(nominationPhotos).values(rows);
}
