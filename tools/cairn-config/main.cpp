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
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "platform/platform.hpp"
#include "service/service_control.hpp"
#include "tools/cairn-config/config_edit.hpp"
#include "tools/cairn-config/resp_client.hpp"

namespace {

using cairn::config::Config;
using cairn::config::Directive;
using cairn::tools::Problem;

// Exit codes: part of the interface (listed in --help).
enum Exit {
    kOk = 0,
    kInvalid = 1,        // invalid file or value, unknown directive
    kUsage = 2,          // bad command line
    kFileError = 3,      // cannot read, lock or write the file
    kServerError = 4,    // apply: cannot connect or authenticate, or a CONFIG SET failed
    kRestartNeeded = 5,  // apply: done, but some changed settings only take effect on restart
    kNoServiceManager = 6,
};

constexpr int kLockTimeoutMs = 5000;
constexpr int kServerTimeoutMs = 5000;

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

std::string default_value(const Directive& d) {
    static const Config defaults;
    return d.get(defaults);
}

const QString kDescription = QStringLiteral(
    "Reads, edits and checks the Cairn configuration file with the server's own directive\n"
    "table, pushes it to a running server and controls the system service.\n"
    "\n"
    "Commands (cairn-config COMMAND --help for each):\n"
    "  get NAME             effective value of a directive in the file\n"
    "  set NAME VALUE...    validate and write a directive (comments and order are kept)\n"
    "  unset NAME           remove a directive's lines (the default applies)\n"
    "  show [--json] [--all]  directives written in the file (--all: every directive)\n"
    "  diff                 directives whose value differs from the default\n"
    "  validate             check the file; prints PATH:LINE: reason for each problem\n"
    "  apply                push runtime-changeable settings to a running server\n"
    "  service ACTION       install|uninstall|start|stop|restart|status the system service\n"
    "\n"
    "Exit codes: 0 ok, 1 invalid file, value or name, 2 usage error, 3 file cannot be\n"
    "read, locked or written, 4 server unreachable or a setting was refused, 5 applied but\n"
    "a restart is needed, 6 no service manager; service: systemctl's exit code.");

QCommandLineOption file_option() {
    return QCommandLineOption(
        {"f", "file"},
        QStringLiteral("Config file (default: %1).").arg(q(cairn::platform::default_config_path())),
        QStringLiteral("path"));
}

// Per-command parser: --help and --file, plus the command's own options.
struct Command {
    QString name;
    QString syntax;
    QString description;
    QCommandLineParser parser;
    QString file;

    Command(QString n, QString syn, QString desc)
        : name(std::move(n)), syntax(std::move(syn)), description(std::move(desc)) {
        parser.setApplicationDescription(description);
        parser.addHelpOption();
        parser.addOption(file_option());
        parser.addPositionalArgument(name, QString(), (name + ' ' + syntax).trimmed());
    }

