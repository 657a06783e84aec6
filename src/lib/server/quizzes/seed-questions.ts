/**
 * The campaign's question bank, written for this project: five questions on each of the twelve
 * topics, single choice, multiple choice and true/false, each with a difficulty (1 easy … 3 hard),
 * an explanation and an English translation. Seeded once into an empty bank; admins edit it after.
 */
import type { QuestionKind, QuestionOption, QuizTopic } from '../../../../db/schema';

export interface QuestionInput {
  code: string;
  topic: QuizTopic;
  kind: QuestionKind;
  difficulty: 1 | 2 | 3;
  promptZh: string;
  promptEn: string;
  options: QuestionOption[];
  correct: string[];
  explanationZh: string;
  explanationEn: string;
}

type Text = [zh: string, en: string];
const KEYS = ['A', 'B', 'C', 'D', 'E', 'F'];

function choice(code: string, topic: QuizTopic, difficulty: 1 | 2 | 3, prompt: Text, options: Text[], correct: string, explanation: Text): QuestionInput {
  return {
    code,
    topic,
    kind: correct.length > 1 ? 'multiple' : 'single',
    difficulty,
    promptZh: prompt[0],
    promptEn: prompt[1],
    options: options.map(([zh, en], index) => ({ key: KEYS[index]!, zh, en })),
    correct: [...correct],
    explanationZh: explanation[0],
    explanationEn: explanation[1],
  };
}

function judge(code: string, topic: QuizTopic, difficulty: 1 | 2 | 3, prompt: Text, isTrue: boolean, explanation: Text): QuestionInput {
  return {
    code,
    topic,
    kind: 'true_false',
    difficulty,
    promptZh: prompt[0],
    promptEn: prompt[1],
    options: [
      { key: 'A', zh: '正确', en: 'True' },
      { key: 'B', zh: '错误', en: 'False' },
    ],
    correct: [isTrue ? 'A' : 'B'],
    explanationZh: explanation[0],
    explanationEn: explanation[1],
  };
}

