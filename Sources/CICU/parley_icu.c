#include "parley_icu.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/ucal.h>
#include <unicode/udat.h>
#include <unicode/udatpg.h>
#include <unicode/unumberformatter.h>
#include <unicode/ures.h>
#include <unicode/ustring.h>
#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/uregex.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/utrans.h>
#include <unicode/uversion.h>

// MARK: - Per-thread cache of ICU objects that are costly to open and not safe to share.

#define PARLEY_MAX_TRANSLITERATORS 8

typedef struct {
    UBreakIterator *words;
    UBreakIterator *sentences;
    struct {
        char identifier[64];
        UTransliterator *transliterator;
    } transliterators[PARLEY_MAX_TRANSLITERATORS];
    int32_t transliteratorCount;
} ParleyThreadCache;

static pthread_key_t parley_cache_key;
static pthread_once_t parley_cache_once = PTHREAD_ONCE_INIT;

static void parley_cache_destroy(void *pointer) {
    ParleyThreadCache *cache = pointer;
    if (cache == NULL) return;
    if (cache->words != NULL) ubrk_close(cache->words);
    if (cache->sentences != NULL) ubrk_close(cache->sentences);
    for (int32_t i = 0; i < cache->transliteratorCount; i++) {
        utrans_close(cache->transliterators[i].transliterator);
    }
    free(cache);
}

static void parley_cache_make_key(void) {
    pthread_key_create(&parley_cache_key, parley_cache_destroy);
}

static ParleyThreadCache *parley_cache(void) {
    pthread_once(&parley_cache_once, parley_cache_make_key);
    ParleyThreadCache *cache = pthread_getspecific(parley_cache_key);
    if (cache == NULL) {
        cache = calloc(1, sizeof(ParleyThreadCache));
        if (cache != NULL) pthread_setspecific(parley_cache_key, cache);
    }
    return cache;
}

// MARK: - Version and scripts

int32_t parley_icu_version(char *out, int32_t capacity) {
    UVersionInfo info;
    char text[U_MAX_VERSION_STRING_LENGTH];
    u_getVersion(info);
    u_versionToString(info, text);
    int32_t length = (int32_t)strlen(text);
    if (capacity > 0) {
        int32_t copied = length < capacity - 1 ? length : capacity - 1;
        memcpy(out, text, (size_t)copied);
        out[copied] = 0;
    }
    return length;
}

int32_t parley_icu_script(uint32_t codepoint) {
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode script = uscript_getScript((UChar32)codepoint, &status);
    return U_FAILURE(status) ? USCRIPT_INVALID_CODE : (int32_t)script;
}

int32_t parley_icu_script_short_name(int32_t script, char *out, int32_t capacity) {
    const char *name = uscript_getShortName((UScriptCode)script);
    if (name == NULL) return 0;
    int32_t length = (int32_t)strlen(name);
    if (capacity > 0) {
        int32_t copied = length < capacity - 1 ? length : capacity - 1;
        memcpy(out, name, (size_t)copied);
        out[copied] = 0;
    }
    return length;
}

int32_t parley_icu_script_count(void) {
    return (int32_t)u_getIntPropertyMaxValue(UCHAR_SCRIPT) + 1;
}

// MARK: - Normalization

static int32_t parley_normalize(const UNormalizer2 *normalizer, UErrorCode status,
                                const uint16_t *source, int32_t length,
                                uint16_t *destination, int32_t capacity, int32_t *error) {
    if (U_FAILURE(status)) {
        *error = status;
        return 0;
    }
    int32_t result = unorm2_normalize(normalizer, (const UChar *)source, length,
                                      (UChar *)destination, capacity, &status);
    *error = status;
    return result;
}

int32_t parley_icu_nfkc_casefold(const uint16_t *source, int32_t length,
                                 uint16_t *destination, int32_t capacity, int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *normalizer = unorm2_getNFKCCasefoldInstance(&status);
    return parley_normalize(normalizer, status, source, length, destination, capacity, error);
}