    // args: program name then the words after the command. Returns an exit code when the
    // command should stop here (usage error), after printing help and exiting for --help.
    std::optional<int> parse(const QStringList& args, const QString& global_file) {
        if (!parser.parse(args)) {
            return fail(kUsage, QStringLiteral("%1: %2 (see cairn-config %1 --help)")
                                    .arg(name, parser.errorText()));
        }
        if (parser.isSet(QStringLiteral("help"))) parser.showHelp(0);
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

    QStringList positional;
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

const Directive* lookup(const QString& name) {
    return cairn::config::find_directive(name.toStdString());
}

// ---- commands ----

int cmd_get(Command& c) {
    if (c.positional.size() != 1) return c.usage(QStringLiteral("expected one NAME"));
    const Directive* d = lookup(c.positional[0]);
    if (d == nullptr)
        return fail(kInvalid, QStringLiteral("unknown directive '%1'").arg(c.positional[0]));
    std::string text;
    Config cfg;
    if (auto rc = load_valid(c.file, text, cfg)) return *rc;
    out() << q(d->get(cfg)) << Qt::endl;
    return kOk;
}

// set and unset: read, edit, check and write under the lock.
int edit_file(Command& c, const Directive& d, const std::vector<std::string>* words) {
    QLockFile lock(c.file + QStringLiteral(".lock"));
    if (!lock.tryLock(kLockTimeoutMs)) {
        if (lock.error() == QLockFile::LockFailedError) {
            return fail(
                kFileError,
                QStringLiteral("%1 is being edited (locked by another cairn-config)").arg(c.file));
        }
        return fail(kFileError,
                    QStringLiteral("cannot create %1.lock (no write access to its directory?)")
                        .arg(c.file));
    }
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
    if (new_text == old_text) return kOk;
    if (!write_file(c.file, new_text, why)) return fail(kFileError, why);
    return kOk;
}

int cmd_set(Command& c) {
    if (c.positional.size() < 2) return c.usage(QStringLiteral("expected NAME and VALUE"));
    const Directive* d = lookup(c.positional[0]);
    if (d == nullptr)
        return fail(kInvalid, QStringLiteral("unknown directive '%1'").arg(c.positional[0]));
    std::vector<std::string> raw;
    for (qsizetype i = 1; i < c.positional.size(); i++)
        raw.push_back(c.positional[i].toStdString());
    std::vector<std::string> words = cairn::tools::value_words(*d, raw);
    return edit_file(c, *d, &words);
}

int cmd_unset(Command& c) {
    if (c.positional.size() != 1) return c.usage(QStringLiteral("expected one NAME"));
    const Directive* d = lookup(c.positional[0]);
    if (d == nullptr)
        return fail(kInvalid, QStringLiteral("unknown directive '%1'").arg(c.positional[0]));
    return edit_file(c, *d, nullptr);
}

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

int cmd_diff(Command& c) {
    if (!c.positional.isEmpty()) return c.usage(QStringLiteral("no arguments expected"));
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
    if (!problems.empty()) return kInvalid;
    out() << c.file << ": OK" << Qt::endl;
    return kOk;
}

// ---- apply ----

struct ApplyOptions {
    QString host;
    quint16 port = 0;  // 0: the file's port
    QString user;
    QString password_file;
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

QString reply_error(const cairn::tools::RespReply& r) {
    return QString::fromUtf8(r.text);
}

int cmd_apply(Command& c, const ApplyOptions& opt) {
    using cairn::tools::RespReply;
    if (!c.positional.isEmpty()) return c.usage(QStringLiteral("no arguments expected"));
    std::string text;
    Config cfg;
    if (auto rc = load_valid(c.file, text, cfg)) return *rc;
    if (!opt.user.isEmpty() && opt.password_file.isEmpty()) {
        return c.usage(QStringLiteral("--user needs --password-file"));
    }

    QByteArray password;
    QString why;
    if (!opt.password_file.isEmpty()) {
        if (!read_password(opt.password_file, password, why)) return fail(kFileError, why);
    } else {
        password = QByteArray::fromStdString(cfg.requirepass);  // the file's own password
    }

    const quint16 port = opt.port != 0 ? opt.port : static_cast<quint16>(cfg.port);
    if (port == 0) return c.usage(QStringLiteral("the file sets port 0: give --port"));
    cairn::tools::RespClient client;
    if (!client.connect_to(opt.host, port, kServerTimeoutMs, why)) return fail(kServerError, why);
    RespReply reply;
    if (!password.isEmpty()) {
        QList<QByteArray> auth{"AUTH"};
        if (!opt.user.isEmpty()) auth.append(opt.user.toUtf8());
        auth.append(password);
        if (!client.command(auth, reply, why)) return fail(kServerError, why);
        // A password the file is about to introduce: the server has none yet.
        const bool server_has_none = reply.text.contains("without any password configured");
        if (reply.type == RespReply::Type::Error && !server_has_none) {
            return fail(kServerError, QStringLiteral("AUTH failed: %1").arg(reply_error(reply)));
        }
    }

    int applied = 0, unchanged = 0, restart = 0, failed = 0;
    for (const Directive* d : cairn::tools::directives_in_text(text)) {
        const QByteArray name = QByteArray::fromStdString(std::string(d->name));
        const std::string wanted = d->get(cfg);
        if (d->name == "dir" && !wanted.empty() && wanted[0] != '/') {
            out() << "skipped " << name << ": a relative dir cannot be compared" << Qt::endl;
            continue;
        }
        if (!client.command({"CONFIG", "GET", name}, reply, why)) return fail(kServerError, why);
        if (reply.type == RespReply::Type::Error) {
            return fail(kServerError, QStringLiteral("CONFIG GET: %1").arg(reply_error(reply)));
        }
        if (reply.type != RespReply::Type::Array || reply.elements.size() != 2) {
            out() << "skipped " << name << ": unknown to the server" << Qt::endl;
            continue;
        }
        const QByteArray running = reply.elements[1].text;
        if (running == QByteArray::fromStdString(wanted)) {
            unchanged++;
            continue;
        }
        const QString value = d->sensitive ? QStringLiteral("(hidden)") : shown(wanted);
        if (!d->runtime_mutable) {
            out() << "restart " << name << ' ' << value << ": not changeable at runtime"
                  << Qt::endl;
            restart++;
            continue;
        }
        if (!client.command({"CONFIG", "SET", name, QByteArray::fromStdString(wanted)}, reply,
                            why)) {
            return fail(kServerError, why);
        }
        if (reply.type != RespReply::Type::Error) {
            out() << "applied " << name << ' ' << value << Qt::endl;
            applied++;
        } else if (reply.text.contains("protected config")) {
            out() << "restart " << name << ' ' << value << ": protected config" << Qt::endl;
            restart++;
        } else {
            out() << "failed " << name << ' ' << value << ": " << reply_error(reply) << Qt::endl;
            failed++;
        }
    }
    out() << applied << " applied, " << unchanged << " unchanged, " << restart
          << " need a restart, " << failed << " failed" << Qt::endl;
    if (failed > 0) return kServerError;
    return restart > 0 ? kRestartNeeded : kOk;
}

// ---- service ----

int cmd_service(Command& c) {
    if (c.positional.size() != 1) return c.usage(QStringLiteral("expected one ACTION"));
    cairn::service::ControlAction action;
    if (!cairn::service::parse_control_action(c.positional[0].toStdString(), action)) {
        return c.usage(QStringLiteral("unknown action '%1'").arg(c.positional[0]));
    }
    std::string why;
    out().flush();
    int rc = cairn::service::control_service(action, why);
    if (rc < 0) return fail(kNoServiceManager, q(why));
    return rc;
}

int run(const QStringList& args) {
    QCommandLineParser global;
    global.setApplicationDescription(kDescription);
    global.addHelpOption();
    global.addVersionOption();
    global.addOption(file_option());
    global.addPositionalArgument(QStringLiteral("command"), QStringLiteral("See above."),
                                 QStringLiteral("COMMAND [ARGS...]"));
    global.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    if (!global.parse(args)) {
        return fail(kUsage, global.errorText() + QStringLiteral(" (see cairn-config --help)"));
    }
    if (global.isSet(QStringLiteral("help"))) global.showHelp(0);
    if (global.isSet(QStringLiteral("version"))) global.showVersion();
    QStringList rest = global.positionalArguments();
    if (rest.isEmpty()) return fail(kUsage, QStringLiteral("no command (see cairn-config --help)"));
    const QString verb = rest.takeFirst();
    const QString global_file = global.value(QStringLiteral("file"));
    QStringList verb_args{args.first()};
    verb_args += rest;

    if (verb == "get") {
        Command c(verb, QStringLiteral("NAME"),
                  QStringLiteral("Prints the effective value of directive NAME in the file, as "
                                 "CONFIG GET would (the default when it is not set)."));
        if (auto rc = c.parse(verb_args, global_file)) return *rc;
        return cmd_get(c);
    }
    if (verb == "set") {
        Command c(verb, QStringLiteral("NAME VALUE..."),
                  QStringLiteral("Checks VALUE with the server's rules, then replaces the "
                                 "directive's line (or appends one), keeping every other line. "
                                 "A rejected value leaves the file untouched. Options go before "
                                 "NAME (a VALUE may start with '-')."));
        c.parser.setOptionsAfterPositionalArgumentsMode(
            QCommandLineParser::ParseAsPositionalArguments);
        if (auto rc = c.parse(verb_args, global_file)) return *rc;
        return cmd_set(c);
    }
    if (verb == "unset") {
        Command c(verb, QStringLiteral("NAME"),
                  QStringLiteral("Removes the lines of directive NAME: its default applies."));
        if (auto rc = c.parse(verb_args, global_file)) return *rc;
        return cmd_unset(c);
    }
    if (verb == "show") {
        Command c(verb, QString(),
                  QStringLiteral("Prints the directives written in the file with their values."));
        QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print a JSON object."));
        QCommandLineOption all(QStringLiteral("all"),
                               QStringLiteral("Every directive, defaults included."));
        c.parser.addOptions({json, all});
        if (auto rc = c.parse(verb_args, global_file)) return *rc;
        return cmd_show(c, c.parser.isSet(json), c.parser.isSet(all));
    }
    if (verb == "diff") {
        Command c(verb, QString(),
                  QStringLiteral("Prints the directives whose value differs from the default."));
        if (auto rc = c.parse(verb_args, global_file)) return *rc;
        return cmd_diff(c);
    }
    if (verb == "validate") {
        Command c(verb, QString(),
                  QStringLiteral("Checks the file as the server reads it. Prints PATH:LINE: "
                                 "reason for every problem and exits 1, or exits 0."));
        if (auto rc = c.parse(verb_args, global_file)) return *rc;
        return cmd_validate(c);
    }
    if (verb == "apply") {
        Command c(verb, QString(),
                  QStringLiteral("Sends the directives written in the file to a running server "
                                 "with CONFIG SET and lists those that need a restart (exit 5). "
                                 "The password is read from --password-file, else the file's "
                                 "requirepass."));
        QCommandLineOption host(QStringLiteral("host"), QStringLiteral("Server address."),
                                QStringLiteral("host"), QStringLiteral("127.0.0.1"));
        QCommandLineOption port(QStringLiteral("port"),
                                QStringLiteral("Server port (default: the file's)."),
                                QStringLiteral("port"));
        QCommandLineOption user(QStringLiteral("user"), QStringLiteral("ACL user name."),
                                QStringLiteral("user"));
        QCommandLineOption password_file(QStringLiteral("password-file"),
                                         QStringLiteral("File whose first line is the password."),
                                         QStringLiteral("file"));
        c.parser.addOptions({host, port, user, password_file});
        if (auto rc = c.parse(verb_args, global_file)) return *rc;
        ApplyOptions opt;
        opt.host = c.parser.value(host);
        if (c.parser.isSet(port)) {
            bool ok = false;
            const uint value = c.parser.value(port).toUInt(&ok);
            if (!ok || value == 0 || value > 65535) return c.usage(QStringLiteral("bad --port"));
            opt.port = static_cast<quint16>(value);
        }
        opt.user = c.parser.value(user);
        opt.password_file = c.parser.value(password_file);
        return cmd_apply(c, opt);
    }
    if (verb == "service") {
        Command c(verb, QStringLiteral("install|uninstall|start|stop|restart|status"),
                  QStringLiteral("Controls the %1 system service; exits with the service "
                                 "manager's code (status: 0 running, 3 stopped).")
                      .arg(q(cairn::service::service_name())));
        if (auto rc = c.parse(verb_args, global_file)) return *rc;
        return cmd_service(c);
    }
    return fail(kUsage, QStringLiteral("unknown command '%1' (see cairn-config --help)").arg(verb));
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
