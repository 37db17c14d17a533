/**
 * The words news puts before a person's name, as general vocabulary (no particular person):
 * honorifics, which say what kind of person is meant, and offices, which say which post. An
 * entity's own `titles` (corpus data) say which of them fit it: "Mr" for a man the press calls
 * Mr, "Foreign Minister" for a foreign minister. A title that fits names the entity (or at least
 * does not argue against it); one that does not fit says the page means someone else: "Mrs
 * Macron" is not Emmanuel Macron, "Senator Miller" is not the State Department's spokesman.
 */

/** Forms of address, by the kind of person they are used for. Folded (lower case, no diacritics). */
export type AddressClass = 'man' | 'woman';

/**
 * Honorifics in the languages of the outlets that write about the corpus's people (English,
 * German, French, Polish, Spanish, Italian, Dutch, Ukrainian and Russian romanised). An
 * abbreviation is written without its full stop: tokens carry no punctuation.
 */
const HONORIFICS: Record<AddressClass, readonly string[]> = {
  man: ['mr', 'm', 'mister', 'sir', 'lord', 'herr', 'monsieur', 'pan', 'senor', 'signor', 'heer', 'dhr', 'gospodin'],
  woman: [
    'mrs',
    'ms',
    'miss',
    'madam',
    'madame',
    'mme',
    'mlle',
    'mademoiselle',
    'lady',
    'dame',
    'frau',
    'pani',
    'senora',
    'sra',
    'signora',
    'mevrouw',
    'mevr',
    'baroness',
    'gospozha',
  ],
};

/** Two-word forms of address ("First Lady Jill Biden"), as folded word pairs. */
const HONORIFIC_PAIRS: Record<string, AddressClass> = { 'first lady': 'woman', 'first gentleman': 'man' };

const HONORIFIC_CLASS = new Map<string, AddressClass>(
  (Object.entries(HONORIFICS) as [AddressClass, readonly string[]][]).flatMap(([cls, words]) =>
    words.map((w) => [w, cls] as const),
  ),
);

/** The kind of person a one-word honorific is used for, if it is one. */
export function honorificClass(folded: string): AddressClass | undefined {
  return HONORIFIC_CLASS.get(folded);
}

/** The kind of person a two-word honorific ("first lady") is used for, if it is one. */
export function honorificPairClass(first: string, second: string): AddressClass | undefined {
  return HONORIFIC_PAIRS[`${first} ${second}`];
}

/** Whether a title phrase (folded words) is a form of address rather than a role. */
export function isHonorific(words: readonly string[]): boolean {
  if (words.length === 1) return HONORIFIC_CLASS.has(words[0]!);
  return words.length === 2 && `${words[0]} ${words[1]}` in HONORIFIC_PAIRS;
}

/** Abbreviated offices, as news writes them before a name ("Sen.", "Rep.", "Gov."), and their word. */
const OFFICE_ABBREVIATIONS: Record<string, string> = {
  sen: 'senator',
  rep: 'representative',
  gov: 'governor',
  gen: 'general',
  adm: 'admiral',
  col: 'colonel',
  lt: 'lieutenant',
  capt: 'captain',
  cpt: 'captain',
  sgt: 'sergeant',
  dr: 'doctor',
  prof: 'professor',
  rev: 'reverend',
  pres: 'president',
  sec: 'secretary',
  amb: 'ambassador',
  cllr: 'councillor',
  det: 'detective',
  insp: 'inspector',
  supt: 'superintendent',
  cmdr: 'commander',
  // German, Polish and French forms of the same offices.
  prasident: 'president',
  prezydent: 'president',
  presidente: 'president',
  kanzler: 'chancellor',
  bundeskanzler: 'chancellor',
  ministre: 'minister',
  ministra: 'minister',
  ministr: 'minister',
};

/**
 * Offices that name a post a person holds. Before an ambiguous surname, one the entity does not
 * hold says the page means someone else ("Coach Miller", "Gov. Austin"). Words that modify an
 * office rather than name one ("former", "deputy", "chief", "leader", "spokesman" of anything)
 * are not here: they fit too many posts to argue against any.
 */
const OFFICES = new Set(
  (
    'president senator representative congressman congresswoman governor mayor judge justice coach ' +
    'doctor professor sheriff detective inspector superintendent officer sergeant captain lieutenant ' +
    'colonel general admiral commander bishop pastor reverend father rabbi imam cardinal pope king queen ' +
    'prince princess chancellor premier speaker councillor councilman councilwoman commissioner ' +
    'ambassador minister secretary senatorin trainer'
  ).split(' '),
);

/** The office a word before a name stands for ("Sen" → "senator"), if it names one. */
export function officeOf(folded: string): string | undefined {
  const word = OFFICE_ABBREVIATIONS[folded] ?? folded;
  return OFFICES.has(word) ? word : undefined;
}

/** The office words of an entity's titles, abbreviations expanded: what "fits" it. */
export function officeWords(titles: readonly (readonly string[])[]): Set<string> {
  const words = new Set<string>();
  for (const t of titles)
    for (const w of t) {
      const office = officeOf(w);
      if (office) words.add(office);
    }
  return words;
}

/** The kinds of person an entity's honorific titles say it is addressed as. */
export function addressClasses(titles: readonly (readonly string[])[]): Set<AddressClass> {
  const classes = new Set<AddressClass>();
  for (const t of titles) {
    const cls = t.length === 1 ? honorificClass(t[0]!) : t.length === 2 ? honorificPairClass(t[0]!, t[1]!) : undefined;
    if (cls) classes.add(cls);
  }
  return classes;
}

/**
 * Words that may stand right before a surname without making a longer name: honorifics,
 * offices and their modifiers in general use. An entity's own `titles` add to these.
 */
export const GENERAL_TITLES = new Set([
  ...HONORIFIC_CLASS.keys(),
  ...OFFICES,
  ...Object.keys(OFFICE_ABBREVIATIONS),
  ...(
    'vice minister secretary mx first elect president premier leader former late deputy foreign defense defence ' +
    'prime state national security council house speaker director officer chair chairman chairwoman envoy ' +
    'spokesman spokeswoman spokesperson chief interior finance home'
  ).split(' '),
]);