int32_t parley_icu_nfc(const uint16_t *source, int32_t length,
                       uint16_t *destination, int32_t capacity, int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *normalizer = unorm2_getNFCInstance(&status);
    return parley_normalize(normalizer, status, source, length, destination, capacity, error);
}

int32_t parley_icu_nfd(const uint16_t *source, int32_t length,
                       uint16_t *destination, int32_t capacity, int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *normalizer = unorm2_getNFDInstance(&status);
    return parley_normalize(normalizer, status, source, length, destination, capacity, error);
}

// MARK: - Word breaks

// The thread's break iterator of a kind (word or sentence), opened on first use, with `text` set.
// Returns NULL and sets `*error` on failure. Callers must reset the text before returning.
static UBreakIterator *parley_break_iterator(UBreakIteratorType type, const uint16_t *text, int32_t length,
                                             int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    ParleyThreadCache *cache = parley_cache();
    if (cache == NULL) {
        *error = U_MEMORY_ALLOCATION_ERROR;
        return NULL;
    }
    UBreakIterator **slot = type == UBRK_WORD ? &cache->words : &cache->sentences;
    if (*slot == NULL) {
        *slot = ubrk_open(type, "", NULL, 0, &status);
        if (U_FAILURE(status)) {
            *slot = NULL;
            *error = status;
            return NULL;
        }
    }
    ubrk_setText(*slot, (const UChar *)text, length, &status);
    if (U_FAILURE(status)) {
        *error = status;
        return NULL;
    }
    *error = U_ZERO_ERROR;
    return *slot;
}

// The iterator must not keep pointing at the caller's buffer.
static void parley_release_text(UBreakIterator *iterator) {
    UErrorCode status = U_ZERO_ERROR;
    ubrk_setText(iterator, NULL, 0, &status);
}

int32_t parley_icu_words(const uint16_t *text, int32_t length,
                         int32_t *starts, int32_t *ends, int32_t *statuses, int32_t capacity,
                         int32_t *error) {
    UBreakIterator *iterator = parley_break_iterator(UBRK_WORD, text, length, error);
    if (iterator == NULL) return 0;
    int32_t count = 0;
    int32_t start = ubrk_first(iterator);
    for (int32_t end = ubrk_next(iterator); end != UBRK_DONE; start = end, end = ubrk_next(iterator)) {
        if (count < capacity) {
            starts[count] = start;
            ends[count] = end;
            statuses[count] = ubrk_getRuleStatus(iterator);
        }
        count++;
    }
    parley_release_text(iterator);
    return count;
}

int32_t parley_icu_sentences(const uint16_t *text, int32_t length, int32_t *ends, int32_t capacity,
                             int32_t *error) {
    UBreakIterator *iterator = parley_break_iterator(UBRK_SENTENCE, text, length, error);
    if (iterator == NULL) return 0;
    int32_t count = 0;
    ubrk_first(iterator);
    for (int32_t end = ubrk_next(iterator); end != UBRK_DONE; end = ubrk_next(iterator)) {
        if (count < capacity) ends[count] = end;
        count++;
    }
    parley_release_text(iterator);
    return count;
}

// MARK: - Transliteration

// Returns the thread's transliterator for `identifier`; `*owned` is set when the cache was full and
// the caller must close it.
static UTransliterator *parley_transliterator(const char *identifier, int *owned, UErrorCode *status) {
    *owned = 0;
    ParleyThreadCache *cache = parley_cache();
    if (cache == NULL) {
        *status = U_MEMORY_ALLOCATION_ERROR;
        return NULL;
    }
    for (int32_t i = 0; i < cache->transliteratorCount; i++) {
        if (strcmp(cache->transliterators[i].identifier, identifier) == 0) {
            return cache->transliterators[i].transliterator;
        }
    }
    size_t identifierLength = strlen(identifier);
    if (identifierLength >= sizeof(cache->transliterators[0].identifier)) {
        *status = U_ILLEGAL_ARGUMENT_ERROR;
        return NULL;
    }
    UChar id[64];
    u_charsToUChars(identifier, id, (int32_t)identifierLength);
    UTransliterator *transliterator = utrans_openU(id, (int32_t)identifierLength, UTRANS_FORWARD,
                                                   NULL, 0, NULL, status);
    if (U_FAILURE(*status)) return NULL;
    if (cache->transliteratorCount < PARLEY_MAX_TRANSLITERATORS) {
        int32_t slot = cache->transliteratorCount++;
        memcpy(cache->transliterators[slot].identifier, identifier, identifierLength + 1);
        cache->transliterators[slot].transliterator = transliterator;
    } else {
        *owned = 1;
    }
    return transliterator;
}

