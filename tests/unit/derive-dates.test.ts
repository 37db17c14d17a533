/**
 * Date expressions in real news sentences (each quoted verbatim with its source address and the
 * article's own date), resolved against that date: the expected date, precision and method
 * (corpus/README.md) beside each. An expression that cannot be resolved honestly is dropped:
 * those cases expect nothing.
 */
import { describe, expect, it } from 'vitest';
import { datesIn, reference } from '@/lib/derive/dates';
import type { DatePrecision } from '@/lib/corpus/schema';

interface Expected {
  expression: string;
  date: string;
  precision: DatePrecision;
  method: 'stated' | 'relative';
}

interface Case {
  source: string;
  /** The article's own date, at its precision (YYYY-MM-DD or YYYY-MM). */
  articleDate: string;
  sentence: string;
  expected: Expected[];
}

const rel = (expression: string, date: string, precision: DatePrecision): Expected => ({
  expression,
  date,
  precision,
  method: 'relative',
});
const stated = (expression: string, date: string, precision: DatePrecision): Expected => ({
  expression,
  date,
  precision,
  method: 'stated',
});

const OPEN = 'corpus/sources/us-uk-open-to-deeper-strikes/article.txt'; // Wed 11 Sep 2024
const PERMIT = 'corpus/sources/us-set-to-permit-long-range-missiles/article.txt'; // Tue 10 Sep 2024
const REACTION = 'corpus/sources/reaction-starmer-in-washington/article.txt'; // Fri 13 Sep 2024
const FIRM = 'corpus/sources/us-holds-firm-as-nato-allies-loosen/article.txt'; // May 2024
const NYT_SUDAN = 'https://www.nytimes.com/2017/01/13/world/africa/sudan-sanctions.html'; // Fri 13 Jan 2017
const AP_PROGRESS =
  'https://github.com/mozilla/readability/tree/main/test/test-pages/yahoo-2 (AP, saved from Yahoo News)'; // Thu 1 Dec 2016
const TELEGRAPH =
  'http://www.telegraph.co.uk/news/2017/11/16/zimbabwes-robert-mugabe-wife-grace-insisting-finishes-term-priest/'; // Fri 17 Nov 2017
const BBC = 'http://www.bbc.com/news/world-us-canada-33646704'; // Fri 24 Jul 2015
const NOVAYA =
  'https://novayagazeta.eu/amp/articles/2024/09/14/biden-and-starmer-stop-short-of-allowing-ukraine-use-of-long-range-missiles-against-russia-en-news'; // Sat 14 Sep 2024
const RBC = 'https://newsukraine.rbc.ua/news/starmer-says-decision-on-ukraine-s-use-of-1726288493.html'; // Sat 14 Sep 2024
const WAPO =
  'http://www.washingtonpost.com/world/gunmen-storm-museum-in-tunisia-killing-at-least-8/2015/03/18/00202e76-cd73-11e4-8730-4f473416e759_story.html'; // Wed 18 Mar 2015

