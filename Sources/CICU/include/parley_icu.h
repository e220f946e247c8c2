// A small C facade over the system ICU (libicu 72).
//
// This header deliberately uses only <stdint.h> types. Swift's Foundation on Linux carries its own
// copy of ICU as a clang module; a module map over the system <unicode/*.h> headers clashes with it
// ("'UErrorCode' has different definitions in different modules"). Keeping ICU types out of this
// header lets every Swift module import Foundation freely.
//
// Conventions: text is UTF-16 (`uint16_t`), lengths are in UTF-16 code units, `*error` receives an
// ICU UErrorCode value (0 = success, > 0 = failure, 15 = buffer too small: call again with the
// returned length). Functions never keep a pointer to caller memory after they return.
#ifndef PARLEY_ICU_H
#define PARLEY_ICU_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The error code ICU reports when an output buffer is too small.
#define PARLEY_ICU_BUFFER_OVERFLOW 15

/// Writes the ICU version ("72.1") as a NUL-terminated string; returns its length.
int32_t parley_icu_version(char *out, int32_t capacity);

/// The ICU script code (UScriptCode) of a code point; USCRIPT_INVALID_CODE (-1) on error.
int32_t parley_icu_script(uint32_t codepoint);

/// Writes the ISO 15924 short name ("Latn") of an ICU script code; returns its length, 0 if unknown.
int32_t parley_icu_script_short_name(int32_t script, char *out, int32_t capacity);

/// The largest valid ICU script code plus one.
int32_t parley_icu_script_count(void);

/// NFKC case folding (Unicode NFKC_Casefold). Returns the folded length; if it exceeds `capacity`
/// `*error` is PARLEY_ICU_BUFFER_OVERFLOW and nothing useful was written.
int32_t parley_icu_nfkc_casefold(const uint16_t *source, int32_t length,
                                 uint16_t *destination, int32_t capacity, int32_t *error);

/// NFC normalization, same contract as `parley_icu_nfkc_casefold`.
int32_t parley_icu_nfc(const uint16_t *source, int32_t length,
                       uint16_t *destination, int32_t capacity, int32_t *error);

/// NFD normalization (canonical decomposition), same contract as `parley_icu_nfkc_casefold`.
int32_t parley_icu_nfd(const uint16_t *source, int32_t length,
                       uint16_t *destination, int32_t capacity, int32_t *error);

/// Word segmentation with ICU's root word break rules (dictionaries for Han, kana and Thai text).
/// Writes the start and end of each segment and its rule status (0 none/punctuation, 100 number,
/// 200 letter, 300 kana, 400 ideographic) up to `capacity` segments; returns the number of segments
/// found, which may exceed `capacity` (call again with more room to get them all).
int32_t parley_icu_words(const uint16_t *text, int32_t length,
                         int32_t *starts, int32_t *ends, int32_t *statuses, int32_t capacity,
                         int32_t *error);

/// Sentence segmentation with ICU's root sentence break rules: writes the end offset of each
/// sentence (the last one is `length`) up to `capacity`; returns the number of sentences, which may
/// exceed `capacity`.
int32_t parley_icu_sentences(const uint16_t *text, int32_t length, int32_t *ends, int32_t capacity,
                             int32_t *error);

/// Transliterates `buffer` in place with an ICU transliterator (e.g. "Hant-Hans"). `length` is the
/// text's length, `capacity` the buffer's; returns the new length (see the buffer overflow rule).
/// Transliterators are opened once per thread and id, and reused.
int32_t parley_icu_transliterate(const char *identifier, uint16_t *buffer, int32_t length,
                                 int32_t capacity, int32_t *error);

/// Canonicalizes a BCP 47 tag and adds its likely subtags ("zh-TW" -> "zh-Hant-TW",
/// "es" -> "es-Latn-ES"). Writes a NUL-terminated tag; returns its length.
int32_t parley_icu_maximize_tag(const char *tag, char *out, int32_t capacity, int32_t *error);

/// Canonicalizes a BCP 47 tag without adding subtags ("ES_mx" -> "es-MX"); returns its length.
int32_t parley_icu_canonical_tag(const char *tag, char *out, int32_t capacity, int32_t *error);

// MARK: - Formatting dates, times and measures

/// Formats a time of day for a locale (a BCP 47 tag). With `twelveHour` != 0 (the source wrote a
/// 12-hour time with AM/PM) the result keeps a 12-hour clock and its day period where the locale's
/// region allows one (CLDR time data: es "8:30 a. m.", zh "上午8:30"), else it uses the 24-hour
/// clock (fr, de, pt-BR "08:30"); `withMinutes` == 0 leaves out the minutes of a 12-hour time
/// ("4 p. m."). Writes UTF-16 to `out`; returns its length (see the buffer overflow rule).
/// `*error` is 2 (missing resource) when ICU has no data for the locale.
int32_t parley_icu_format_time(const char *locale, int32_t hour, int32_t minute, int32_t twelveHour,
                               int32_t withMinutes, uint16_t *out, int32_t capacity, int32_t *error);

/// Formats a calendar date for a locale with the best pattern for a skeleton ("MMMMd" gives es
/// "5 de marzo", "EEEEMMMMd" es "martes, 5 de marzo", "Md" es "15/3"). `month` is 1-12. Same output
/// and error contract as `parley_icu_format_time`.
int32_t parley_icu_format_date(const char *locale, const char *skeleton, int32_t year, int32_t month,
                               int32_t day, uint16_t *out, int32_t capacity, int32_t *error);

/// Formats a number with an ICU number skeleton (UTF-8, e.g.
/// "measure-unit/duration-hour unit-width-full-name" gives es "2 horas"). Same output and error
/// contract as `parley_icu_format_time`; a skeleton ICU cannot parse is an error.
int32_t parley_icu_format_number(const char *locale, const char *skeleton, double value,
                                 uint16_t *out, int32_t capacity, int32_t *error);

// MARK: - Regular expressions

/// A list of compiled ICU regular expressions, matched one at a time against the same text. A list
/// is not safe to use from two threads at once: give each its own with `parley_icu_patterns_clone`.
typedef struct ParleyPatterns ParleyPatterns;

/// Compiles `count` patterns (UTF-16, `lengths` in code units) with ICU's default flags. Returns
/// NULL on failure, with `*error` set and `*failed` the index of the pattern that did not compile.
ParleyPatterns *parley_icu_patterns_open(const uint16_t *const *patterns, const int32_t *lengths, int32_t count,
                                         int32_t *failed, int32_t *error);

/// A copy of `patterns` that shares their compiled form; NULL (and `*error`) on failure.
ParleyPatterns *parley_icu_patterns_clone(const ParleyPatterns *patterns, int32_t *error);

/// Frees a list made by `parley_icu_patterns_open` or `parley_icu_patterns_clone`.
void parley_icu_patterns_close(ParleyPatterns *patterns);

/// The first match of pattern `index` in `text`: the text ends at `length` for `$` and look-around,
/// as if nothing followed. Returns 1 and writes the match's UTF-16 offsets to `*start` and `*end`,
/// 0 when there is none, -1 on error (`*error`).
int32_t parley_icu_patterns_find(ParleyPatterns *patterns, int32_t index, const uint16_t *text, int32_t length,
                                 int32_t *start, int32_t *end, int32_t *error);

#ifdef __cplusplus
}
#endif

#endif