int32_t parley_icu_transliterate(const char *identifier, uint16_t *buffer, int32_t length,
                                 int32_t capacity, int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    int owned = 0;
    UTransliterator *transliterator = parley_transliterator(identifier, &owned, &status);
    if (transliterator == NULL) {
        *error = U_FAILURE(status) ? status : U_MEMORY_ALLOCATION_ERROR;
        return 0;
    }
    int32_t textLength = length;
    int32_t limit = length;
    utrans_transUChars(transliterator, (UChar *)buffer, &textLength, capacity, 0, &limit, &status);
    if (owned) utrans_close(transliterator);
    *error = status;
    return textLength;
}

// MARK: - Language tags

static int32_t parley_copy_tag(const char *locale, int32_t strict, char *out, int32_t capacity,
                               UErrorCode *status) {
    return uloc_toLanguageTag(locale, out, capacity, (UBool)strict, status);
}

int32_t parley_icu_canonical_tag(const char *tag, char *out, int32_t capacity, int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    char locale[ULOC_FULLNAME_CAPACITY];
    int32_t parsed = 0;
    uloc_forLanguageTag(tag, locale, sizeof(locale), &parsed, &status);
    // A locale that filled the buffer is not NUL-terminated: refuse it rather than read past it.
    if (status == U_STRING_NOT_TERMINATED_WARNING) status = U_BUFFER_OVERFLOW_ERROR;
    if (U_FAILURE(status) || parsed == 0) {
        *error = U_FAILURE(status) ? status : U_ILLEGAL_ARGUMENT_ERROR;
        return 0;
    }
    char canonical[ULOC_FULLNAME_CAPACITY];
    uloc_canonicalize(locale, canonical, sizeof(canonical), &status);
    if (status == U_STRING_NOT_TERMINATED_WARNING) status = U_BUFFER_OVERFLOW_ERROR;
    if (U_FAILURE(status)) {
        *error = status;
        return 0;
    }
    int32_t length = parley_copy_tag(canonical, 1, out, capacity, &status);
    *error = status;
    return length;
}

int32_t parley_icu_maximize_tag(const char *tag, char *out, int32_t capacity, int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    char locale[ULOC_FULLNAME_CAPACITY];
    int32_t parsed = 0;
    uloc_forLanguageTag(tag, locale, sizeof(locale), &parsed, &status);
    // A locale that filled the buffer is not NUL-terminated: refuse it rather than read past it.
    if (status == U_STRING_NOT_TERMINATED_WARNING) status = U_BUFFER_OVERFLOW_ERROR;
    if (U_FAILURE(status) || parsed == 0) {
        *error = U_FAILURE(status) ? status : U_ILLEGAL_ARGUMENT_ERROR;
        return 0;
    }
    char maximized[ULOC_FULLNAME_CAPACITY];
    uloc_addLikelySubtags(locale, maximized, sizeof(maximized), &status);
    if (status == U_STRING_NOT_TERMINATED_WARNING) status = U_BUFFER_OVERFLOW_ERROR;
    if (U_FAILURE(status)) {
        *error = status;
        return 0;
    }
    int32_t length = parley_copy_tag(maximized, 1, out, capacity, &status);
    *error = status;
    return length;
}

// MARK: - Formatting dates, times and measures

static const UChar parley_gmt[] = {'G', 'M', 'T', 0};

