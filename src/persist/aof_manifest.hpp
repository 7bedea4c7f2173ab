// Redis 7.0.15's multi-part AOF manifest (aof.c): the list of BASE, INCR and HISTORY files in
// the AOF directory, its text form byte for byte, and the name changes Redis makes when it
// opens a new INCR file and when a rewrite finishes. Pure: no file I/O (the caller reads and
// writes <appenddirname>/<appendfilename>.manifest through temp-<appendfilename>.manifest).
//
// A manifest as Redis writes it (base, then history, then incr; one file a line):
//   file appendonly.aof.2.base.rdb seq 2 type b
//   file appendonly.aof.1.incr.aof seq 1 type h
//   file appendonly.aof.2.incr.aof seq 2 type i
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cairn::persist {

// aofInfo's file_type: the letters the manifest uses.
enum class AofFileType : char { kBase = 'b', kHistory = 'h', kIncr = 'i' };

struct AofInfo {
    std::string name;  // a file name inside the AOF directory (no '/' or '\\')
    int64_t seq = 0;   // never 0 in a loaded manifest
    AofFileType type = AofFileType::kBase;

    bool operator==(const AofInfo&) const = default;
};

// aofInfoFormat: "file <name> seq <seq> type <t>\n". The name is written as sdscatrepr's
// "quoted" form when sdsneedsrepr says so (a space, a quote, a backslash, a control or non-ASCII
// byte), else as is.
std::string format_aof_info(const AofInfo& info);

// The names Redis derives from appendfilename (getAofManifestFileName,
// getTempAofManifestFileName, getTempIncrAofName).
std::string aof_manifest_file_name(std::string_view aof_filename);       // <name>.manifest
std::string temp_aof_manifest_file_name(std::string_view aof_filename);  // temp-<name>.manifest
std::string temp_incr_aof_file_name(std::string_view aof_filename);      // temp-<name>.incr

// Why a manifest did not load: Redis's text, logged by aofLoadManifestFromFile after
// "*** FATAL AOF MANIFEST FILE ERROR ***" (Redis then exits). When line is not 0, Redis also
// logs "Reading the manifest file, at line <line>" and ">>> '<line_text>'" before it.
struct AofManifestError {
    std::string message;    // e.g. "Invalid AOF manifest file format"
    int line = 0;           // 1-based (fgets chunks of at most 1024 bytes, comments counted)
    std::string line_text;  // the line without leading/trailing " \t\r\n"
};

struct AofManifest {
    std::optional<AofInfo> base;   // type kBase
    std::vector<AofInfo> incr;     // type kIncr, strictly increasing seq, oldest first
    std::vector<AofInfo> history;  // type kHistory, in manifest order
    int64_t curr_base_seq = 0;     // seq of the last BASE name handed out (or loaded)
    int64_t curr_incr_seq = 0;     // seq of the last INCR name handed out (or loaded)
    // Changed since loaded or last persisted (am->dirty): persistAofManifest writes only then.
    // The caller clears it after writing the file.
    bool dirty = false;

    // getAofManifestAsString: the base line, the history lines, the incr lines.
    std::string to_string() const;

    // getBaseAndIncrAppendOnlyFilesNum.
    size_t base_and_incr_count() const { return (base ? 1 : 0) + incr.size(); }

    // getNewBaseFileNameAndMarkPreAsHistory (backgroundRewriteDoneHandler, and server start
    // with no BASE and no INCR): the current base, if any, becomes HISTORY at the head of the
    // history list; the new base is <aof_filename>.<++curr_base_seq>.base.rdb (rdb_preamble:
    // aof-use-rdb-preamble yes) or .base.aof. Returns the new name.
    std::string new_base_file(std::string_view aof_filename, bool rdb_preamble);

    // getNewIncrAofName (openNewIncrAofForAppend when a rewrite starts with AOF on, and
    // backgroundRewriteDoneHandler after appendonly was switched on at runtime): appends
    // <aof_filename>.<++curr_incr_seq>.incr.aof to the incr list. Returns the new name.
    std::string new_incr_file(std::string_view aof_filename);

    // getLastIncrAofName (server start): the last INCR file, or a new one when there is none.
    std::string last_incr_file(std::string_view aof_filename);

    // markRewrittenIncrAofAsHistory (backgroundRewriteDoneHandler, after new_base_file): every
    // INCR file becomes HISTORY, except the last one when aof_enabled (server.aof_fd != -1: the
    // file being written); they go to the head of the history list in their own order. Nothing
    // happens when there is no INCR file; otherwise the manifest is dirty.
    void mark_rewritten_incr_as_history(bool aof_enabled);

    // aofDelHistoryFiles (after a rewrite, and when aof-disable-auto-gc is set to no): unless
    // auto_gc_disabled, every HISTORY file is to be deleted (Redis unlinks them in the
    // background, missing ones included) and leaves the manifest, which is then dirty. Returns
    // those names in manifest order; none (manifest unchanged) when gc is disabled or there is
    // no history. Redis persists the manifest right after a non-empty deletion.
    std::vector<std::string> take_history_for_deletion(bool auto_gc_disabled);

    // aofUpgradePrepare: an old single-file AOF (<aof_filename> in the working directory) is
    // moved into the AOF directory and becomes the BASE, seq 1 (replacing any base).
    void set_upgraded_base(std::string_view aof_filename);
};

// aofLoadManifestFromFile on the file's bytes, with Redis's rules. The text is read as fgets
// reads it with a 1025-byte buffer: pieces of at most 1024 bytes, ending after a '\n', each
// counted as a line. A piece starting with '#' is a comment and skipped; any other piece must
// hold a '\n' before any NUL byte, or the line is "too long" (so is a last line without '\n').
// Trimmed of " \t\r\n", a line is split as sdssplitargs does ("quotes", \xHH escapes, ...)
// into at least 6 words, an even number, read as key/value pairs: file (a base name: no '/' or
// '\\', up to a NUL as in C), seq (atoll: must not be 0) and type (its first byte: b, h or i);
// keys match case-insensitively, unknown keys are ignored, a repeated key keeps its last value.
// One base at most; incr seqs must increase. False, with Redis's message in err, on the first
// error (out untouched). On success out is the manifest, not dirty.
bool parse_aof_manifest(std::string_view text, AofManifest& out, AofManifestError& err);

}  // namespace cairn::persist
