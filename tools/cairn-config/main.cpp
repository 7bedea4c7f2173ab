// cairn-config: reads, edits and checks the Cairn config file through the server's own
// directive table, pushes it to a running server and drives the system service.
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QSaveFile>
#include <QTextStream>
#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "platform/platform.hpp"
#include "service/service_control.hpp"
#include "tools/cairn-config/config_edit.hpp"
#include "tools/cairn-config/config_warnings.hpp"
#include "tools/cairn-config/resp_client.hpp"
#include "tools/cairn-config/sync_plan.hpp"

namespace {

using cairn::config::Config;
using cairn::config::Directive;
using cairn::tools::Problem;
using cairn::tools::RespClient;
using cairn::tools::RespReply;

// Exit codes: part of the interface (listed in --help).
enum Exit {
    kOk = 0,
    kInvalid = 1,        // invalid file or value, unknown directive
    kDiffers = 1,        // diff --running: the server differs from the file
    kUsage = 2,          // bad command line
    kFileError = 3,      // cannot read, lock or write the file
    kServerError = 4,    // apply: cannot connect or authenticate, or a CONFIG SET failed
    kRestartNeeded = 5,  // apply: done, but some changed settings only take effect on restart
    kNoServiceManager = 6,
};

constexpr int kLockTimeoutMs = 5000;
// Long enough for a busy machine (a sanitizer build of the server on two shared cores).
constexpr int kServerTimeoutMs = 30000;

// The account the packaged service runs as (User= in cairn.service); validate checks that it
// can write dir.
constexpr const char* kServiceAccount = "cairn";

QTextStream& out() {
    static QTextStream s(stdout);
    return s;
}

QTextStream& err() {
    static QTextStream s(stderr);
    return s;
}

int fail(int code, const QString& message) {
    err() << "cairn-config: " << message << Qt::endl;
    return code;
}

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

QString q(std::string_view s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

// Values as CONFIG GET prints them; an empty one shown as "" where that reads better.
QString shown(const std::string& v) {
    return v.empty() ? QStringLiteral("\"\"") : q(v);
}

// Redis 7.0's SENSITIVE_CONFIG directives. Cairn's table flags requirepass; masterauth and the
// TLS key passwords are rows of features Cairn lacks (no flags there), but a reference
// redis-server may hold one.
bool is_secret(const Directive& d) {
    return d.sensitive || d.name == "masterauth" || d.name == "tls-key-file-pass" ||
           d.name == "tls-client-key-file-pass";
}

// A value for the terminal: a secret is never printed, only whether it is empty.
QString shown(const Directive& d, const std::string& v) {
    return is_secret(d) && !v.empty() ? QStringLiteral("(hidden)") : shown(v);
}

std::string default_value(const Directive& d) {
    static const Config defaults;
    return d.get(defaults);
}

// ---- help ----
// Written here rather than by QCommandLineParser, whose help adds Qt's --help-all and an
// "Arguments:" section that only repeats the command's name.

QCommandLineOption help_option() {
    return QCommandLineOption({"h", "help"}, QStringLiteral("Show this help and exit."));
}

QCommandLineOption file_option() {
    return QCommandLineOption(
        {"f", "file"},
        QStringLiteral("Config file (default: %1).").arg(q(cairn::platform::default_config_path())),
        QStringLiteral("path"));
}

// "-f, --file <path>", or "    --host <host>" for an option without a short name.
QString option_names(const QCommandLineOption& o) {
    QStringList names;
    for (const QString& n : o.names()) names << (n.size() == 1 ? "-" : "--") + n;
    QString text = names.join(QStringLiteral(", "));
    if (!o.valueName().isEmpty()) text += QStringLiteral(" <%1>").arg(o.valueName());
    return o.names().first().size() == 1 ? text : QStringLiteral("    ") + text;
}

QString options_help(const QList<QCommandLineOption>& options) {
    qsizetype width = 0;
    for (const QCommandLineOption& o : options) width = std::max(width, option_names(o).size());
    const QString continuation = QStringLiteral("\n") + QString(width + 4, ' ');
    QString text = QStringLiteral("Options:\n");
    for (const QCommandLineOption& o : options) {
        QString description = o.description();
        description.replace('\n', continuation);
        text += QStringLiteral("  %1  %2\n").arg(option_names(o).leftJustified(width), description);
    }
    return text;
}

QString help_text(const QString& usage, const QString& description,
                  const QList<QCommandLineOption>& options) {
    return QStringLiteral("Usage: cairn-config %1\n\n%2\n\n%3")
        .arg(usage, description, options_help(options));
}

// ---- commands' command lines ----

// Per-command parser: --help and --file, plus the command's own options.
struct Command {
    QString name;
    QString syntax;
    QString description;
    QCommandLineParser parser;
    QList<QCommandLineOption> options;  // in the order --help lists them
    QString file;
    QStringList positional;

    Command(QString n, QString syn, QString desc)
        : name(std::move(n)), syntax(std::move(syn)), description(std::move(desc)) {
        parser.addOption(help_option());
        add(file_option());
    }

    void add(const QCommandLineOption& o) {
        parser.addOption(o);
        options.append(o);
    }

    QString help() const {
        return help_text(QStringLiteral("[options] %1 %2").arg(name, syntax).trimmed(), description,
                         options + QList<QCommandLineOption>{help_option()});
    }

    // args: program name then the words after the command. Returns an exit code when the
    // command should stop here: after printing --help, or on a usage error.
    std::optional<int> parse(const QStringList& args, const QString& global_file) {
        if (!parser.parse(args)) {
            return fail(kUsage, QStringLiteral("%1: %2 (see cairn-config %1 --help)")
                                    .arg(name, parser.errorText()));
        }
        if (parser.isSet(QStringLiteral("help"))) {
            out() << help();
            return kOk;
        }
        file = parser.isSet(QStringLiteral("file")) ? parser.value(QStringLiteral("file"))
               : !global_file.isEmpty()             ? global_file
                                                    : q(cairn::platform::default_config_path());
        positional = parser.positionalArguments();
        return std::nullopt;
    }

    int usage(const QString& what) const {
        return fail(kUsage,
                    QStringLiteral("%1: %2; usage: cairn-config %1 %3").arg(name, what, syntax));
    }
};

// ---- the file ----

bool read_file(const QString& path, std::string& text, bool missing_ok, QString& why) {
    QFile f(path);
    if (!f.exists() && missing_ok) {
        text.clear();
        return true;
    }
    if (!f.open(QIODevice::ReadOnly)) {
        why = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
        return false;
    }
    QByteArray bytes = f.readAll();
    text.assign(bytes.constData(), static_cast<size_t>(bytes.size()));
    return true;
}

// Atomic replacement (temp file + rename) keeping the file's mode and owner.
bool write_file(const QString& path, const std::string& text, QString& why) {
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        why = QStringLiteral("cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    const auto size = static_cast<qint64>(text.size());
    if (f.write(text.data(), size) != size) {
        why = QStringLiteral("cannot write %1: %2").arg(path, f.errorString());
        f.cancelWriting();
        return false;
    }
    std::string owner_err;
    if (!cairn::platform::copy_file_owner(path.toStdString(), f.handle(), owner_err)) {
        why = QStringLiteral("cannot keep the owner of %1: %2").arg(path, q(owner_err));
        f.cancelWriting();
        return false;
    }
    if (!f.commit()) {
        why = QStringLiteral("cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

void print_problems(const std::vector<Problem>& problems, QTextStream& to) {
    for (const Problem& p : problems) to << q(p.to_string()) << Qt::endl;
}

// Reads and parses the file; prints the problems and returns an exit code if it is not valid.
std::optional<int> load_valid(const QString& path, std::string& text, Config& cfg) {
    QString why;
    if (!read_file(path, text, false, why)) return fail(kFileError, why);
    std::vector<Problem> problems = cairn::tools::validate(text, path.toStdString(), cfg);
    if (problems.empty()) return std::nullopt;
    print_problems(problems, err());
    return fail(kInvalid, QStringLiteral("%1 is not valid (see cairn-config validate)").arg(path));
}

// The directive NAME names, or nullptr after printing "unknown directive" (with a guess).
const Directive* lookup(const QString& name) {
    const std::string word = name.toStdString();
    const Directive* d = cairn::config::find_directive(word);
    if (d == nullptr) fail(kInvalid, q(cairn::tools::unknown_directive_message(word)));
    return d;
}

// ---- get, set, unset ----

int cmd_get(Command& c) {
    if (c.positional.size() != 1) return c.usage(QStringLiteral("expected one NAME"));
    const Directive* d = lookup(c.positional[0]);
    if (d == nullptr) return kInvalid;
    std::string text;
    Config cfg;
    if (auto rc = load_valid(c.file, text, cfg)) return *rc;
    out() << q(d->get(cfg)) << Qt::endl;
    return kOk;
}

// What set / unset changed, as "port: 6379 -> 6380" or "port: already 6380".
void report_edit(const Directive& d, const std::string& before, const std::string& after,
                 bool unset, bool file_changed) {
    const QString name = q(d.name);
    const QString value = shown(d, after);
    const QString origin = unset && after == default_value(d) ? QStringLiteral(" (default)") : "";
    if (unset && !file_changed) {
        out() << name << ": not in the file; " << value << origin << Qt::endl;
    } else if (before == after) {
        out() << name << ": already " << value << origin << Qt::endl;
    } else {
        out() << name << ": " << shown(d, before) << " -> " << value << origin << Qt::endl;
    }
}

// The lock that keeps two cairn-config from editing the file at once; an exit code when it
// cannot be had.
std::optional<int> lock_for_edit(QLockFile& lock, const QString& file) {
    if (lock.tryLock(kLockTimeoutMs)) return std::nullopt;
    if (lock.error() == QLockFile::LockFailedError) {
        return fail(
            kFileError,
            QStringLiteral("%1 is being edited (locked by another cairn-config)").arg(file));
    }
    return fail(
        kFileError,
        QStringLiteral("cannot create %1.lock (no write access to its directory?)").arg(file));
}

// set and unset: read, edit, check and write under the lock.
int edit_file(Command& c, const Directive& d, const std::vector<std::string>* words) {
    QLockFile lock(c.file + QStringLiteral(".lock"));
    if (auto rc = lock_for_edit(lock, c.file)) return *rc;
    std::string old_text;
    QString why;
    if (!read_file(c.file, old_text, words != nullptr, why)) return fail(kFileError, why);
    const std::string path = c.file.toStdString();
    Config old_cfg;
    cairn::tools::validate(old_text, path, old_cfg);  // bad lines skipped; checked below

    std::string new_text;
    Config expected = old_cfg;
    if (words != nullptr) {
        std::string reason = cairn::tools::check_value(old_cfg, d, *words);
        if (!reason.empty()) {
            return fail(kInvalid,
                        QStringLiteral("invalid value for '%1': %2").arg(q(d.name), q(reason)));
        }
        std::string ignored;
        d.set(expected, *words, ignored);
        new_text = cairn::tools::set_in_text(old_text, d, *words);
    } else {
        new_text = cairn::tools::unset_in_text(old_text, d);
    }

    Config new_cfg;
    std::vector<Problem> problems = cairn::tools::validate(new_text, path, new_cfg);
    if (!problems.empty()) {
        print_problems(problems, err());
        return fail(
            kInvalid,
            QStringLiteral("%1 is not valid; fix it first (nothing was changed)").arg(c.file));
    }
    if (words != nullptr) {
        for (const Directive& other : cairn::config::directives()) {
            if (other.get(new_cfg) != other.get(expected)) {
                return fail(kInvalid,
                            QStringLiteral("%1 would not take effect: '%2' is overridden by an "
                                           "included file (nothing was changed)")
                                .arg(q(d.name), q(other.name)));
            }
        }
    }
    const bool changed = new_text != old_text;
    if (changed && !write_file(c.file, new_text, why)) return fail(kFileError, why);
    report_edit(d, d.get(old_cfg), d.get(new_cfg), words == nullptr, changed);
    return kOk;
}

int cmd_set(Command& c) {
    if (c.positional.size() < 2) return c.usage(QStringLiteral("expected NAME and VALUE"));
    const Directive* d = lookup(c.positional[0]);
    if (d == nullptr) return kInvalid;
    std::vector<std::string> raw;
    for (qsizetype i = 1; i < c.positional.size(); i++)
        raw.push_back(c.positional[i].toStdString());
    std::vector<std::string> words = cairn::tools::value_words(*d, raw);
    return edit_file(c, *d, &words);
}

int cmd_unset(Command& c) {
    if (c.positional.size() != 1) return c.usage(QStringLiteral("expected one NAME"));
    const Directive* d = lookup(c.positional[0]);
    if (d == nullptr) return kInvalid;
    return edit_file(c, *d, nullptr);
}

// ---- show, diff, validate ----

int cmd_show(Command& c, bool json, bool all) {
    if (!c.positional.isEmpty()) return c.usage(QStringLiteral("no arguments expected"));
    std::string text;
    Config cfg;
    if (auto rc = load_valid(c.file, text, cfg)) return *rc;
    std::vector<const Directive*> list;
    if (all) {
        for (const Directive& d : cairn::config::directives()) {
            if (!d.hidden) list.push_back(&d);
        }
    } else {
        list = cairn::tools::directives_in_text(text);
    }
    if (json) {
        QJsonObject obj;
        for (const Directive* d : list) obj.insert(q(d->name), q(d->get(cfg)));
        out() << QJsonDocument(obj).toJson(QJsonDocument::Indented);
        out().flush();
        return kOk;
    }
    for (const Directive* d : list) out() << q(d->name) << ' ' << shown(d->get(cfg)) << Qt::endl;
    return kOk;
}

int cmd_diff_defaults(Command& c) {
    std::string text;
    Config cfg;
    if (auto rc = load_valid(c.file, text, cfg)) return *rc;
    for (const Directive& d : cairn::config::directives()) {
        if (d.hidden) continue;
        const std::string value = d.get(cfg);
        const std::string def = default_value(d);
        if (value == def) continue;
        out() << q(d.name) << ' ' << shown(value) << " (default: " << shown(def) << ')' << Qt::endl;
    }
    return kOk;
}

int cmd_validate(Command& c) {
    if (!c.positional.isEmpty()) return c.usage(QStringLiteral("no arguments expected"));
    std::string text;
    QString why;
    if (!read_file(c.file, text, false, why)) return fail(kFileError, why);
    Config cfg;
    std::vector<Problem> problems = cairn::tools::validate(text, c.file.toStdString(), cfg);
    print_problems(problems, out());
    std::vector<std::string> warnings = cairn::tools::unsafe_settings(cfg);
    if (std::string w = cairn::tools::dir_problem(cfg, kServiceAccount); !w.empty()) {
        warnings.push_back(std::move(w));
    }
    for (const std::string& w : warnings) out() << c.file << ": warning: " << q(w) << Qt::endl;
    if (!problems.empty()) return kInvalid;
    out() << c.file << ": OK";
    if (!warnings.empty()) out() << ", " << warnings.size() << " warning(s)";
    out() << Qt::endl;
    return kOk;
}

// ---- talking to the server (apply, diff --running) ----

struct ServerOptions {
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 0;  // 0: the file's
    QString user;
    QString password_file;
    QByteArray password;  // --password
    bool password_given = false;
};

// The options of the commands that connect to the server.
struct ServerOptionSet {
    QCommandLineOption host{QStringLiteral("host"),
                            QStringLiteral("Server address (default: 127.0.0.1)."),
                            QStringLiteral("host")};
    QCommandLineOption port{QStringLiteral("port"),
                            QStringLiteral("Server port (default: the file's)."),
                            QStringLiteral("port")};
    QCommandLineOption user{QStringLiteral("user"),
                            QStringLiteral("ACL user for the given password."),
                            QStringLiteral("user")};
    QCommandLineOption password_file{QStringLiteral("password-file"),
                                     QStringLiteral("File whose first line is the password."),
                                     QStringLiteral("file")};
    QCommandLineOption password{QStringLiteral("password"),
                                QStringLiteral("The password (visible to other users: prefer\n"
                                               "$CAIRN_PASSWORD or --password-file)."),
                                QStringLiteral("password")};

    void add_to(Command& c) const {
        for (const QCommandLineOption* o : {&host, &port, &user, &password_file, &password})
            c.add(*o);
    }

    bool any_set(const Command& c) const {
        return c.parser.isSet(host) || c.parser.isSet(port) || c.parser.isSet(user) ||
               c.parser.isSet(password_file) || c.parser.isSet(password);
    }

    // Fills opt from the command line; an exit code on a usage error.
    std::optional<int> read(const Command& c, ServerOptions& opt) const {
        if (c.parser.isSet(host)) opt.host = c.parser.value(host);
        if (c.parser.isSet(port)) {
            bool ok = false;
            const uint value = c.parser.value(port).toUInt(&ok);
            if (!ok || value == 0 || value > 65535) return c.usage(QStringLiteral("bad --port"));
            opt.port = static_cast<quint16>(value);
        }
        opt.user = c.parser.value(user);
        opt.password_file = c.parser.value(password_file);
        opt.password_given = c.parser.isSet(password);
        opt.password = c.parser.value(password).toUtf8();
        if (opt.password_given && !opt.password_file.isEmpty()) {
            return c.usage(QStringLiteral("give --password or --password-file, not both"));
        }
        if (opt.password_given) {
            err() << "cairn-config: warning: a password on the command line can be seen by "
                     "other users; prefer CAIRN_PASSWORD or --password-file"
                  << Qt::endl;
        }
        return std::nullopt;
    }
};

bool read_password(const QString& path, QByteArray& password, QString& why) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        why = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
        return false;
    }
    password = f.readLine();
    while (password.endsWith('\n') || password.endsWith('\r')) password.chop(1);
    return true;
}

// One AUTH to try.
struct Credentials {
    QByteArray user;  // empty: the default user
    QByteArray password;
    QString origin;  // where the password came from, for messages
};

// The password given to this run (--password-file, --password, $CAIRN_PASSWORD,
// $REDISCLI_AUTH, the first there is), as credentials for --user; none when nothing was given.
// false with why when the password file cannot be read.
bool given_credentials(const ServerOptions& opt, std::optional<Credentials>& given, QString& why) {
    Credentials cred{opt.user.toUtf8(), {}, {}};
    if (!opt.password_file.isEmpty()) {
        if (!read_password(opt.password_file, cred.password, why)) return false;
        cred.origin = QStringLiteral("--password-file");
    } else if (opt.password_given) {
        cred.password = opt.password;
        cred.origin = QStringLiteral("--password");
    } else if (qEnvironmentVariableIsSet("CAIRN_PASSWORD")) {
        cred.password = qgetenv("CAIRN_PASSWORD");
        cred.origin = QStringLiteral("CAIRN_PASSWORD");
    } else if (qEnvironmentVariableIsSet("REDISCLI_AUTH")) {
        cred.password = qgetenv("REDISCLI_AUTH");
        cred.origin = QStringLiteral("REDISCLI_AUTH");
    } else {
        return true;
    }
    given = cred;
    return true;
}

// The passwords to try, in order: the one given to this run (the server may still have a
// password that the file no longer has), then the file's requirepass.
std::optional<int> credentials_to_try(const Command& c, const ServerOptions& opt, const Config& cfg,
                                      std::vector<Credentials>& list) {
    std::optional<Credentials> given;
    QString why;
    if (!given_credentials(opt, given, why)) return fail(kFileError, why);
    if (!opt.user.isEmpty() && !given) {
        return c.usage(
            QStringLiteral("--user needs a password (--password-file, --password or "
                           "CAIRN_PASSWORD)"));
    }
    if (given) list.push_back(*given);
    if (!cfg.requirepass.empty()) {
        list.push_back({{},
                        QByteArray::fromStdString(cfg.requirepass),
                        QStringLiteral("the file's requirepass")});
    }
    return std::nullopt;
}

QString reply_error(const RespReply& r) {
    return QString::fromUtf8(r.text);
}

bool is_wrong_password(const RespReply& r) {
    return r.type == RespReply::Type::Error &&
           (r.text.startsWith("WRONGPASS") || r.text.contains("invalid password"));
}

const char* const kPasswordHint =
    "give the password the server has with CAIRN_PASSWORD=... (or --password-file, "
    "--password); the server may still have one that the file no longer has";

// AUTH with each of list until the server accepts one. A server without any password
// answers AUTH with an error saying so: then nothing is needed.
std::optional<int> authenticate(RespClient& client, const std::vector<Credentials>& list) {
    RespReply reply;
    QString why;
    QStringList tried;
    for (const Credentials& cred : list) {
        QList<QByteArray> auth{"AUTH"};
        if (!cred.user.isEmpty()) auth.append(cred.user);
        auth.append(cred.password);
        if (!client.command(auth, reply, why)) return fail(kServerError, why);
        if (reply.type != RespReply::Type::Error) return std::nullopt;
        if (reply.text.contains("without any password configured")) return std::nullopt;
        if (!is_wrong_password(reply)) {
            return fail(kServerError, QStringLiteral("AUTH failed: %1").arg(reply_error(reply)));
        }
        tried << cred.origin;
    }
    if (tried.isEmpty()) return std::nullopt;
    return fail(kServerError, QStringLiteral("AUTH failed: %1 (tried %2); %3")
                                  .arg(reply_error(reply), tried.join(QStringLiteral(", ")),
                                       QString::fromLatin1(kPasswordHint)));
}

// A connection to the server the file configures, authenticated; an exit code on failure.
std::optional<int> connect_to_server(const Command& c, const ServerOptions& opt, const Config& cfg,
                                     RespClient& client) {
    std::vector<Credentials> credentials;
    if (auto rc = credentials_to_try(c, opt, cfg, credentials)) return rc;
    const quint16 port = opt.port != 0 ? opt.port : static_cast<quint16>(cfg.port);
    if (port == 0) return c.usage(QStringLiteral("the file sets port 0: give --port"));
    QString why;
    if (!client.connect_to(opt.host, port, kServerTimeoutMs, why)) return fail(kServerError, why);
    return authenticate(client, credentials);
}

// CONFIG GET's pairs into running; an exit code when the server refuses.
std::optional<int> config_get(RespClient& client, const QByteArray& pattern,
                              std::map<std::string, std::string>& running) {
    RespReply reply;
    QString why;
    if (!client.command({"CONFIG", "GET", pattern}, reply, why)) return fail(kServerError, why);
    if (reply.type == RespReply::Type::Error && reply.text.startsWith("NOAUTH")) {
        return fail(kServerError, QStringLiteral("the server wants a password: %1")
                                      .arg(QString::fromLatin1(kPasswordHint)));
    }
    if (reply.type == RespReply::Type::Error) {
        return fail(kServerError, QStringLiteral("CONFIG GET: %1").arg(reply_error(reply)));
    }
    for (size_t i = 0; i + 1 < reply.elements.size(); i += 2) {
        running[reply.elements[i].text.toLower().toStdString()] =
            reply.elements[i + 1].text.toStdString();
    }
    return std::nullopt;
}

// Every value the server reports (CONFIG GET *), and those of the file's directives that a
// glob leaves out (test-only ones answer only to their exact name).
std::optional<int> running_values(RespClient& client, const std::vector<const Directive*>& written,
                                  std::map<std::string, std::string>& running) {
    if (auto rc = config_get(client, "*", running)) return rc;
    for (const Directive* d : written) {
        if (running.count(std::string(d->name)) != 0) continue;
        if (auto rc = config_get(client, QByteArray::fromStdString(std::string(d->name)), running))
            return rc;
    }
    return std::nullopt;
}

// The file (valid), its plan against the running server, and the connection that made it.
struct Sync {
    std::string text;
    Config cfg;
    RespClient client;
    cairn::tools::SyncPlan plan;
};

std::optional<int> prepare_sync(const Command& c, const ServerOptions& opt, Sync& sync) {
    if (auto rc = load_valid(c.file, sync.text, sync.cfg)) return rc;
    if (auto rc = connect_to_server(c, opt, sync.cfg, sync.client)) return rc;
    const std::vector<const Directive*> written = cairn::tools::directives_in_text(sync.text);
    std::map<std::string, std::string> running;
    if (auto rc = running_values(sync.client, written, running)) return rc;
    sync.plan = cairn::tools::plan_sync(sync.cfg, written, running);
    return std::nullopt;
}

int cmd_diff_running(const Command& c, const ServerOptions& opt) {
    Sync sync;
    if (auto rc = prepare_sync(c, opt, sync)) return *rc;
    for (const cairn::tools::SyncSkip& s : sync.plan.skipped) {
        err() << "cairn-config: " << q(s.directive->name) << " not compared: " << q(s.reason)
              << Qt::endl;
    }
    for (const cairn::tools::SyncDifference& d : sync.plan.differences) {
        out() << q(d.directive->name) << ": file " << shown(*d.directive, d.wanted)
              << (d.in_file ? "" : " (default)") << ", running " << shown(*d.directive, d.running)
              << Qt::endl;
    }
    return sync.plan.differences.empty() ? kOk : kDiffers;
}

// ---- apply ----

struct ApplyCounts {
    int applied = 0;
    int reset = 0;
    int restart = 0;
    int failed = 0;
};

// Makes one directive match the file: CONFIG SET, or a restart where that cannot be.
// false on a lost connection.
bool apply_difference(RespClient& client, const cairn::tools::SyncDifference& diff,
                      ApplyCounts& counts, QString& why) {
    const Directive& d = *diff.directive;
    const QByteArray name = QByteArray::fromStdString(std::string(d.name));
    const QString value =
        shown(d, diff.wanted) +
        (diff.in_file ? QString() : QStringLiteral(" (default; not in the file)"));
    if (!d.runtime_mutable) {
        out() << "restart " << name << ' ' << value << ": not changeable at runtime" << Qt::endl;
        counts.restart++;
        return true;
    }
    RespReply reply;
    if (!client.command({"CONFIG", "SET", name, QByteArray::fromStdString(diff.wanted)}, reply,
                        why)) {
        return false;
    }
    if (reply.type != RespReply::Type::Error) {
        out() << (diff.in_file ? "applied " : "reset ") << name << ' ' << value << Qt::endl;
        (diff.in_file ? counts.applied : counts.reset)++;
    } else if (reply.text.contains("protected config")) {
        // enable-protected-configs keeps CONFIG SET off dir and dbfilename: the server reads
        // them from the file when it starts.
        out() << "restart " << name << ' ' << value << ": protected config" << Qt::endl;
        counts.restart++;
    } else {
        out() << "failed " << name << ' ' << value << ": " << reply_error(reply) << Qt::endl;
        counts.failed++;
    }
    return true;
}

int apply_file(const Command& c, const ServerOptions& opt) {
    Sync sync;
    if (auto rc = prepare_sync(c, opt, sync)) return *rc;
    for (const cairn::tools::SyncSkip& s : sync.plan.skipped) {
        out() << "skipped " << q(s.directive->name) << ": " << q(s.reason) << Qt::endl;
    }
    ApplyCounts counts;
    QString why;
    for (const cairn::tools::SyncDifference& diff : sync.plan.differences) {
        if (!apply_difference(sync.client, diff, counts, why)) return fail(kServerError, why);
    }
    out() << counts.applied << " applied, " << counts.reset << " reset to default, "
          << sync.plan.unchanged << " unchanged, " << counts.restart << " need a restart, "
          << counts.failed << " failed" << Qt::endl;
    if (counts.failed > 0) return kServerError;
    return counts.restart > 0 ? kRestartNeeded : kOk;
}

// ---- service ----

int cmd_service(Command& c) {
    if (c.positional.size() != 1) return c.usage(QStringLiteral("expected one ACTION"));
    cairn::service::ControlAction action;
    if (!cairn::service::parse_control_action(c.positional[0].toStdString(), action)) {
        return c.usage(QStringLiteral("unknown action '%1'").arg(c.positional[0]));
    }
    // Where the service manager has no reload (Windows), reload is apply of the service's
    // file, with the password from the file or the environment.
    const auto apply_in_process = [&c](const std::string& config_path) {
        c.file = q(config_path);
        return apply_file(c, ServerOptions{});
    };
    std::string why;
    out().flush();
    int rc = cairn::service::control_service(action, apply_in_process, why);
    if (rc < 0) return fail(kNoServiceManager, q(why));
    return rc;
}

// ---- the command line ----

const QString kDescription = QStringLiteral(
    "Reads, edits and checks the Cairn configuration file with the server's own\n"
    "directive table, pushes it to a running server and controls the system service.\n"
    "\n"
    "Commands (cairn-config COMMAND --help for each):\n"
    "  get NAME             effective value of a directive in the file\n"
    "  set NAME VALUE...    validate and write a directive (comments, order kept)\n"
    "  unset NAME           remove a directive's lines (the default applies)\n"
    "  show [--json] [--all]  directives written in the file (--all: every directive)\n"
    "  diff                 directives whose value differs from the default\n"
    "  diff --running       directives whose value differs on the running server\n"
    "  validate             check the file: PATH:LINE: reason for each problem, then\n"
    "                       PATH: warning: ... for unsafe or ineffective settings\n"
    "  apply                make the running server match the file (CONFIG SET)\n"
    "  service ACTION       install|uninstall|start|stop|restart|status|reload the\n"
    "                       system service\n"
    "\n"
    "Exit codes: 0 ok, 1 invalid file, value or name (diff --running: the server\n"
    "differs), 2 usage error, 3 file cannot be read, locked or written, 4 server\n"
    "unreachable, password refused or a setting refused, 5 applied but a restart is\n"
    "needed, 6 no service manager; service: the service manager's exit code.");

const QString kGetHelp = QStringLiteral(
    "Prints the effective value of directive NAME as CONFIG GET would: its value in\n"
    "the file (or an included file), else the default.");

const QString kSetHelp = QStringLiteral(
    "Checks VALUE with the server's rules, then writes the directive: its line is\n"
    "replaced (later lines of it are removed); a directive not yet in the file goes\n"
    "right after its commented default (such as \"# maxmemory <bytes>\"), else at the\n"
    "end. Every other line and comment is kept. Prints what changed, as\n"
    "\"port: 6379 -> 6380\", or \"port: already 6380\". A rejected value leaves the file\n"
    "untouched. Options go before NAME (a VALUE may start with '-').");

const QString kUnsetHelp = QStringLiteral(
    "Removes the lines of directive NAME, so that its default applies again, and\n"
    "prints the change, as \"port: 6380 -> 6379 (default)\".");

const QString kShowHelp =
    QStringLiteral("Prints the directives written in the file with their values.");

const QString kDiffHelp = QStringLiteral(
    "Without --running: prints the directives whose value in the file differs from\n"
    "the default, as \"NAME VALUE (default: DEFAULT)\".\n"
    "\n"
    "With --running: compares the file's effective values (what it writes, else the\n"
    "defaults) with the running server's (CONFIG GET *) and prints one line per\n"
    "directive that differs, as \"NAME: file VALUE, running VALUE\"; \"(default)\" marks\n"
    "a value the file does not write, and passwords show as (hidden). Exit codes:\n"
    "0 the server matches the file, 1 it differs (or the file is invalid), 4 the\n"
    "server cannot be reached or refuses the password. The connection and the\n"
    "password are as for apply.");

const QString kValidateHelp = QStringLiteral(
    "Checks the file as the server reads it and prints PATH:LINE: reason for every\n"
    "problem (exit 1). It also warns, one line each starting with \"PATH: warning: \",\n"
    "about settings that are valid but unsafe or without effect (exit 0 when there\n"
    "are only warnings):\n"
    "  - listening beyond loopback with protected-mode no and no requirepass;\n"
    "  - append-only file settings while appendonly is no;\n"
    "  - an eviction policy while maxmemory is 0;\n"
    "  - an absolute dir that is missing, or where the service's user (cairn; the\n"
    "    user running cairn-config where there is no such user) cannot create files.");

const QString kApplyHelp = QStringLiteral(
    "Makes the running server match the file. A directive written in the file is\n"
    "sent with CONFIG SET; one that the file does not write (any more) is reset to\n"
    "its default where the server's value differs. Settings that cannot change at\n"
    "runtime, and protected ones (dir, dbfilename) that CONFIG SET refuses, are\n"
    "listed as needing a restart (exit 5). Nothing is sent when the file is\n"
    "invalid. One line per directive changed (applied, reset, restart, failed) or\n"
    "skipped, then a summary.\n"
    "\n"
    "Password: the one given to this run is tried first (--password-file, else\n"
    "--password, else $CAIRN_PASSWORD, else $REDISCLI_AUTH; as --user if given),\n"
    "then the file's requirepass. cairn-config keeps no copy of any password: after\n"
    "removing or changing requirepass in the file, give the password the server\n"
    "still has, once:\n"
    "  CAIRN_PASSWORD='the old one' cairn-config apply");

const QString kServiceHelp = QStringLiteral(
    "Controls the %1 system service. ACTION is one of install,\n"
    "uninstall, start, stop, restart, status and reload. reload re-reads the config\n"
    "file and applies what can change at runtime: systemd runs the unit's\n"
    "ExecReload (cairn-config apply); on Windows, whose service manager has no\n"
    "reload, this command applies the service's config file itself (the password\n"
    "as for apply, from the file or $CAIRN_PASSWORD). Exits with the service\n"
    "manager's code (status: 0 running, 3 stopped); reload on Windows with apply's.");

int run_diff(Command& c, const QCommandLineOption& running, const ServerOptionSet& server) {
    if (!c.positional.isEmpty()) return c.usage(QStringLiteral("no arguments expected"));
    if (!c.parser.isSet(running)) {
        if (server.any_set(c)) return c.usage(QStringLiteral("connection options need --running"));
        return cmd_diff_defaults(c);
    }
    ServerOptions opt;
    if (auto rc = server.read(c, opt)) return *rc;
    return cmd_diff_running(c, opt);
}

int run_apply(Command& c, const ServerOptionSet& server) {
    if (!c.positional.isEmpty()) return c.usage(QStringLiteral("no arguments expected"));
    ServerOptions opt;
    if (auto rc = server.read(c, opt)) return *rc;
    return apply_file(c, opt);
}

// Parses the command's own options and runs it.
int run_command(const QString& verb, const QStringList& verb_args, const QString& global_file) {
    if (verb == "get" || verb == "unset") {
        Command c(verb, QStringLiteral("NAME"), verb == "get" ? kGetHelp : kUnsetHelp);
        if (auto rc = c.parse(verb_args, global_file)) return *rc;
        return verb == "get" ? cmd_get(c) : cmd_unset(c);
    }
    if (verb == "set") {
        Command c(verb, QStringLiteral("NAME VALUE..."), kSetHelp);
        c.parser.setOptionsAfterPositionalArgumentsMode(
            QCommandLineParser::ParseAsPositionalArguments);
        if (auto rc = c.parse(verb_args, global_file)) return *rc;
        return cmd_set(c);
    }
    if (verb == "show") {
        Command c(verb, QString(), kShowHelp);
        QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print a JSON object."));
        QCommandLineOption all(QStringLiteral("all"),
                               QStringLiteral("Every directive, defaults included."));
        c.add(json);
        c.add(all);
        if (auto rc = c.parse(verb_args, global_file)) return *rc;
        return cmd_show(c, c.parser.isSet(json), c.parser.isSet(all));
    }
    if (verb == "diff") {
        Command c(verb, QStringLiteral("[--running]"), kDiffHelp);
        QCommandLineOption running(QStringLiteral("running"),
                                   QStringLiteral("Compare with the running server."));
        c.add(running);
        const ServerOptionSet server;
        server.add_to(c);
        if (auto rc = c.parse(verb_args, global_file)) return *rc;
        return run_diff(c, running, server);
    }
    if (verb == "validate") {
        Command c(verb, QString(), kValidateHelp);
        if (auto rc = c.parse(verb_args, global_file)) return *rc;
        return cmd_validate(c);
    }
    if (verb == "apply") {
        Command c(verb, QString(), kApplyHelp);
        const ServerOptionSet server;
        server.add_to(c);
        if (auto rc = c.parse(verb_args, global_file)) return *rc;
        return run_apply(c, server);
    }
    if (verb == "service") {
        Command c(verb, QStringLiteral("ACTION"),
                  kServiceHelp.arg(q(cairn::service::service_name())));
        if (auto rc = c.parse(verb_args, global_file)) return *rc;
        return cmd_service(c);
    }
    return fail(kUsage, QStringLiteral("unknown command '%1' (see cairn-config --help)").arg(verb));
}

int run(const QStringList& args) {
    QCommandLineParser global;
    const QCommandLineOption version({"v", "version"}, QStringLiteral("Show the version."));
    const QList<QCommandLineOption> options{file_option(), version, help_option()};
    global.addOptions(options);
    global.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    if (!global.parse(args)) {
        return fail(kUsage, global.errorText() + QStringLiteral(" (see cairn-config --help)"));
    }
    if (global.isSet(QStringLiteral("help"))) {
        out() << help_text(QStringLiteral("[options] COMMAND [ARGS...]"), kDescription, options);
        return kOk;
    }
    if (global.isSet(version)) {
        out() << "cairn-config " << QCoreApplication::applicationVersion() << Qt::endl;
        return kOk;
    }
    QStringList rest = global.positionalArguments();
    if (rest.isEmpty()) return fail(kUsage, QStringLiteral("no command (see cairn-config --help)"));
    const QString verb = rest.takeFirst();
    QStringList verb_args{args.first()};
    verb_args += rest;
    return run_command(verb, verb_args, global.value(QStringLiteral("file")));
}

}  // namespace

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("cairn-config"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CAIRN_VERSION));
    int rc = run(QCoreApplication::arguments());
    out().flush();
    err().flush();
    return rc;
}