// The ICU locale id of a BCP 47 tag, or a failure when ICU has no data for its language (it would
// fall back to the root or default locale and format in another language).
static void parley_locale(const char *tag, char *locale, int32_t capacity, UErrorCode *status) {
    int32_t parsed = 0;
    uloc_forLanguageTag(tag, locale, capacity, &parsed, status);
    if (*status == U_STRING_NOT_TERMINATED_WARNING) *status = U_BUFFER_OVERFLOW_ERROR;
    if (U_FAILURE(*status)) return;
    if (parsed == 0 || locale[0] == 0) {
        *status = U_ILLEGAL_ARGUMENT_ERROR;
        return;
    }
    UErrorCode dataStatus = U_ZERO_ERROR;
    UResourceBundle *bundle = ures_open(NULL, locale, &dataStatus);
    if (bundle != NULL) ures_close(bundle);
    if (U_FAILURE(dataStatus) || dataStatus == U_USING_DEFAULT_WARNING) *status = U_MISSING_RESOURCE_ERROR;
}

// Whether `value` (one CLDR hour format such as "h" or "hB") is a plain 12-hour clock.
static int parley_is_twelve_hour(const UChar *value, int32_t length) {
    return length == 1 && (value[0] == 'h' || value[0] == 'K');
}

// Whether the locale's region allows a plain 12-hour clock (CLDR supplemental time data).
static int parley_allows_twelve_hour(const char *locale) {
    UErrorCode status = U_ZERO_ERROR;
    char maximized[ULOC_FULLNAME_CAPACITY];
    uloc_addLikelySubtags(locale, maximized, sizeof(maximized), &status);
    if (U_FAILURE(status) || status == U_STRING_NOT_TERMINATED_WARNING) return 0;
    char language[ULOC_LANG_CAPACITY];
    char country[ULOC_COUNTRY_CAPACITY];
    uloc_getLanguage(maximized, language, sizeof(language), &status);
    uloc_getCountry(maximized, country, sizeof(country), &status);
    if (U_FAILURE(status)) return 0;
    UResourceBundle *supplemental = ures_openDirect(NULL, "supplementalData", &status);
    UResourceBundle *timeData = ures_getByKey(supplemental, "timeData", NULL, &status);
    if (U_FAILURE(status)) {
        ures_close(timeData);
        ures_close(supplemental);
        return 0;
    }
    char key[ULOC_LANG_CAPACITY + ULOC_COUNTRY_CAPACITY + 1];
    const char *keys[3] = {key, country, "001"};
    snprintf(key, sizeof(key), "%s_%s", language, country);
    UResourceBundle *entry = NULL;
    for (int i = 0; i < 3 && entry == NULL; i++) {
        UErrorCode keyStatus = U_ZERO_ERROR;
        if (keys[i][0] == 0) continue;
        UResourceBundle *found = ures_getByKey(timeData, keys[i], NULL, &keyStatus);
        if (U_SUCCESS(keyStatus)) entry = found;
        else ures_close(found);
    }
    int allows = 0;
    if (entry != NULL) {
        UErrorCode allowedStatus = U_ZERO_ERROR;
        UResourceBundle *allowed = ures_getByKey(entry, "allowed", NULL, &allowedStatus);
        if (U_SUCCESS(allowedStatus)) {
            int32_t length = 0;
            if (ures_getType(allowed) == URES_STRING) {
                const UChar *value = ures_getString(allowed, &length, &allowedStatus);
                allows = U_SUCCESS(allowedStatus) && parley_is_twelve_hour(value, length);
            } else {
                int32_t size = ures_getSize(allowed);
                for (int32_t i = 0; i < size && !allows; i++) {
                    UErrorCode itemStatus = U_ZERO_ERROR;
                    const UChar *value = ures_getStringByIndex(allowed, i, &length, &itemStatus);
                    allows = U_SUCCESS(itemStatus) && parley_is_twelve_hour(value, length);
                }
            }
        }
        ures_close(allowed);
        ures_close(entry);
    }
    ures_close(timeData);
    ures_close(supplemental);
    return allows;
}