const CASES: Case[] = [
  {
    source: OPEN,
    articleDate: '2024-09-11',
    sentence:
      'During a visit to Kyiv on Wednesday, the two countries’ top diplomats didn’t rule out agreeing to President Volodymyr Zelenskyy’s request but said President Joe Biden would discuss the matter more when he meets Prime Minister Keir Starmer in Washington later this week.',
    expected: [rel('on Wednesday', '2024-09-11', 'day'), rel('this week', '2024-09', 'month')],
  },
  {
    source: OPEN,
    articleDate: '2024-09-11',
    sentence:
      'Ahead of the meeting with Blinken and Lammy, the Ukrainian president said he would reinforce his plea to soften weapons restrictions in a meeting with Biden later this month in New York, where world leaders will gather for the UN General Assembly’s annual high-level debate.',
    expected: [rel('this month', '2024-09', 'month')],
  },
  {
    source: OPEN,
    articleDate: '2024-09-11',
    sentence:
      'Late last month, Zelenskyy said he would lay out a “victory plan” to force Russia to halt its invasion when he meets with Biden, though didn’t offer specifics.',
    expected: [rel('last month', '2024-08', 'month')],
  },
  {
    source: OPEN,
    articleDate: '2024-09-11',
    sentence: 'The question took on new urgency for Ukraine after Tuesday night’s debate between Harris and Trump.',
    expected: [rel('Tuesday night', '2024-09-10', 'day')],
  },
  {
    source: OPEN,
    articleDate: '2024-09-11',
    sentence:
      'Polish Foreign Minister Radoslaw Sikorski told the Financial Times last week that Warsaw and others have a “duty” to intercept incoming Russian missiles, although that sentiment isn’t universally shared within his coalition government.',
    expected: [rel('last week', '2024-09', 'month')],
  },
  {
    source: OPEN,
    articleDate: '2024-09-11',
    sentence:
      'During a meeting with defense chiefs last week at Ramstein Air Base in Germany, Austin told reporters that no specific weapon would be a game changer in Russia’s war.',
    expected: [rel('last week', '2024-09', 'month')],
  },
  {
    source: PERMIT,
    articleDate: '2024-09-10',
    sentence:
      'A visit by Blinken to Kyiv on Wednesday has been confirmed by State Department spokesman Matt Miller, noting it aims to “show continued support for Ukraine’s defense,” though he did not confirm any changes in policy.',
    // No tense near it ("has been confirmed" says nothing of when): the Wednesday before or after, both in September.
    expected: [rel('on Wednesday', '2024-09', 'month')],
  },
  {
    source: PERMIT,
    articleDate: '2024-09-10',
    sentence:
      'He noted that US President Joe Biden and UK Prime Minister Keir Starmer are scheduled to discuss the “missile issue” on Friday in Washington.',
    expected: [rel('on Friday', '2024-09-13', 'day')],
  },
  {
    source: PERMIT,
    articleDate: '2024-09-10',
    sentence:
      "“We’re working that out now,” Biden remarked to journalists on Tuesday regarding Ukraine's use of long-range missiles.",
    expected: [rel('on Tuesday', '2024-09-10', 'day')],
  },
  {
    source: PERMIT,
    articleDate: '2024-09-10',
    sentence:
      'The issue of Western involvement in arming Kyiv is set to be a topic at the upcoming Security Council meeting on Friday, as stated by Vassily Nebenzia, the Russian ambassador to the UN.',
    expected: [rel('on Friday', '2024-09-13', 'day')],
  },
  {
    source: PERMIT,
    articleDate: '2024-09-10',
    sentence:
      'Until August 27, the Pentagon has consistently upheld that its policy regarding the use of long-range weapons by Ukraine remains unchanged.',
    expected: [rel('August 27', '2024-08-27', 'day')],
  },
  {
    source: PERMIT,
    articleDate: '2024-09-10',
    sentence:
      'Ukraine has not shied away from targeting deep into Russian territory, evidenced by drone attacks reaching as far as Moscow, including a notable instance in May 2023 where a drone landed on the Kremlin.',
    expected: [stated('May 2023', '2023-05', 'month')],
  },
  {
    source: REACTION,
    articleDate: '2024-09-13',
    sentence:
      'The UK government responded by calling the accusations “baseless”, saying the diplomats’ accreditations were actually revoked by Moscow last month in response to the UK targeting Russian-paid saboteurs in Britain.',
    expected: [rel('last month', '2024-08', 'month')],
  },
  {
    source: REACTION,
    articleDate: '2024-09-13',
    sentence:
      'Despite the potentially promising policy shift by western allies, Zelensky took aim at his partners today saying they are “too afraid” to help Ukraine in downing incoming drones and missiles in the same way they helped Israel to do so in April.',
    expected: [rel('today', '2024-09-13', 'day'), rel('April', '2024-04', 'month')],
  },
  {
    source: REACTION,
    articleDate: '2024-09-13',
    sentence:
      'In a visit to Kyiv this week, foreign secretary David Lammy blamed Putin for escalating the conflict with his “new axis” of “renegades”, referring to a recent Iranian shipment of ballistic missiles to Russia.',
    expected: [rel('this week', '2024-09', 'month')],
  },
  {
    source: FIRM,
    articleDate: '2024-05',
    sentence:
      'Belgian Prime Minister Alexander De Croo and Ukrainian President Volodymyr Zelensky signed a long-term security deal on Tuesday.',
    // The article is dated to the month only: a weekday cannot be placed.
    expected: [],
  },
  {
    source: FIRM,
    articleDate: '2024-05',
    sentence:
      '“Our Ukrainian allies are requesting permission to use certain weapons provided by the United States to conduct operations on strategic targets inside Russian and Russian-controlled territory,” the lawmakers wrote in a letter to Secretary of Defense Lloyd Austin earlier this month.',
    expected: [rel('this month', '2024-05', 'month')],
  },
  {
    source: FIRM,
    articleDate: '2024-05',
    sentence:
      'Since the beginning of Russia’s invasion of Ukraine in February 2022, the U.S. has provided Ukraine with billions of dollars in weapons.',
    expected: [stated('February 2022', '2022-02', 'month')],
  },
  {
    source: NYT_SUDAN,
    articleDate: '2017-01-13',
    sentence:
      'LONDON — After nearly 20 years of hostile relations, the American government plans to reverse its position on Sudan and lift trade sanctions, Obama administration officials said late Thursday.',
    expected: [rel('Thursday', '2017-01-12', 'day')],
  },
  {
    source: NYT_SUDAN,
    articleDate: '2017-01-13',
    sentence: 'On Friday, the Obama administration will announce a new Sudan strategy.',
    expected: [rel('On Friday', '2017-01-13', 'day')],
  },
  {
    source: NYT_SUDAN,
    articleDate: '2017-01-13',
    sentence:
      'In 1997, President Bill Clinton imposed a comprehensive trade embargo against Sudan and blocked the assets of the Sudanese government, which was suspected of sponsoring international terrorism.',
    expected: [stated('In 1997', '1997', 'year')],
  },
  {
    source: NYT_SUDAN,
    articleDate: '2017-01-13',
    sentence: 'In the mid-1990s, Osama bin Laden lived in Khartoum, the capital, as a guest of Sudan’s government.',
    expected: [],
  },
  {
    source: NYT_SUDAN,
    articleDate: '2017-01-13',
    sentence:
      'Officials divulged Thursday that the Sudanese government had allowed two visits by American operatives to a restricted border area near Libya, which they cited as evidence of a new spirit of cooperation on counterterrorism efforts.',
    expected: [rel('Thursday', '2017-01-12', 'day')],
  },
  {
    source: AP_PROGRESS,
    articleDate: '2016-12-01',
    sentence:
      'MOSCOW (AP) — An unmanned Russian cargo spaceship heading to the International Space Station broke up in the atmosphere over Siberia on Thursday due to an unspecified malfunction, the Russian space agency said.',
    expected: [rel('on Thursday', '2016-12-01', 'day')],
  },
  {
    source: AP_PROGRESS,
    articleDate: '2016-12-01',
    sentence: 'It was set to dock with the space station on Saturday.',
    expected: [rel('on Saturday', '2016-12-03', 'day')],
  },
  {
    source: AP_PROGRESS,
    articleDate: '2016-12-01',
    sentence:
      'A Progress cargo ship plunged into the Pacific Ocean in May 2015, and a Proton-M rocket carrying an advanced satellite broke up in the atmosphere in May 2014.',
    expected: [stated('May 2015', '2015-05', 'month'), stated('May 2014', '2014-05', 'month')],
  },
  {
    source: AP_PROGRESS,
    articleDate: '2016-12-01',
    sentence:
      "Orbital ATK, NASA's other shipper, successfully sent up supplies to the space station in October, and a Japanese cargo spaceship is scheduled to launch a full load in mid-December.",
    expected: [rel('October', '2016-10', 'month'), rel('December', '2016-12', 'month')],
  },
  {
    source: AP_PROGRESS,
    articleDate: '2016-12-01',
    sentence:
      'NASA supplier SpaceX, meanwhile, has been grounded since a rocket explosion in September on the launch pad at Cape Canaveral, Florida.',
    expected: [rel('September', '2016-09', 'month')],
  },
  {
    source: TELEGRAPH,
    articleDate: '2017-11-17',
    sentence:
      "Fuelling speculation that Mnangagwa's plan might be rolling into action, opposition leader Morgan Tsvangirai, who has been receiving cancer treatment in Britain and South Africa, returned to Harare late on Wednesday, his spokesman said.",
    expected: [rel('on Wednesday', '2017-11-15', 'day')],
  },
  {
    source: TELEGRAPH,
    articleDate: '2017-11-17',
    sentence:
      'South Africa said Mr Mugabe had told President Jacob Zuma by telephone on Wednesday that he was confined to his home but was otherwise fine and the military said it was keeping him and his family, including wife Grace, safe.',
    expected: [rel('on Wednesday', '2017-11-15', 'day')],
  },
  {
    source: TELEGRAPH,
    articleDate: '2017-11-17',
    sentence:
      'Zimbabwean intelligence reports seen by Reuters suggest that former security chief Emmerson Mnangagwa, who was ousted as vice-president this month, has been mapping out a post-Mugabe vision with the military and opposition for more than a year.',
    expected: [rel('this month', '2017-11', 'month')],
  },
  {
    source: TELEGRAPH,
    articleDate: '2017-11-17',
    sentence:
      'Dubbed "DisGrace" or "Gucci Grace" on account of her reputed love of shopping, she enjoyed a meteoric rise through the ranks of Mugabe\'s ruling Zanu-PF in the last two years, culminating in Mnangagwa\'s removal a week ago - a move seen as clearing the way for her to succeed her husband.',
    expected: [rel('a week ago', '2017-11', 'month')],
  },
  {
    source: BBC,
    articleDate: '2015-07-24',
    sentence: 'Mr Obama lands in Kenya later on Friday for his first visit since becoming president.',
    expected: [rel('on Friday', '2015-07-24', 'day')],
  },
  {
    source: BBC,
    articleDate: '2015-07-24',
    sentence:
      'Mr Obama will become the first US president to address the African Union when he travels on to Ethiopia on Sunday.',
    // "will become" is too far from "travels … on Sunday" to date it: the Sunday before or after, both in July.
    expected: [rel('on Sunday', '2015-07', 'month')],
  },
  {
    source: BBC,
    articleDate: '2015-07-24',
    sentence:
      'After nine African-American churchgoers were killed in South Carolina in June, he admitted "politics in this town" meant there were few options available.',
    expected: [rel('June', '2015-06', 'month')],
  },
  {
    source: BBC,
    articleDate: '2015-07-24',
    sentence:
      'Nine months ago, the president seemed like a spent force, after taking a beating in the midterm elections, during which members of his own party were reluctant to campaign on his record.',
    expected: [rel('Nine months ago', '2014-10', 'month')],
  },
  {
    source: BBC,
    articleDate: '2015-07-24',
    sentence:
      'But with just 18 months left in power, he said gun control was the area where he has been "most frustrated and most stymied" since coming to power in 2009.',
    expected: [stated('in 2009', '2009', 'year')],
  },
  {
    source: NOVAYA,
    articleDate: '2024-09-14',
    sentence:
      'US President Joe Biden and British Prime Minister Sir Keir Starmer reaffirmed their “unwavering support” for Ukraine at a meeting in Washington on Friday, but did not signal that they had reached a decision on allowing Ukraine to use long-range missiles to strike targets inside Russia.',
    expected: [rel('on Friday', '2024-09-13', 'day')],
  },
  {
    source: NOVAYA,
    articleDate: '2024-09-14',
    sentence:
      'Vladimir Putin on Thursday warned that the use of Western weapons against targets deep inside Russia would mean NATO would be “at war” with Russia.',
    expected: [rel('on Thursday', '2024-09-12', 'day')],
  },
  {
    source: RBC,
    articleDate: '2024-09-14',
    sentence:
      'It is worth noting that Western officials had repeatedly emphasized that no decision regarding Storm Shadow missiles would be made during Biden and Starmer’s meeting on Friday.',
    // "would" is a future seen from the past and says nothing, and no other verb is near:
    // the Friday before or after the article's date, both in September.
    expected: [rel('on Friday', '2024-09', 'month')],
  },
  {
    source: WAPO,
    articleDate: '2015-03-18',
    sentence:
      'Gunmen opened fire on visitors at Tunisia’s most renowned museum on Wednesday, killing at least 19 people, including 17 foreigners, in an assault that threatened to upset the fragile stability of a country seen as the lone success of the Arab Spring.',
    expected: [rel('on Wednesday', '2015-03-18', 'day')],
  },
  {
    source: WAPO,
    articleDate: '2015-03-18',
    sentence:
      'In January, Libyan militants loyal to the Islamic State beheaded 21 Christians — 20 of them Egyptian Copts — along the country’s coast.',
    expected: [rel('In January', '2015-01', 'month')],
  },
  {
    source: WAPO,
    articleDate: '2015-03-18',
    sentence:
      'The last major attack on a civilian target in Tunisia was in 2002, when al-Qaeda militants killed more than 20 people in a car bombing outside a synagogue in the city of Djerba.',
    expected: [stated('in 2002', '2002', 'year')],
  },
];

