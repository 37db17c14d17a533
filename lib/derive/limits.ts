/**
 * How much is derived from one article, each limit with its reason. A hostile page can hold
 * 100,000 quotation marks or one 250,000-character "sentence"; these bound what is stored.
 */

/** A long interview has about a hundred quotations; more is a page made of quotation marks. */
export const MAX_QUOTES = 200;
/** Dated statements: a dense report dates a few dozen sentences. */
export const MAX_STATEMENTS = 200;
/** New people offered: a long article names a few dozen. */
export const MAX_PEOPLE = 60;
/** Mentions kept per person offered (all are counted). */
export const MAX_PERSON_MENTIONS = 50;
/** Entities kept in the mention list: the corpus has a few dozen; a page cannot make more. */
export const MAX_MENTIONED_ENTITIES = 500;
/** Offsets kept per mentioned entity (all are counted): enough to open the reading view at each. */
export const MAX_OCCURRENCES = 200;
/** A quotation longer than this (about 250 words) is a page's block of text in marks, not a quote. */
export const MAX_QUOTE_CHARS = 1_500;
/** A sentence longer than this (about 250 words) is a page without sentence ends, not a sentence. */
export const MAX_SENTENCE_CHARS = 1_500;
/** All derived text together (quotes and sentences): bounds the stored size whatever the counts. */
export const MAX_DERIVED_CHARS = 300_000;
/** A name offered as a new person: the longest real names run to about 60 characters. */
export const MAX_NAME_CHARS = 100;