// Formats a Gregorian date and time (in GMT, so no zone shifts it) with the best pattern for a
// UTF-16 skeleton.
static int32_t parley_format_skeleton(const char *locale, const UChar *skeleton, int32_t year, int32_t month,
                                      int32_t day, int32_t hour, int32_t minute, uint16_t *out,
                                      int32_t capacity, UErrorCode *status) {
    UCalendar *calendar = ucal_open(parley_gmt, -1, "en_US_POSIX@calendar=gregorian", UCAL_GREGORIAN, status);
    if (U_FAILURE(*status)) return 0;
    ucal_clear(calendar);
    ucal_setAttribute(calendar, UCAL_LENIENT, 0);
    ucal_setDateTime(calendar, year, month - 1, day, hour, minute, 0, status);
    UDate date = ucal_getMillis(calendar, status);
    ucal_close(calendar);
    if (U_FAILURE(*status)) return 0;

    UDateTimePatternGenerator *generator = udatpg_open(locale, status);
    if (U_FAILURE(*status)) return 0;
    UChar pattern[128];
    int32_t patternLength = udatpg_getBestPattern(generator, skeleton, -1, pattern, 128, status);
    udatpg_close(generator);
    if (U_FAILURE(*status) || *status == U_STRING_NOT_TERMINATED_WARNING) {
        if (U_SUCCESS(*status)) *status = U_BUFFER_OVERFLOW_ERROR;
        return 0;
    }
    UDateFormat *format = udat_open(UDAT_PATTERN, UDAT_PATTERN, locale, parley_gmt, -1, pattern, patternLength, status);
    if (U_FAILURE(*status)) return 0;
    int32_t length = udat_format(format, date, (UChar *)out, capacity, NULL, status);
    udat_close(format);
    return length;
}

int32_t parley_icu_format_time(const char *locale, int32_t hour, int32_t minute, int32_t twelveHour,
                               int32_t withMinutes, uint16_t *out, int32_t capacity, int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    char id[ULOC_FULLNAME_CAPACITY];
    parley_locale(locale, id, sizeof(id), &status);
    if (U_FAILURE(status) || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
        *error = U_FAILURE(status) ? status : U_ILLEGAL_ARGUMENT_ERROR;
        return 0;
    }
    UChar skeleton[4] = {'H', 'm', 'm', 0};
    if (twelveHour && parley_allows_twelve_hour(id)) {
        skeleton[0] = 'h';
        if (!withMinutes) skeleton[1] = 0;
    }
    int32_t length = parley_format_skeleton(id, skeleton, 2000, 1, 1, hour, minute, out, capacity, &status);
    *error = status;
    return length;
}

int32_t parley_icu_format_date(const char *locale, const char *skeleton, int32_t year, int32_t month,
                               int32_t day, uint16_t *out, int32_t capacity, int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    char id[ULOC_FULLNAME_CAPACITY];
    parley_locale(locale, id, sizeof(id), &status);
    size_t skeletonLength = strlen(skeleton);
    if (U_FAILURE(status) || skeletonLength == 0 || skeletonLength >= 32 || month < 1 || month > 12 || day < 1
        || day > 31) {
        *error = U_FAILURE(status) ? status : U_ILLEGAL_ARGUMENT_ERROR;
        return 0;
    }
    UChar wide[32];
    u_charsToUChars(skeleton, wide, (int32_t)skeletonLength + 1);
    int32_t length = parley_format_skeleton(id, wide, year, month, day, 12, 0, out, capacity, &status);
    *error = status;
    return length;
}

int32_t parley_icu_format_number(const char *locale, const char *skeleton, double value,
                                 uint16_t *out, int32_t capacity, int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    char id[ULOC_FULLNAME_CAPACITY];
    parley_locale(locale, id, sizeof(id), &status);
    UChar wide[256];
    int32_t wideLength = 0;
    if (U_SUCCESS(status)) u_strFromUTF8(wide, 256, &wideLength, skeleton, -1, &status);
    if (U_SUCCESS(status) && status == U_STRING_NOT_TERMINATED_WARNING) status = U_BUFFER_OVERFLOW_ERROR;
    if (U_FAILURE(status)) {
        *error = status;
        return 0;
    }
    UNumberFormatter *formatter = unumf_openForSkeletonAndLocale(wide, wideLength, id, &status);
    UFormattedNumber *result = unumf_openResult(&status);
    unumf_formatDouble(formatter, value, result, &status);
    int32_t length = unumf_resultToString(result, (UChar *)out, capacity, &status);
    unumf_closeResult(result);
    unumf_close(formatter);
    *error = status;
    return U_FAILURE(status) && status != U_BUFFER_OVERFLOW_ERROR ? 0 : length;
}