function resolve(c: Case) {
  const parts = c.articleDate.split('-').length;
  const ref = reference({ date: c.articleDate, precision: parts === 3 ? 'day' : parts === 2 ? 'month' : 'year' });
  return datesIn(c.sentence, { start: 0, end: c.sentence.length }, ref);
}

describe('date expressions in real sentences, resolved against the article’s date', () => {
  it('has at least 30 real sentences with relative expressions, each with its source', () => {
    const relative = CASES.filter((c) => c.expected.some((e) => e.method === 'relative'));
    expect(relative.length).toBeGreaterThanOrEqual(30);
    for (const c of CASES) expect(c.source).toMatch(/^(https?:\/\/|corpus\/)/);
  });

  for (const [i, c] of CASES.entries()) {
    it(`case ${i + 1} (${c.articleDate}): ${c.sentence.slice(0, 60)}…`, () => {
      const found = resolve(c);
      const got = found.map((f) => ({
        expression: c.sentence.slice(f.expression.start, f.expression.end),
        date: f.date,
        precision: f.precision,
        method: f.method,
      }));
      // The expression may carry a word chrono takes in ("late on Wednesday"): compare by inclusion.
      expect(got.length).toBe(c.expected.length);
      c.expected.forEach((e, k) => {
        const g = got[k]!;
        expect(g.expression.toLowerCase()).toContain(e.expression.toLowerCase().replace(/^(on|in)\s+/, ''));
        expect({ date: g.date, precision: g.precision, method: g.method }).toEqual({
          date: e.date,
          precision: e.precision,
          method: e.method,
        });
        const note = found[k]!.note;
        if (e.method === 'relative') expect(note).toMatch(/article dated/);
        else expect(note).toBeNull();
        // The precision is the form of the date.
        expect(g.date.length).toBe({ year: 4, month: 7, day: 10 }[e.precision]);
      });
    });
  }

  it('drops what it cannot resolve honestly: no article date, numeric day/month, ranges, "now"', () => {
    const s = 'Biden spoke on Tuesday, yesterday and last week.';
    expect(datesIn(s, { start: 0, end: s.length }, null)).toEqual([]);
    for (const t of [
      'The attacks of 9/11 changed everything.',
      'Talks run from Monday to Wednesday.',
      'Biden is in Kyiv now.',
      // A bound or an estimate of the time since is not a date.
      'The first deliveries came more than two years ago.',
      'Starmer met Biden nearly a year ago.',
      'The talks began some three weeks ago.',
      'The strike was launched about two months ago.',
      'The ban was lifted over a year ago.',
    ]) {
      expect(datesIn(t, { start: 0, end: t.length }, reference({ date: '2024-09-11', precision: 'day' }))).toEqual([]);
    }
  });

  it('"last Tuesday" keeps only the month both candidates share, and nothing across two months', () => {
    const s = 'Blinken said last Tuesday that it was fine.';
    const inMonth = datesIn(s, { start: 0, end: s.length }, reference({ date: '2024-09-19', precision: 'day' }));
    expect(inMonth.map((f) => [f.date, f.precision])).toEqual([['2024-09', 'month']]);
    const across = datesIn(s, { start: 0, end: s.length }, reference({ date: '2024-09-04', precision: 'day' }));
    expect(across).toEqual([]);
  });
});
