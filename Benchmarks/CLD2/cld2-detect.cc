// The yardstick of `parley bench detect`: CLD2 (Debian's libcld2-dev) detecting the language of
// every text of a labelled TSV file (`lang<TAB>text`, one header line), --rounds times, in one
// process, so its whole-process CPU time compares with Parley's over the same texts.
//
//   c++ -O2 -o cld2-detect cld2-detect.cc -lcld2
//   cld2-detect --rounds 40 langid-dev.tsv
//
// Prints how many texts it detected, a checksum of the answers (so the work cannot be optimized
// away), and CLD2's own accuracy on the first round (language subtags compared; zh-Hans and
// zh-Hant count as zh).
#include <cstdio>  // before CLD2's header, which uses FILE without including it
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <cld2/public/compact_lang_det.h>

namespace {

struct Sample {
    std::string language;  // the label's language subtag
    std::string text;
};

std::string languageSubtag(const std::string& tag) { return tag.substr(0, tag.find('-')); }

int usage(const char* message) {
    std::fprintf(stderr, "cld2-detect: %s\nusage: cld2-detect [--rounds N] FILE.tsv\n", message);
    return 64;
}

}  // namespace

int main(int argc, char** argv) {
    long rounds = 1;
    const char* path = nullptr;
    for (int index = 1; index < argc; ++index) {
        if (std::strcmp(argv[index], "--rounds") == 0 && index + 1 < argc) {
            rounds = std::strtol(argv[++index], nullptr, 10);
            if (rounds < 1) return usage("--rounds must be at least 1");
        } else if (path == nullptr) {
            path = argv[index];
        } else {
            return usage("one file only");
        }
    }
    if (path == nullptr) return usage("name a TSV file");

    std::ifstream file(path);
    if (!file) {
        std::fprintf(stderr, "cld2-detect: cannot read %s\n", path);
        return 66;
    }
    std::vector<Sample> samples;
    std::string line;
    bool first = true;
    while (std::getline(file, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (first && line.rfind("lang\t", 0) == 0) {
            first = false;
            continue;
        }
        first = false;
        const auto tab = line.find('\t');
        if (line.empty() || tab == std::string::npos) continue;
        samples.push_back({languageSubtag(line.substr(0, tab)), line.substr(tab + 1)});
    }

    unsigned long long checksum = 0;
    long detected = 0;
    long correct = 0;
    for (long round = 0; round < rounds; ++round) {
        for (const Sample& sample : samples) {
            CLD2::Language language3[3];
            int percent3[3];
            int textBytes = 0;
            bool reliable = false;
            const CLD2::Language language = CLD2::ExtDetectLanguageSummary(
                sample.text.data(), static_cast<int>(sample.text.size()), true, language3, percent3,
                &textBytes, &reliable);
            checksum = checksum * 31 + static_cast<unsigned>(language) + static_cast<unsigned>(percent3[0]);
            ++detected;
            if (round == 0 && languageSubtag(CLD2::LanguageCode(language)) == sample.language) ++correct;
        }
    }
    std::printf("detected %ld texts (%zu x %ld rounds), checksum %llu, accuracy %.1f %%\n", detected,
                samples.size(), rounds, checksum,
                samples.empty() ? 0.0 : 100.0 * static_cast<double>(correct) / static_cast<double>(samples.size()));
    return 0;
}