// MARK: - Regular expressions

struct ParleyPatterns {
    int32_t count;
    URegularExpression **expressions;
};

static ParleyPatterns *parley_patterns_alloc(int32_t count) {
    ParleyPatterns *patterns = calloc(1, sizeof(ParleyPatterns));
    if (patterns == NULL) return NULL;
    patterns->expressions = calloc(count > 0 ? (size_t)count : 1, sizeof(URegularExpression *));
    if (patterns->expressions == NULL) {
        free(patterns);
        return NULL;
    }
    patterns->count = count;
    return patterns;
}

void parley_icu_patterns_close(ParleyPatterns *patterns) {
    if (patterns == NULL) return;
    for (int32_t i = 0; i < patterns->count; i++) {
        if (patterns->expressions[i] != NULL) uregex_close(patterns->expressions[i]);
    }
    free(patterns->expressions);
    free(patterns);
}

ParleyPatterns *parley_icu_patterns_open(const uint16_t *const *sources, const int32_t *lengths, int32_t count,
                                         int32_t *failed, int32_t *error) {
    *failed = -1;
    ParleyPatterns *patterns = parley_patterns_alloc(count);
    if (patterns == NULL) {
        *error = U_MEMORY_ALLOCATION_ERROR;
        return NULL;
    }
    for (int32_t i = 0; i < count; i++) {
        UErrorCode status = U_ZERO_ERROR;
        UParseError parseError;
        patterns->expressions[i] = uregex_open((const UChar *)sources[i], lengths[i], 0, &parseError, &status);
        if (U_FAILURE(status)) {
            patterns->expressions[i] = NULL;
            *failed = i;
            *error = status;
            parley_icu_patterns_close(patterns);
            return NULL;
        }
    }
    *error = U_ZERO_ERROR;
    return patterns;
}

ParleyPatterns *parley_icu_patterns_clone(const ParleyPatterns *source, int32_t *error) {
    ParleyPatterns *patterns = parley_patterns_alloc(source->count);
    if (patterns == NULL) {
        *error = U_MEMORY_ALLOCATION_ERROR;
        return NULL;
    }
    for (int32_t i = 0; i < source->count; i++) {
        UErrorCode status = U_ZERO_ERROR;
        patterns->expressions[i] = uregex_clone(source->expressions[i], &status);
        if (U_FAILURE(status)) {
            patterns->expressions[i] = NULL;
            *error = status;
            parley_icu_patterns_close(patterns);
            return NULL;
        }
    }
    *error = U_ZERO_ERROR;
    return patterns;
}

int32_t parley_icu_patterns_find(ParleyPatterns *patterns, int32_t index, const uint16_t *text, int32_t length,
                                 int32_t *start, int32_t *end, int32_t *error) {
    static const UChar empty[1] = {0};
    if (index < 0 || index >= patterns->count) {
        *error = U_ILLEGAL_ARGUMENT_ERROR;
        return -1;
    }
    URegularExpression *expression = patterns->expressions[index];
    UErrorCode status = U_ZERO_ERROR;
    uregex_setText(expression, length > 0 ? (const UChar *)text : empty, length, &status);
    int32_t found = 0;
    if (U_SUCCESS(status) && uregex_find(expression, 0, &status) && U_SUCCESS(status)) {
        *start = uregex_start(expression, 0, &status);
        *end = uregex_end(expression, 0, &status);
        found = U_SUCCESS(status) ? 1 : 0;
    }
    UErrorCode resetStatus = U_ZERO_ERROR;
    uregex_setText(expression, empty, 0, &resetStatus);  // keep no pointer to the caller's text
    *error = status;
    return U_FAILURE(status) ? -1 : found;
}