export const QUIZ_QUESTIONS: QuestionInput[] = [
  // 全国文明城市
  choice(
    'civilized-city-01',
    'civilized_city',
    1,
    ['“全国文明城市”称号由哪个机构评选表彰？', 'Which body awards the title "National Civilized City"?'],
    [
      ['中央精神文明建设指导委员会', 'The Central Guidance Commission on Building Spiritual Civilization'],
      ['国家统计局', 'The National Bureau of Statistics'],
      ['住房和城乡建设部', 'The Ministry of Housing and Urban-Rural Development'],
      ['城市所在省的人大常委会', "The provincial people's congress standing committee"],
    ],
    'A',
    [
      '全国文明城市由中央精神文明建设指导委员会（中央文明委）评选表彰，是反映城市整体文明水平的综合性荣誉称号。',
      "The title is awarded by the Central Guidance Commission on Building Spiritual Civilization; it is a comprehensive honour reflecting a city's overall level of civility.",
    ],
  ),
  choice(
    'civilized-city-02',
    'civilized_city',
    2,
    ['全国文明城市每届评选周期一般为几年？', 'How many years does one round of the National Civilized City selection usually last?'],
    [
      ['1年', '1 year'],
      ['2年', '2 years'],
      ['3年', '3 years'],
      ['5年', '5 years'],
    ],
    'C',
    [
      '全国文明城市每三年评选表彰一届，已获称号的城市也要接受复查，不合格的会被撤销称号。',
      'A round lasts three years; cities that hold the title are re-examined and can lose it.',
    ],
  ),
  judge(
    'civilized-city-03',
    'civilized_city',
    1,
    ['创建全国文明城市只是政府部门的事，与市民关系不大。', "Building a civilized city is the government's business only and has little to do with residents."],
    false,
    [
      '创建工作“人人参与、人人共享”：市民的文明素养、对创建的知晓和支持，本身就是测评的重要内容。',
      "Everyone takes part and everyone benefits: residents' conduct, awareness and support are themselves part of the evaluation.",
    ],
  ),
  choice(
    'civilized-city-04',
    'civilized_city',
    2,
    ['全国文明城市测评中，对市民的问卷调查会了解哪些情况？（多选）', "What does the residents' survey in the national evaluation ask about? (choose all that apply)"],
    [
      ['对创建工作的知晓情况', 'Awareness of the campaign'],
      ['对创建工作的支持情况', 'Support for the campaign'],
      ['对创建成效的满意情况', 'Satisfaction with its results'],
      ['个人收入和存款情况', 'Personal income and savings'],
    ],
    'ABC',
    [
      '问卷调查关注市民对创建工作的知晓率、支持率和满意率，不涉及个人财产等隐私信息。',
      'The survey measures awareness, support and satisfaction; it does not ask about personal finances.',
    ],
  ),
  judge(
    'civilized-city-05',
    'civilized_city',
    2,
    ['城市获得“全国文明城市”称号后就可以一直保持，不再复查。', 'Once a city has the title it keeps it for good, without re-examination.'],
    false,
    [
      '已获称号的城市每年都要接受年度测评和复查，出现严重问题的会被通报、暂停资格甚至撤销称号。',
      'Titled cities are assessed every year; serious problems can lead to warnings, suspension or loss of the title.',
    ],
  ),

  // 社会主义核心价值观
  choice(
    'core-values-01',
    'core_values',
    1,
    ['社会主义核心价值观中，国家层面的价值目标是哪一组？', 'Which group is the national-level aim of the core socialist values?'],
    [
      ['富强、民主、文明、和谐', 'Prosperity, democracy, civility, harmony'],
      ['自由、平等、公正、法治', 'Freedom, equality, justice, rule of law'],
      ['爱国、敬业、诚信、友善', 'Patriotism, dedication, integrity, friendship'],
      ['团结、勤俭、自强、奉献', 'Unity, thrift, self-reliance, devotion'],
    ],
    'A',
    [
      '社会主义核心价值观共24字：国家层面“富强、民主、文明、和谐”，社会层面“自由、平等、公正、法治”，个人层面“爱国、敬业、诚信、友善”。',
      'The 24 characters: at the national level prosperity, democracy, civility and harmony; for society freedom, equality, justice and the rule of law; for individuals patriotism, dedication, integrity and friendship.',
    ],
  ),
  choice(
    'core-values-02',
    'core_values',
    1,
    ['社会主义核心价值观中，公民个人层面的价值准则是：', 'The values for individual citizens are:'],
    [
      ['自由、平等、公正、法治', 'Freedom, equality, justice, rule of law'],
      ['爱国、敬业、诚信、友善', 'Patriotism, dedication, integrity, friendship'],
      ['明礼、诚信、团结、友善', 'Courtesy, integrity, unity, friendship'],
      ['富强、民主、文明、和谐', 'Prosperity, democracy, civility, harmony'],
    ],
    'B',
    [
      '个人层面是“爱国、敬业、诚信、友善”。“明礼诚信、团结友善”出自公民道德基本规范，容易混淆。',
      'For individuals: patriotism, dedication, integrity, friendship. "Courtesy and integrity, unity and friendship" come from the basic norms of civic morality, a common mix-up.',
    ],
  ),
  choice(
    'core-values-03',
    'core_values',
    2,
    ['下列哪些属于社会主义核心价值观社会层面的价值取向？（多选）', 'Which of these are society-level core values? (choose all that apply)'],
    [
      ['自由', 'Freedom'],
      ['平等', 'Equality'],
      ['法治', 'Rule of law'],
      ['和谐', 'Harmony'],
    ],
    'ABC',
    ['社会层面是“自由、平等、公正、法治”；“和谐”属于国家层面。', 'The society level is freedom, equality, justice and the rule of law; harmony belongs to the national level.'],
  ),
  judge('core-values-04', 'core_values', 1, ['社会主义核心价值观一共24个字。', 'The core socialist values consist of 24 characters.'], true, [
    '国家、社会、个人三个层面各8个字，共24字。',
    'Eight characters for each of the three levels: 24 in all.',
  ]),
  choice(
    'core-values-05',
    'core_values',
    3,
    ['社会主义核心价值观是在哪次会议上提出“三个倡导”的？', 'At which meeting were the "three advocacies" of the core socialist values put forward?'],
    [
      ['党的十六大', 'The 16th Party Congress'],
      ['党的十七大', 'The 17th Party Congress'],
      ['党的十八大', 'The 18th Party Congress'],
      ['党的二十大', 'The 20th Party Congress'],
    ],
    'C',
    [
      '2012年党的十八大报告提出“倡导富强、民主、文明、和谐，倡导自由、平等、公正、法治，倡导爱国、敬业、诚信、友善”。',
      'The report to the 18th Party Congress in 2012 set out the three advocacies that make up the 24 characters.',
    ],
  ),

  // 公民道德基本规范
  choice(
    'civic-morality-01',
    'civic_morality',
    2,
    ['公民道德基本规范共20个字，下列哪一项是正确的？', 'The basic norms of civic morality have 20 characters. Which is correct?'],
    [
      [
        '爱国守法、明礼诚信、团结友善、勤俭自强、敬业奉献',
        'Patriotism and law-abiding, courtesy and integrity, unity and friendship, thrift and self-reliance, dedication and devotion',
      ],
      ['爱国爱家、明礼守信、团结互助、勤俭节约、敬业奉献', 'Love of country and family, courtesy and keeping promises, unity and mutual help, thrift, dedication'],
      [
        '富强民主、文明和谐、自由平等、公正法治、爱国敬业',
        'Prosperity and democracy, civility and harmony, freedom and equality, justice and rule of law, patriotism and dedication',
      ],
      ['尊老爱幼、男女平等、夫妻和睦、勤俭持家、邻里团结', 'Respect the old and love the young, equality of men and women, harmony, thrift, good neighbourliness'],
    ],
    'A',
    [
      '《公民道德建设实施纲要》提出的基本道德规范是“爱国守法、明礼诚信、团结友善、勤俭自强、敬业奉献”。',
      'The Outline for Implementing Civic Morality sets the 20 characters: patriotism and law-abiding, courtesy and integrity, unity and friendship, thrift and self-reliance, dedication and devotion.',
    ],
  ),
  choice(
    'civic-morality-02',
    'civic_morality',
    1,
    ['公民道德基本规范中，与“明礼”并列组成一句的是：', 'In the basic norms, which word is paired with "courtesy" (明礼)?'],
    [
      ['守法', 'Law-abiding'],
      ['诚信', 'Integrity'],
      ['友善', 'Friendship'],
      ['自强', 'Self-reliance'],
    ],
    'B',
    ['规范的第二句是“明礼诚信”。', 'The second phrase is "courtesy and integrity" (明礼诚信).'],
  ),
  judge('civic-morality-03', 'civic_morality', 2, ['“勤俭自强”是公民道德基本规范的内容之一。', '"Thrift and self-reliance" is one of the basic norms of civic morality.'], true, [
    '“勤俭自强”是第四句，提倡勤劳节俭、自立自强。',
    'It is the fourth phrase: work hard, live frugally and stand on your own feet.',
  ]),
  choice(
    'civic-morality-04',
    'civic_morality',
    2,
    ['下列哪些出自公民道德基本规范？（多选）', 'Which of these come from the basic norms of civic morality? (choose all that apply)'],
    [
      ['爱国守法', 'Patriotism and law-abiding'],
      ['团结友善', 'Unity and friendship'],
      ['敬业奉献', 'Dedication and devotion'],
      ['公正法治', 'Justice and rule of law'],
    ],
    'ABC',
    ['“公正法治”属于社会主义核心价值观的社会层面，不是公民道德基本规范。', '"Justice and rule of law" is a society-level core value, not one of the civic norms.'],
  ),
  judge(
    'civic-morality-05',
    'civic_morality',
    3,
    [
      '2019年印发的《新时代公民道德建设实施纲要》取代了公民道德基本规范，这20个字已不再提倡。',
      'The 2019 outline for civic morality in the new era replaced the basic norms, so the 20 characters are no longer promoted.',
    ],
    false,
    [
      '新时代纲要继续把“爱国守法、明礼诚信、团结友善、勤俭自强、敬业奉献”作为公民基本道德规范加以弘扬。',
      'The 2019 outline keeps promoting the same 20 characters as the basic moral norms of citizens.',
    ],
  ),

  // 投诉举报渠道
  choice(
    'reporting-01',
    'reporting',
    1,
    [
      '发现占道经营、乱贴小广告等不文明现象，可以拨打哪个政务服务便民热线反映？',
      'Which public-service hotline can you call about street stalls blocking the way or illegal flyers?',
    ],
    [
      ['12345', '12345'],
      ['110', '110'],
      ['119', '119'],
      ['120', '120'],
    ],
    'A',
    [
      '12345政务服务便民热线受理城市管理等各类诉求；110、119、120分别用于报警、火警和急救，不要占用。',
      'The 12345 hotline takes requests about city management; 110, 119 and 120 are for police, fire and ambulance emergencies only.',
    ],
  ),
  choice(
    'reporting-02',
    'reporting',
    1,
    ['在本门户“随手拍”上报不文明现象时，下列哪些做法是恰当的？（多选）', 'When reporting on this portal\'s "snap and report", which are appropriate? (choose all that apply)'],
    [
      ['拍清现场并标注位置', 'Take a clear photo and mark the place'],
      ['简要说明问题', 'Describe the problem briefly'],
      ['拍摄并公开他人正脸和车牌以示惩戒', "Publish people's faces and number plates to shame them"],
      ['上报后查看处理进度', 'Follow the progress after reporting'],
    ],
    'ABD',
    [
      '上报时拍清问题、标明位置、简要描述即可；应保护他人隐私，不要刻意曝光面部、车牌等个人信息。',
      "Show the problem, mark the place, describe it; protect others' privacy rather than exposing faces or plates.",
    ],
  ),
  judge('reporting-03', 'reporting', 1, ['看到路边井盖缺失，应该等别人去报告，自己不必管。', 'If you see a missing manhole cover, leave it for someone else to report.'], false, [
    '井盖缺失危及安全，人人都可以通过12345或“随手拍”及时反映，必要时在周围设置提醒。',
    'A missing cover is dangerous; anyone can report it through 12345 or the portal at once, and warn passers-by if possible.',
  ]),
  choice(
    'reporting-04',
    'reporting',
    2,
    ['通过“随手拍”上报问题后，居民可以：', 'After reporting on the portal, a resident can:'],
    [
      ['全程查看处理进度和结果', 'Follow the handling and see the outcome'],
      ['直接处罚违规商户', 'Fine the shop that broke the rules'],
      ['要求公开当事人身份信息', 'Demand the identity of the people involved'],
      ['只能等待，无法了解结果', 'Only wait, with no way to learn the result'],
    ],
    'A',
    [
      '上报后由责任单位处理，居民可以查看受理、处置、办结等进度并评价；处罚由执法部门依法作出。',
      'The responsible unit handles it; the reporter can follow each step and rate the result. Penalties are for the law-enforcement bodies.',
    ],
  ),
  judge(
    'reporting-05',
    'reporting',
    2,
    ['举报不文明现象时编造不实情况也没关系，反正会有人核实。', 'Making up details in a report is fine, since someone will check anyway.'],
    false,
    [
      '上报应当实事求是；虚假举报浪费公共资源，情节严重的还要承担法律责任。',
      'Reports must be truthful; false reports waste public resources and serious cases carry legal liability.',
    ],
  ),

  // 门前三包
  choice(
    'three-guarantees-01',
    'three_guarantees',
    1,
    ['“门前三包”包的是哪三项？', 'What are the three responsibilities of "three guarantees in front of the door"?'],
    [
      ['包市容环境卫生、包绿化、包秩序', 'Street hygiene, greenery, and order'],
      ['包水、包电、包暖', 'Water, power, and heating'],
      ['包安全、包消防、包治安', 'Safety, fire prevention, and security'],
      ['包装修、包招牌、包广告', 'Decoration, signboards, and adverts'],
    ],
    'A',
    [
      '门前三包是临街单位和商户对门前责任区的市容环境卫生、绿化和秩序负责。',
      'Street-facing units and shops are responsible for the hygiene, greenery and order of the area in front of their door.',
    ],
  ),
  choice(
    'three-guarantees-02',
    'three_guarantees',
    1,
    ['“门前三包”的责任主体主要是：', 'Who mainly bears the "three guarantees"?'],
    [
      ['临街的单位和个体商户', 'Street-facing organizations and shopkeepers'],
      ['过往行人', 'Passers-by'],
      ['环卫工人', 'Street sweepers'],
      ['外地游客', 'Tourists'],
    ],
    'A',
    ['门前三包由沿街单位、门店经营者对责任区负责，与环卫作业互为补充。', 'Street-facing units and shop operators answer for their stretch, complementing the cleaning services.'],
  ),
  judge(
    'three-guarantees-03',
    'three_guarantees',
    1,
    ['商户把货物摆到店门外的人行道上经营，属于违反“门前三包”的行为。', 'A shop displaying goods on the pavement outside its door breaks the "three guarantees".'],
    true,
    ['出店经营、占道摆放影响通行和市容，违反门前秩序责任。', 'Trading outside the shop blocks the way and spoils the street: it breaches the order responsibility.'],
  ),
  choice(
    'three-guarantees-04',
    'three_guarantees',
    2,
    ['下列哪些属于“门前三包”中商户应做的事？（多选）', 'Which are a shop\'s duties under the "three guarantees"? (choose all that apply)'],
    [
      ['及时清扫门前垃圾', 'Sweep litter in front of the shop'],
      ['爱护门前绿地和树木', 'Look after the trees and verges in front'],
      ['劝阻门前乱停放和乱摆卖', 'Discourage disorderly parking and hawking in front'],
      ['负责修建门前的市政道路', 'Build the municipal road in front'],
    ],
    'ABC',
    ['三包是卫生、绿化、秩序；修建市政道路是政府部门的职责。', "The three are hygiene, greenery and order; building roads is the city's job."],
  ),
  judge(
    'three-guarantees-05',
    'three_guarantees',
    2,
    ['冬季下雪后，临街商户有责任清扫门前责任区的积雪。', 'After snowfall, street-facing shops should clear the snow in their stretch.'],
    true,
    ['多数城市的门前三包规定包括及时清除责任区内的积雪、积水等，保持通行顺畅。', "Most cities' rules include clearing snow and standing water in the stretch so people can pass."],
  ),

  // 文明交通
  choice(
    'traffic-01',
    'traffic',
    1,
    ['机动车行经人行横道，遇到行人正在通过时应当：', 'A motor vehicle reaching a zebra crossing where people are crossing must:'],
    [
      ['停车让行', 'Stop and let them cross'],
      ['鸣喇叭催促', 'Sound the horn to hurry them'],
      ['加速通过', 'Speed up and pass'],
      ['绕行通过', 'Steer around them'],
    ],
    'A',
    [
      '《道路交通安全法》规定，机动车行经人行横道应当减速行驶；遇行人正在通过人行横道，应当停车让行。',
      'The Road Traffic Safety Law says vehicles must slow down at crossings and stop for pedestrians crossing.',
    ],
  ),
  judge(
    'traffic-02',
    'traffic',
    1,
    ['骑乘电动自行车时佩戴安全头盔，可以有效减少事故中的头部伤害。', 'Wearing a helmet on an e-bike greatly reduces head injuries in accidents.'],
    true,
    ['“一盔一带”：骑电动自行车戴头盔，乘汽车系安全带。', '"One helmet, one belt": a helmet on e-bikes and a seat belt in cars.'],
  ),
  choice(
    'traffic-03',
    'traffic',
    2,
    ['根据道路交通安全法律法规，在道路上驾驶电动自行车必须年满：', 'By law, how old must you be to ride an e-bike on the road?'],
    [
      ['12周岁', '12'],
      ['14周岁', '14'],
      ['16周岁', '16'],
      ['18周岁', '18'],
    ],
    'C',
    ['驾驶自行车、三轮车必须年满12周岁，驾驶电动自行车必须年满16周岁。', 'Bicycles and tricycles: 12 and over; e-bikes: 16 and over.'],
  ),
  choice(
    'traffic-04',
    'traffic',
    1,
    ['下列哪些属于不文明交通行为？（多选）', 'Which are uncivil on the road? (choose all that apply)'],
    [
      ['行人闯红灯', 'Pedestrians crossing on red'],
      ['机动车乱停乱放', 'Parking cars anywhere'],
      ['非机动车逆向行驶', 'Cycling against the traffic'],
      ['在斑马线前礼让行人', 'Yielding to pedestrians at crossings'],
    ],
    'ABC',
    [
      '闯红灯、乱停车、逆行都是常见的不文明交通行为；礼让斑马线是文明行为。',
      'Running reds, parking anywhere and riding against traffic are common faults; yielding at crossings is the civil thing.',
    ],
  ),
  judge('traffic-05', 'traffic', 2, ['只要路口没有车，行人就可以不看信号灯直接横穿马路。', 'If no car is coming, pedestrians may cross whatever the lights say.'], false, [
    '行人应当按照交通信号通行，红灯停、绿灯行，不能因为暂时没车就闯红灯。',
    'Pedestrians must obey the signals: stop on red, go on green, car or no car.',
  ]),

  // 垃圾分类
  choice(
    'waste-sorting-01',
    'waste_sorting',
    1,
    ['生活垃圾一般分为哪四类？', 'Into which four classes is household waste usually sorted?'],
    [
      ['可回收物、有害垃圾、厨余垃圾、其他垃圾', 'Recyclables, hazardous, kitchen, and other waste'],
      ['干垃圾、湿垃圾、大件垃圾、建筑垃圾', 'Dry, wet, bulky, and construction waste'],
      ['纸类、塑料、金属、玻璃', 'Paper, plastic, metal, and glass'],
      ['可燃、不可燃、有毒、无毒', 'Burnable, non-burnable, toxic, and non-toxic'],
    ],
    'A',
    [
      '我国城市普遍采用可回收物、有害垃圾、厨余垃圾（湿垃圾）、其他垃圾（干垃圾）四分类。',
      'Chinese cities mostly use four classes: recyclables, hazardous, kitchen (wet) and other (dry) waste.',
    ],
  ),
  choice(
    'waste-sorting-02',
    'waste_sorting',
    1,
    ['废旧荧光灯管、过期药品属于：', 'Old fluorescent tubes and expired medicines belong to:'],
    [
      ['可回收物', 'Recyclables'],
      ['有害垃圾', 'Hazardous waste'],
      ['厨余垃圾', 'Kitchen waste'],
      ['其他垃圾', 'Other waste'],
    ],
    'B',
    ['荧光灯管含汞，过期药品会污染环境，都属于有害垃圾，要单独投放。', 'Tubes contain mercury and old medicines pollute: both are hazardous waste, to be dropped off separately.'],
  ),
  choice(
    'waste-sorting-03',
    'waste_sorting',
    2,
    ['下列哪些属于可回收物？（多选）', 'Which of these are recyclables? (choose all that apply)'],
    [
      ['旧报纸', 'Old newspapers'],
      ['洗净的塑料饮料瓶', 'Rinsed plastic drink bottles'],
      ['旧衣物', 'Old clothes'],
      ['用过的餐巾纸', 'Used paper napkins'],
    ],
    'ABC',
    ['纸、塑料瓶、织物可以回收利用；用过的餐巾纸被污染且易溶，属于其他垃圾。', 'Paper, bottles and textiles can be recycled; used napkins are soiled and belong to other waste.'],
  ),
  judge('waste-sorting-04', 'waste_sorting', 1, ['剩菜剩饭、果皮属于厨余垃圾。', 'Leftover food and fruit peel are kitchen waste.'], true, [
    '易腐烂的食物残余、果皮等属于厨余垃圾（湿垃圾），投放前最好沥干水分。',
    'Perishable food scraps and peel are kitchen (wet) waste; drain them before dropping them off.',
  ]),
  judge('waste-sorting-05', 'waste_sorting', 2, ['大骨头因为是食物残余，应当投入厨余垃圾桶。', 'Big bones are food scraps, so they go in the kitchen-waste bin.'], false, [
    '大骨头质地坚硬、难以降解和粉碎处理，多数城市规定归入其他垃圾；细碎的鱼骨、鸡骨可归入厨余垃圾。',
    'Large bones are too hard to compost or grind, so most cities class them as other waste; small fish and chicken bones can go with kitchen waste.',
  ]),

  // 控烟
  judge('smoke-free-01', 'smoke_free', 1, ['室内公共场所禁止吸烟。', 'Smoking is banned in indoor public places.'], true, [
    '国家规定室内公共场所禁止吸烟，许多城市的控烟条例还把公共交通工具和部分室外场所纳入禁烟范围。',
    'National rules ban smoking in indoor public places; many cities also cover public transport and some outdoor areas.',
  ]),
  choice(
    'smoke-free-02',
    'smoke_free',
    2,
    ['“世界无烟日”是每年的哪一天？', 'When is World No Tobacco Day?'],
    [
      ['3月15日', '15 March'],
      ['5月31日', '31 May'],
      ['6月5日', '5 June'],
      ['12月1日', '1 December'],
    ],
    'B',
    [
      '世界卫生组织将每年5月31日定为世界无烟日。3月15日是消费者权益日，6月5日是世界环境日，12月1日是世界艾滋病日。',
      'The WHO made 31 May World No Tobacco Day; 15 March is Consumer Rights Day, 5 June World Environment Day, 1 December World AIDS Day.',
    ],
  ),
  choice(
    'smoke-free-03',
    'smoke_free',
    1,
    ['下列哪些场所不应吸烟？（多选）', 'Where should no one smoke? (choose all that apply)'],
    [
      ['公交车内', 'On a bus'],
      ['医院候诊室', 'In a hospital waiting room'],
      ['电梯内', 'In a lift'],
      ['商场室内', 'Inside a shopping mall'],
    ],
    'ABCD',
    ['这些都是室内公共场所或公共交通工具，都应当禁止吸烟。', 'All are indoor public places or public transport, where smoking is banned.'],
  ),
  judge('smoke-free-04', 'smoke_free', 2, ['电子烟不产生烟雾，所以可以在禁烟场所使用。', 'E-cigarettes make no smoke, so they may be used where smoking is banned.'], false, [
    '电子烟气溶胶同样含有害物质，许多城市的控烟规定已将电子烟纳入禁烟范围。',
    "E-cigarette aerosol also contains harmful substances; many cities' rules ban them wherever smoking is banned.",
  ]),
  choice(
    'smoke-free-05',
    'smoke_free',
    2,
    ['在禁烟场所看到有人吸烟，比较恰当的做法是：', 'If someone smokes where it is banned, what is the best thing to do?'],
    [
      ['礼貌劝阻，或告知场所管理人员', 'Ask them politely to stop, or tell the staff'],
      ['和对方争吵', 'Quarrel with them'],
      ['拍下正脸发到网上', 'Post a photo of their face online'],
      ['跟着一起吸', 'Join in'],
    ],
    'A',
    ['可以礼貌劝阻，或请场所经营管理者制止；场所有责任设置禁烟标识并劝阻吸烟。', 'Ask politely or let the management deal with it; venues must post signs and stop smoking.'],
  ),

  // 志愿服务
  choice(
    'volunteering-01',
    'volunteering',
    1,
    ['“学雷锋纪念日”是每年的：', 'Learn from Lei Feng Day is on:'],
    [
      ['3月5日', '5 March'],
      ['5月4日', '4 May'],
      ['10月1日', '1 October'],
      ['12月5日', '5 December'],
    ],
    'A',
    [
      '1963年3月5日毛泽东同志题词“向雷锋同志学习”，此后3月5日成为学雷锋纪念日。12月5日是国际志愿者日。',
      'On 5 March 1963 Mao Zedong wrote "Learn from Comrade Lei Feng"; 5 December is International Volunteer Day.',
    ],
  ),
  choice(
    'volunteering-02',
    'volunteering',
    2,
    ['根据《志愿服务条例》，开展志愿服务应当遵循哪些原则？（多选）', 'By the Regulations on Volunteer Service, which principles apply? (choose all that apply)'],
    [
      ['自愿', 'Voluntariness'],
      ['无偿', 'No payment'],
      ['平等、诚信、合法', 'Equality, integrity, legality'],
      ['按时长领取报酬', 'Pay by the hour'],
    ],
    'ABC',
    [
      '《志愿服务条例》第三条：开展志愿服务，应当遵循自愿、无偿、平等、诚信、合法的原则。',
      'Article 3: volunteer service follows the principles of voluntariness, no payment, equality, integrity and legality.',
    ],
  ),
  judge('volunteering-03', 'volunteering', 1, ['志愿者参加志愿服务，可以记录服务时长。', 'Volunteers can have their service hours recorded.'], true, [
    '志愿服务组织应如实记录志愿者的服务时间、内容等信息，并可出具服务记录证明。',
    "Organizations must record volunteers' hours and work truthfully and can certify them.",
  ]),
  choice(
    'volunteering-04',
    'volunteering',
    2,
    ['“国际志愿者日”是每年的：', 'International Volunteer Day is on:'],
    [
      ['3月5日', '5 March'],
      ['6月1日', '1 June'],
      ['9月10日', '10 September'],
      ['12月5日', '5 December'],
    ],
    'D',
    ['联合国大会将每年12月5日定为国际志愿者日。', 'The UN General Assembly set 5 December as International Volunteer Day.'],
  ),
  judge(
    'volunteering-05',
    'volunteering',
    2,
    ['志愿服务组织可以向志愿者收取费用作为参加志愿服务的条件。', 'A volunteer organization may charge volunteers a fee to take part.'],
    false,
    ['志愿服务坚持无偿原则，不得向志愿者收取或者变相收取费用。', 'Volunteer service is unpaid on both sides; organizations may not charge volunteers, openly or otherwise.'],
  ),

  // 文明餐桌
  choice(
    'dining-01',
    'dining',
    1,
    ['“光盘行动”倡导的是：', 'The "clean plate campaign" asks us to:'],
    [
      ['吃完盘中食物，不剩饭菜', 'Finish the food on our plates'],
      ['使用一次性餐具', 'Use disposable tableware'],
      ['点菜越多越体面', 'Order lavishly to look generous'],
      ['只在家里吃饭', 'Eat only at home'],
    ],
    'A',
    ['光盘行动倡导按需点餐、吃完剩余、打包带走，反对餐饮浪费。', 'Order what you need, finish it or take it away: no food waste.'],
  ),
  judge('dining-02', 'dining', 1, ['多人聚餐时使用公筷公勺，有利于预防疾病传播。', 'Using serving chopsticks and spoons at shared meals helps prevent disease spreading.'], true, [
    '公筷公勺、分餐制能减少交叉感染，是文明健康的用餐方式。',
    'Serving utensils and separate portions reduce cross-infection.',
  ]),
  choice(
    'dining-03',
    'dining',
    2,
    ['我国专门制止餐饮浪费的法律是：', 'Which national law targets food waste?'],
    [
      ['《反食品浪费法》', 'The Anti-Food Waste Law'],
      ['《食品安全法》', 'The Food Safety Law'],
      ['《消费者权益保护法》', 'The Consumer Rights Protection Law'],
      ['《节约能源法》', 'The Energy Conservation Law'],
    ],
    'A',
    ['《中华人民共和国反食品浪费法》于2021年4月29日通过并施行。', 'The Anti-Food Waste Law was passed and took effect on 29 April 2021.'],
  ),
  choice(
    'dining-04',
    'dining',
    1,
    ['在外就餐，下列哪些做法体现文明餐桌？（多选）', 'Eating out, which show good table manners? (choose all that apply)'],
    [
      ['按需适量点餐', 'Order only what you need'],
      ['吃不完打包带走', 'Take leftovers home'],
      ['使用公筷公勺', 'Use serving utensils'],
      ['大声喧哗劝酒', 'Shout and press others to drink'],
    ],
    'ABC',
    [
      '适量点餐、剩菜打包、公筷公勺是文明用餐；大声喧哗、强行劝酒不文明。',
      'Sensible ordering, taking leftovers and serving utensils are civil; loud toasting and pressing drinks are not.',
    ],
  ),
  judge(
    'dining-05',
    'dining',
    2,
    ['餐厅可以对主动少点菜、不剩饭的顾客给予鼓励，但不能诱导超量点餐。', 'A restaurant may reward diners who order modestly, but must not push them to over-order.'],
    true,
    [
      '《反食品浪费法》要求餐饮服务经营者提示消费者适量点餐，不得诱导、误导超量点餐。',
      'The Anti-Food Waste Law requires restaurants to remind diners to order sensibly and forbids inducing over-ordering.',
    ],
  ),

  // 文明养犬
  judge('pets-01', 'pets', 1, ['在小区和公共场所遛狗，应当为犬只束犬链（牵引绳）。', 'Dogs walked in estates and public places must be on a lead.'], true, [
    '携犬出户应当束犬链并由成年人牵领，避免犬只伤人、扰民。',
    'Outside the home a dog must be on a lead held by an adult, so it neither bites nor disturbs.',
  ]),
  choice(
    'pets-02',
    'pets',
    1,
    ['遛狗时犬只在路面上排便，主人应当：', 'When a dog fouls the pavement, its owner should:'],
    [
      ['及时清理', 'Clean it up at once'],
      ['留给环卫工人', 'Leave it for the sweepers'],
      ['用落叶盖住', 'Cover it with leaves'],
      ['赶紧离开', 'Hurry away'],
    ],
    'A',
    ['携犬出户应携带清理工具，及时清除犬只粪便。', 'Carry bags and clear up after your dog.'],
  ),
  choice(
    'pets-03',
    'pets',
    2,
    ['文明养犬应当做到哪些？（多选）', 'What does responsible dog keeping include? (choose all that apply)'],
    [
      ['按规定办理养犬登记', 'Register the dog as required'],
      ['定期为犬只接种狂犬病疫苗', 'Keep its rabies vaccination up to date'],
      ['乘电梯时收紧牵引绳或怀抱犬只，主动避让他人', 'In lifts, shorten the lead or carry the dog, and give way'],
      ['让犬只在夜间长时间吠叫', 'Let the dog bark for hours at night'],
    ],
    'ABC',
    ['登记、免疫、束链、避让是基本要求；犬只长时间吠叫扰民应及时制止。', 'Registration, vaccination, leads and giving way are basics; stop a dog from barking for long periods.'],
  ),
  judge('pets-04', 'pets', 2, ['自家的狗很温顺，所以在公共场所不用牵绳。', 'My dog is gentle, so it needs no lead in public places.'], false, [
    '无论犬只是否温顺，携犬出户都要束犬链；很多伤人事件正是“我家狗不咬人”的犬只造成的。',
    'Every dog needs a lead in public; many bites come from dogs whose owners said they never bite.',
  ]),
  choice(
    'pets-05',
    'pets',
    3,
    ['被犬只咬伤或抓伤后，正确的处理是：', 'After a dog bite or scratch, what should you do?'],
    [
      ['立即用肥皂水和流动清水冲洗伤口，并尽快就医接种狂犬病疫苗', 'Wash the wound with soap and running water at once, then get medical care and rabies shots'],
      ['伤口小就不用管', 'Ignore it if the wound is small'],
      ['涂上牙膏即可', 'Put toothpaste on it'],
      ['等出现症状再去医院', 'Wait until symptoms appear'],
    ],
    'A',
    [
      '应立即用肥皂水和流动清水交替冲洗伤口约15分钟，并尽快到医疗机构处置、接种狂犬病疫苗；狂犬病一旦发病几乎百分之百致死。',
      'Wash for about 15 minutes with soap and running water, then go to a clinic for treatment and rabies vaccination: once symptoms show, rabies is almost always fatal.',
    ],
  ),

  // 我们的节日
  choice(
    'festivals-01',
    'festivals',
    1,
    ['“我们的节日”主题活动涉及的传统节日有哪些？（多选）', 'Which traditional festivals are in the "Our Festivals" programme? (choose all that apply)'],
    [
      ['春节', 'Spring Festival'],
      ['清明节', 'Qingming'],
      ['端午节', 'Dragon Boat Festival'],
      ['中秋节', 'Mid-Autumn Festival'],
    ],
    'ABCD',
    [
      '“我们的节日”围绕春节、元宵节、清明节、端午节、七夕节、中秋节、重阳节等传统节日开展活动。',
      '"Our Festivals" covers Spring Festival, Lantern Festival, Qingming, Dragon Boat, Qixi, Mid-Autumn and Double Ninth.',
    ],
  ),
  choice(
    'festivals-02',
    'festivals',
    1,
    ['重阳节是农历哪一天？它倡导什么？', 'When is the Double Ninth Festival, and what does it honour?'],
    [
      ['九月初九，敬老爱老', 'Ninth day of the ninth lunar month; respect for the elderly'],
      ['五月初五，纪念屈原', 'Fifth of the fifth month; Qu Yuan'],
      ['正月十五，赏灯猜谜', 'Fifteenth of the first month; lanterns and riddles'],
      ['七月初七，乞巧', 'Seventh of the seventh month; Qixi'],
    ],
    'A',
    [
      '重阳节在农历九月初九，2012年被法律确定为老年节，倡导敬老、爱老、助老。',
      "The Double Ninth falls on the ninth of the ninth lunar month; since 2012 it is also the legal Seniors' Day.",
    ],
  ),
  choice(
    'festivals-03',
    'festivals',
    2,
    ['端午节在农历哪一天？', 'On which lunar date is the Dragon Boat Festival?'],
    [
      ['正月十五', '15th of the 1st month'],
      ['五月初五', '5th of the 5th month'],
      ['七月初七', '7th of the 7th month'],
      ['八月十五', '15th of the 8th month'],
    ],
    'B',
    [
      '端午节在农历五月初五，有赛龙舟、吃粽子等习俗，2009年列入联合国教科文组织人类非物质文化遗产代表作名录。',
      'It falls on the 5th of the 5th lunar month, with dragon-boat races and zongzi; UNESCO listed it as intangible heritage in 2009.',
    ],
  ),
  judge(
    'festivals-04',
    'festivals',
    1,
    ['清明祭扫提倡鲜花祭扫、网络祭扫等文明低碳方式。', 'For Qingming, flowers and online memorials are encouraged as civil, low-carbon ways to honour ancestors.'],
    true,
    ['文明祭扫减少焚烧纸钱、燃放鞭炮带来的火灾隐患和空气污染。', 'They avoid the fire risk and smoke of burning paper money and firecrackers.'],
  ),
  choice(
    'festivals-05',
    'festivals',
    2,
    ['元宵节是农历哪一天？', 'When is the Lantern Festival?'],
    [
      ['正月初一', '1st of the 1st lunar month'],
      ['正月十五', '15th of the 1st lunar month'],
      ['二月初二', '2nd of the 2nd lunar month'],
      ['八月十五', '15th of the 8th lunar month'],
    ],
    'B',
    [
      '元宵节在农历正月十五，有赏花灯、猜灯谜、吃元宵等习俗；八月十五是中秋节。',
      'The 15th of the 1st lunar month: lanterns, riddles and sweet dumplings; the 15th of the 8th is Mid-Autumn.',
    ],
  ),

  // A few more, so each campaign draw has variety
  choice(
    'core-values-06',
    'core_values',
    2,
    ['“诚信”属于社会主义核心价值观的哪个层面？', 'At which level of the core values is "integrity"?'],
    [
      ['国家层面', 'National'],
      ['社会层面', 'Society'],
      ['公民个人层面', 'Individual'],
      ['不属于核心价值观', 'Not a core value'],
    ],
    'C',
    ['个人层面：爱国、敬业、诚信、友善。', 'Individual level: patriotism, dedication, integrity, friendship.'],
  ),
  judge('traffic-06', 'traffic', 1, ['乘坐汽车时，后排乘客也应当系好安全带。', 'Back-seat passengers should wear seat belts too.'], true, [
    '驾驶人和乘坐人员都应当按规定使用安全带，后排也不例外。',
    'Drivers and all passengers must wear belts, back seats included.',
  ]),
  choice(
    'waste-sorting-06',
    'waste_sorting',
    2,
    ['投放厨余垃圾时，装垃圾的塑料袋应当：', 'When dropping off kitchen waste, the plastic bag it came in should:'],
    [
      ['破袋后把袋子投入其他垃圾桶', 'Be emptied and put in the other-waste bin'],
      ['连袋一起投入厨余垃圾桶', 'Go into the kitchen-waste bin with the scraps'],
      ['投入可回收物桶', 'Go into the recycling bin'],
      ['随手扔在垃圾桶旁', 'Be left beside the bins'],
    ],
    'A',
    ['塑料袋不能腐烂，会影响厨余垃圾处理，应破袋投放，袋子归入其他垃圾。', 'Plastic bags do not rot and spoil composting: empty the scraps and put the bag with other waste.'],
  ),
];
