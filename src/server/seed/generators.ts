/**
 * Pure, deterministic generators for demo data: a seeded PRNG and realistic Chinese people, companies,
 * credit codes, phone numbers and addresses. Same seed → same output, on every machine.
 */
import { CREDIT_CODE_CHARSET, creditCodeCheckChar } from '../../core/validation/creditCode.js';

/** sfc32 seeded through splitmix32: small, fast, good enough for demo data, identical everywhere. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.next();
  }

  /** uniform in [0, 1) */
  next(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t / 4294967296;
  }

  /** integer in [min, max] */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** picks by weight: items are [value, weight] */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [v, w] of items) {
      r -= w;
      if (r < 0) return v;
    }
    return items[items.length - 1]![0];
  }

  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }

  /** a version-4-shaped UUID from this generator (deterministic, not cryptographic) */
  uuid(): string {
    const hex = (n: number) => Math.floor(this.next() * 16 ** n).toString(16).padStart(n, '0');
    const variant = '89ab'[this.int(0, 3)]!;
    return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(6)}${hex(6)}`;
  }
}

// ---------------------------------------------------------------------------------------------- people

/** common surnames with their pinyin, roughly by frequency (first ones weigh more) */
const SURNAMES: readonly (readonly [string, string])[] = [
  ['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang'], ['黄', 'huang'],
  ['赵', 'zhao'], ['吴', 'wu'], ['周', 'zhou'], ['徐', 'xu'], ['孙', 'sun'], ['马', 'ma'], ['朱', 'zhu'],
  ['胡', 'hu'], ['郭', 'guo'], ['何', 'he'], ['高', 'gao'], ['林', 'lin'], ['罗', 'luo'], ['郑', 'zheng'],
  ['梁', 'liang'], ['谢', 'xie'], ['宋', 'song'], ['唐', 'tang'], ['许', 'xu'], ['韩', 'han'], ['冯', 'feng'],
  ['邓', 'deng'], ['曹', 'cao'], ['彭', 'peng'], ['曾', 'zeng'], ['肖', 'xiao'], ['田', 'tian'], ['董', 'dong'],
  ['袁', 'yuan'], ['潘', 'pan'], ['蒋', 'jiang'], ['蔡', 'cai'], ['余', 'yu'], ['杜', 'du'], ['叶', 'ye'],
  ['程', 'cheng'], ['苏', 'su'], ['魏', 'wei'], ['吕', 'lv'], ['丁', 'ding'], ['任', 'ren'], ['沈', 'shen'],
  ['姚', 'yao'], ['卢', 'lu'], ['姜', 'jiang'], ['崔', 'cui'], ['钟', 'zhong'], ['谭', 'tan'], ['陆', 'lu'],
  ['汪', 'wang'], ['范', 'fan'], ['金', 'jin'], ['石', 'shi'], ['廖', 'liao'], ['贾', 'jia'], ['夏', 'xia'],
  ['韦', 'wei'], ['方', 'fang'], ['白', 'bai'], ['邹', 'zou'], ['孟', 'meng'], ['熊', 'xiong'], ['秦', 'qin'],
  ['邱', 'qiu'], ['江', 'jiang'], ['尹', 'yin'], ['薛', 'xue'], ['段', 'duan'], ['雷', 'lei'], ['侯', 'hou'],
  ['龙', 'long'], ['史', 'shi'], ['陶', 'tao'], ['贺', 'he'], ['顾', 'gu'], ['毛', 'mao'], ['郝', 'hao'],
  ['龚', 'gong'], ['邵', 'shao'], ['钱', 'qian'], ['严', 'yan'], ['欧阳', 'ouyang'], ['司马', 'sima'],
];

const GIVEN: readonly (readonly [string, string])[] = [
  ['伟', 'wei'], ['芳', 'fang'], ['娜', 'na'], ['敏', 'min'], ['静', 'jing'], ['丽', 'li'], ['强', 'qiang'],
  ['磊', 'lei'], ['军', 'jun'], ['洋', 'yang'], ['勇', 'yong'], ['艳', 'yan'], ['杰', 'jie'], ['娟', 'juan'],
  ['涛', 'tao'], ['明', 'ming'], ['超', 'chao'], ['秀', 'xiu'], ['霞', 'xia'], ['平', 'ping'], ['刚', 'gang'],
  ['英', 'ying'], ['华', 'hua'], ['文', 'wen'], ['建', 'jian'], ['玲', 'ling'], ['晨', 'chen'], ['宇', 'yu'],
  ['浩', 'hao'], ['欣', 'xin'], ['婷', 'ting'], ['佳', 'jia'], ['思', 'si'], ['雨', 'yu'], ['子', 'zi'],
  ['涵', 'han'], ['博', 'bo'], ['凯', 'kai'], ['鑫', 'xin'], ['琳', 'lin'], ['颖', 'ying'], ['慧', 'hui'],
  ['鹏', 'peng'], ['斌', 'bin'], ['倩', 'qian'], ['晓', 'xiao'], ['志', 'zhi'], ['海', 'hai'], ['嘉', 'jia'],
  ['俊', 'jun'], ['雪', 'xue'], ['立', 'li'], ['峰', 'feng'], ['健', 'jian'], ['宁', 'ning'], ['瑶', 'yao'],
  ['帆', 'fan'], ['梦', 'meng'], ['一', 'yi'], ['诗', 'shi'], ['泽', 'ze'], ['昊', 'hao'], ['然', 'ran'],
  ['悦', 'yue'], ['琪', 'qi'], ['鸿', 'hong'], ['丹', 'dan'], ['晶', 'jing'], ['鹤', 'he'], ['天', 'tian'],
];

export interface PersonName {
  name: string;
  pinyin: string;
}

export function personName(rng: Random): PersonName {
  const idx = Math.floor(rng.next() ** 1.6 * SURNAMES.length); // skewed towards common surnames
  const [surname, sp] = SURNAMES[idx]!;
  const parts = rng.chance(0.7) ? [rng.pick(GIVEN), rng.pick(GIVEN)] : [rng.pick(GIVEN)];
  if (parts.length === 2 && parts[0]![0] === parts[1]![0]) parts.pop();
  return { name: surname + parts.map((p) => p[0]).join(''), pinyin: sp + parts.map((p) => p[1]).join('') };
}

/** distinct names (and e-mail local parts) for `count` people */
export function uniquePeople(rng: Random, count: number): PersonName[] {
  const names = new Set<string>();
  const locals = new Set<string>();
  const out: PersonName[] = [];
  while (out.length < count) {
    const p = personName(rng);
    if (names.has(p.name)) continue;
    let local = p.pinyin;
    for (let n = 2; locals.has(local); n++) local = `${p.pinyin}${n}`;
    names.add(p.name);
    locals.add(local);
    out.push({ name: p.name, pinyin: local });
  }
  return out;
}

const MOBILE_PREFIXES = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155',
  '156', '157', '158', '159', '166', '173', '177', '180', '181', '182', '183', '185', '186', '187', '188',
  '189', '191', '199',
] as const;

/** a mainland mobile number (matches ^1[3-9]\d{9}$) */
export function mobile(rng: Random): string {
  return rng.pick(MOBILE_PREFIXES) + rng.digits(8);
}

// ---------------------------------------------------------------------------------------------- places

export interface District {
  name: string;
  /** GB/T 2260 administrative division code (6 digits), used inside credit codes */
  code: string;
}

export interface City {
  name: string;
  pinyin: string;
  /** "上海市" for municipalities, "浙江省杭州市" otherwise */
  prefix: string;
  areaCode: string;
  districts: readonly District[];
}

const d = (name: string, code: string): District => ({ name, code });

export const CITIES = {
  上海: { name: '上海', pinyin: 'sh', prefix: '上海市', areaCode: '021', districts: [d('浦东新区', '310115'), d('徐汇区', '310104'), d('闵行区', '310112'), d('静安区', '310106'), d('嘉定区', '310114'), d('松江区', '310117')] },
  苏州: { name: '苏州', pinyin: 'sz', prefix: '江苏省苏州市', areaCode: '0512', districts: [d('姑苏区', '320508'), d('吴中区', '320506'), d('虎丘区', '320505'), d('昆山市', '320583')] },
  南京: { name: '南京', pinyin: 'nj', prefix: '江苏省南京市', areaCode: '025', districts: [d('玄武区', '320102'), d('建邺区', '320105'), d('江宁区', '320115')] },
  杭州: { name: '杭州', pinyin: 'hz', prefix: '浙江省杭州市', areaCode: '0571', districts: [d('西湖区', '330106'), d('滨江区', '330108'), d('余杭区', '330110'), d('萧山区', '330109'), d('拱墅区', '330105')] },
  宁波: { name: '宁波', pinyin: 'nb', prefix: '浙江省宁波市', areaCode: '0574', districts: [d('鄞州区', '330212'), d('北仑区', '330206'), d('海曙区', '330203')] },
  绍兴: { name: '绍兴', pinyin: 'sx', prefix: '浙江省绍兴市', areaCode: '0575', districts: [d('越城区', '330602'), d('柯桥区', '330603')] },
  北京: { name: '北京', pinyin: 'bj', prefix: '北京市', areaCode: '010', districts: [d('海淀区', '110108'), d('朝阳区', '110105'), d('东城区', '110101'), d('丰台区', '110106'), d('大兴区', '110115')] },
  石家庄: { name: '石家庄', pinyin: 'sjz', prefix: '河北省石家庄市', areaCode: '0311', districts: [d('长安区', '130102'), d('裕华区', '130108')] },
  天津: { name: '天津', pinyin: 'tj', prefix: '天津市', areaCode: '022', districts: [d('和平区', '120101'), d('滨海新区', '120116'), d('南开区', '120104'), d('西青区', '120111')] },
  唐山: { name: '唐山', pinyin: 'ts', prefix: '河北省唐山市', areaCode: '0315', districts: [d('路北区', '130203'), d('路南区', '130202')] },
  广州: { name: '广州', pinyin: 'gz', prefix: '广东省广州市', areaCode: '020', districts: [d('天河区', '440106'), d('越秀区', '440104'), d('海珠区', '440105'), d('番禺区', '440113'), d('黄埔区', '440112')] },
  佛山: { name: '佛山', pinyin: 'fs', prefix: '广东省佛山市', areaCode: '0757', districts: [d('南海区', '440605'), d('顺德区', '440606')] },
  东莞: { name: '东莞', pinyin: 'dg', prefix: '广东省东莞市', areaCode: '0769', districts: [d('南城街道', '441900'), d('松山湖', '441900'), d('长安镇', '441900')] },
  深圳: { name: '深圳', pinyin: 'szx', prefix: '广东省深圳市', areaCode: '0755', districts: [d('南山区', '440305'), d('福田区', '440304'), d('宝安区', '440306'), d('龙岗区', '440307'), d('罗湖区', '440303')] },
  珠海: { name: '珠海', pinyin: 'zh', prefix: '广东省珠海市', areaCode: '0756', districts: [d('香洲区', '440402')] },
} as const satisfies Record<string, City>;

export type CityName = keyof typeof CITIES;

const ROADS = [
  '人民路', '中山路', '建设路', '解放路', '长江路', '黄河路', '科技路', '创新大道', '高新路', '工业大道', '学院路',
  '新华路', '文化路', '东风路', '和平路', '发展大道', '滨江大道', '世纪大道', '科苑路', '金融街', '青年路', '光明路',
] as const;

export function address(rng: Random, city: City): { text: string; district: District } {
  const district = rng.pick(city.districts);
  let text = `${city.prefix}${district.name}${rng.pick(ROADS)}${rng.int(1, 1688)}号`;
  if (rng.chance(0.5)) text += `${rng.int(1, 28)}栋${rng.int(1, 30)}${String(rng.int(1, 20)).padStart(2, '0')}室`;
  return { text, district };
}

/** an 8-digit landline with the city's area code, e.g. 021-58881234 */
export function landline(rng: Random, city: City): string {
  return `${city.areaCode}-${rng.int(2, 8)}${rng.digits(7)}`;
}

// ---------------------------------------------------------------------------------------------- companies

/** characters of trade names (字号) with their pinyin */
const TRADE_CHARS: readonly (readonly [string, string])[] = [
  ['恒', 'heng'], ['信', 'xin'], ['华', 'hua'], ['德', 'de'], ['盛', 'sheng'], ['鑫', 'xin'], ['泰', 'tai'],
  ['瑞', 'rui'], ['嘉', 'jia'], ['宏', 'hong'], ['博', 'bo'], ['中', 'zhong'], ['天', 'tian'], ['金', 'jin'],
  ['诚', 'cheng'], ['安', 'an'], ['兴', 'xing'], ['达', 'da'], ['通', 'tong'], ['源', 'yuan'], ['丰', 'feng'],
  ['远', 'yuan'], ['新', 'xin'], ['明', 'ming'], ['永', 'yong'], ['正', 'zheng'], ['和', 'he'], ['立', 'li'],
  ['启', 'qi'], ['创', 'chuang'], ['汇', 'hui'], ['联', 'lian'], ['凯', 'kai'], ['卓', 'zhuo'], ['锦', 'jin'],
  ['海', 'hai'], ['润', 'run'], ['万', 'wan'], ['佳', 'jia'], ['宇', 'yu'], ['东', 'dong'],
  ['辰', 'chen'], ['富', 'fu'], ['祥', 'xiang'], ['奥', 'ao'], ['科', 'ke'], ['蓝', 'lan'],
  ['星', 'xing'], ['光', 'guang'], ['晟', 'sheng'], ['峰', 'feng'], ['展', 'zhan'], ['腾', 'teng'], ['弘', 'hong'],
  ['众', 'zhong'], ['聚', 'ju'], ['力', 'li'], ['美', 'mei'], ['睿', 'rui'], ['航', 'hang'],
];

export const INDUSTRIES = [
  '制造业', '信息技术', '批发零售', '医疗健康', '教育培训', '金融服务', '建筑工程', '物流运输', '能源环保', '专业服务',
] as const;
export type Industry = (typeof INDUSTRIES)[number];

/** industry → words of the business scope that appear in company names */
const INDUSTRY_WORDS: Record<Industry, readonly string[]> = {
  制造业: ['精密机械', '机械设备', '新材料', '汽车零部件', '模具', '五金制品', '智能装备', '包装材料', '塑胶制品', '电气设备', '自动化设备', '纺织'],
  信息技术: ['信息技术', '软件', '网络科技', '数据科技', '智能科技', '云计算', '信息系统', '电子科技', '物联网科技'],
  批发零售: ['商贸', '贸易', '百货', '电子商务', '食品贸易', '实业', '进出口贸易'],
  医疗健康: ['医疗器械', '生物医药', '健康管理', '医药', '生物科技', '医疗科技'],
  教育培训: ['教育科技', '职业技能培训', '文化传播', '教育咨询'],
  金融服务: ['投资管理', '融资租赁', '资产管理', '商业保理', '财务咨询'],
  建筑工程: ['建筑工程', '建设工程', '装饰工程', '市政工程', '建材', '钢结构工程'],
  物流运输: ['物流', '供应链管理', '国际货运代理', '运输', '仓储服务'],
  能源环保: ['环保科技', '新能源', '节能科技', '水处理设备', '光伏科技'],
  专业服务: ['企业管理咨询', '人力资源', '广告', '会展服务', '知识产权代理'],
};

const INDUSTRY_WEIGHTS: readonly (readonly [Industry, number])[] = [
  ['制造业', 26], ['信息技术', 18], ['批发零售', 14], ['医疗健康', 8], ['教育培训', 5], ['金融服务', 5],
  ['建筑工程', 9], ['物流运输', 7], ['能源环保', 4], ['专业服务', 4],
];

export interface Company {
  name: string;
  industry: Industry;
  /** pinyin of the trade name, for e-mail domains and websites */
  tradePinyin: string;
}

/** e.g. 上海恒信精密机械有限公司, 瑞达（杭州）智能科技有限公司 */
export function companyName(rng: Random, city: City): Company {
  const industry = rng.weighted(INDUSTRY_WEIGHTS);
  const a = rng.pick(TRADE_CHARS);
  let b = rng.pick(TRADE_CHARS);
  while (b[0] === a[0]) b = rng.pick(TRADE_CHARS);
  const trade = a[0] + b[0];
  const word = rng.pick(INDUSTRY_WORDS[industry]);
  const suffix = rng.weighted([
    ['有限公司', 70],
    ['股份有限公司', 8],
    ['集团有限公司', 4],
    [word.endsWith('科技') || word.endsWith('技术') ? '有限公司' : '科技有限公司', 18],
  ] as const);
  const name = rng.chance(0.1) ? `${trade}（${city.name}）${word}${suffix}` : `${city.name}${trade}${word}${suffix}`;
  return { name, industry, tradePinyin: a[1] + b[1] };
}

// ---------------------------------------------------------------------------------------------- credit codes

const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11714 organization code check character over an 8-character body (digits and upper-case letters). */
export function orgCodeCheckChar(body: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = body[i]!;
    const v = c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 55; // A = 10 … Z = 35
    sum += v * ORG_CODE_WEIGHTS[i]!;
  }
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/**
 * A 统一社会信用代码-shaped code for a company registered in `divisionCode`: 9 (market regulator) + 1 (enterprise)
 * + division + 9-character organization code (old style all digits, or the newer MA… style) + GB 32100 check.
 */
export function creditCode(rng: Random, divisionCode: string): string {
  const letters = CREDIT_CODE_CHARSET.slice(10);
  let body: string;
  if (rng.chance(0.55)) {
    body = 'MA';
    for (let i = 0; i < 6; i++) body += rng.chance(0.6) ? String(rng.int(0, 9)) : rng.pick([...letters]);
  } else {
    body = String(rng.int(5, 7)) + rng.digits(7);
  }
  const first17 = `91${divisionCode}${body}${orgCodeCheckChar(body)}`;
  return first17 + creditCodeCheckChar(first17)!;
}
