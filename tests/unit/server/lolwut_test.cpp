// LOLWUT's art: version dispatch, the canvas, braille and gray rendering, Schotter and the
// skyline. The Schotter texts with at most two rows of squares draw nothing at random: they are
// what redis-server 7.0.15 answers, byte for byte.
#include "server/lolwut.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace cairn::lolwut {
namespace {

const std::string kSchotterCaption = "\nGeorg Nees - schotter, plotter on paper, 1968. Redis ver. ";
const std::string kSkylineCaption =
    "\nDedicated to the 8 bit game developers of past and present.\n"
    "Original 8 bit image from Plaguemon by hikikomori. Redis ver. ";

int zero() {
    return 0;
}

// A fixed pseudo-random sequence (an LCG) in [0, kRandMax], counting its calls.
struct Sequence {
    uint64_t state;
    int calls = 0;
    int next() {
        calls++;
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<int>(state >> 33);
    }
};

std::vector<std::string> split_lines(const std::string& s) {
    std::vector<std::string> lines;
    size_t start = 0;
    for (size_t nl; (nl = s.find('\n', start)) != std::string::npos; start = nl + 1) {
        lines.push_back(s.substr(start, nl - start));
    }
    lines.push_back(s.substr(start));
    return lines;
}

std::string repeat(const std::string& s, int n) {
    std::string out;
    for (int i = 0; i < n; i++) out += s;
    return out;
}

TEST(Lolwut, VersionDispatchAsRedis70) {
    EXPECT_EQ(art_for("7.0.15"), Art::VersionLine);
    EXPECT_EQ(art_for("5.0.0"), Art::Schotter);
    EXPECT_EQ(art_for("5.0.14"), Art::Schotter);
    EXPECT_EQ(art_for("4.9.0"), Art::Schotter);
    EXPECT_EQ(art_for("5.9.0"), Art::Skyline);
    EXPECT_EQ(art_for("6.0.0"), Art::Skyline);
    EXPECT_EQ(art_for("6.2.7"), Art::Skyline);
    EXPECT_EQ(art_for("6.9.0"), Art::VersionLine);
    EXPECT_EQ(art_for("4.0.0"), Art::VersionLine);
    EXPECT_EQ(art_for("8.0.0"), Art::VersionLine);
    EXPECT_EQ(art_for("59.0.0"), Art::VersionLine);
    EXPECT_EQ(art_for("5"), Art::VersionLine);
    EXPECT_EQ(art_for(""), Art::VersionLine);
    // VERSION v is "%u.0.0" of v cast to unsigned int, as Redis formats it.
    EXPECT_EQ(version_string(5), "5.0.0");
    EXPECT_EQ(version_string(static_cast<uint32_t>(4294967301LL)), "5.0.0");
    EXPECT_EQ(version_string(static_cast<uint32_t>(-1)), "4294967295.0.0");
    EXPECT_EQ(art_for(version_string(static_cast<uint32_t>(-1))), Art::VersionLine);
}

TEST(Lolwut, VersionText) {
    EXPECT_EQ(version_text("7.0.15"), "Redis ver. 7.0.15\n");
}

TEST(Lolwut, CanvasIgnoresPixelsOutside) {
    Canvas c(3, 2, 1);
    EXPECT_EQ(c.get(2, 1), 1);
    c.set(-1, 0, 2);
    c.set(3, 0, 2);
    c.set(0, 2, 2);
    EXPECT_EQ(c.get(-1, 0), 0);
    EXPECT_EQ(c.get(3, 0), 0);
    c.set(1, 1, 3);
    EXPECT_EQ(c.get(1, 1), 3);
    EXPECT_EQ(c.get(0, 0), 1);
}

TEST(Lolwut, LineIncludesBothEnds) {
    Canvas c(5, 3);
    c.line(4, 2, 0, 0, 1);  // Bresenham from right to left
    std::string rows;
    for (int y = 0; y < 3; y++) {
        for (int x = 0; x < 5; x++) rows += c.get(x, y) ? '#' : '.';
        rows += '|';
    }
    EXPECT_EQ(rows, "#....|.##..|...##|");
}

TEST(Lolwut, BrailleCharacters) {
    EXPECT_EQ(braille(0), "\u2800");
    EXPECT_EQ(braille(0x0B), "\u280B");
    EXPECT_EQ(braille(0xFF), "\u28FF");
}

TEST(Lolwut, RenderBrailleDotOrder) {
    // Dots 0 1 2 6 down the left column, 3 4 5 7 down the right one.
    Canvas c(2, 4);
    c.set(0, 3, 1);
    EXPECT_EQ(render_braille(c), braille(1 << 6) + "\n");
    c.set(1, 0, 1);
    c.set(1, 3, 1);
    EXPECT_EQ(render_braille(c), braille((1 << 6) | (1 << 3) | (1 << 7)) + "\n");
    // No newline after a row that starts on the last line of the canvas.
    Canvas five(4, 5);
    five.set(3, 4, 1);
    EXPECT_EQ(render_braille(five), braille(0) + braille(0) + "\n" + braille(0) + braille(1 << 3));
    EXPECT_EQ(render_braille(Canvas(2, 0)), "");
}

TEST(Lolwut, RenderGrays) {
    Canvas c(2, 2, 3);
    c.set(0, 0, 0);
    c.set(1, 0, 1);
    c.set(0, 1, 2);
    EXPECT_EQ(render_grays(c),
              "\033[0;30;40m \033[0m\033[0;90;100m \033[0m\n"
              "\033[0;37;47m \033[0m\033[0;97;107m \033[0m");
}

TEST(Lolwut, SchotterWithoutRandomRowsIsRedisOutput) {
    const std::string v = "7.0.15";
    EXPECT_EQ(schotter_text(1, 1, 1, v, zero), "⠋\n" + kSchotterCaption + v + "\n");
    EXPECT_EQ(schotter_text(2, 1, 1, v, zero), "⡏⠉\n" + kSchotterCaption + v + "\n");
    EXPECT_EQ(schotter_text(3, 1, 1, v, zero), "⠀⡤⡄\n⠀⠉⠁\n" + kSchotterCaption + v + "\n");
    EXPECT_EQ(schotter_text(10, 3, 2, v, zero),
              "⢰⠒⠒⢲⠒⠒⣶⠒⠒⡆\n"
              "⢸⣀⣀⣸⣀⣀⣿⣀⣀⡇\n"
              "⢸⠀⠀⢸⠀⠀⣿⠀⠀⡇\n"
              "⠘⠒⠒⠚⠒⠒⠛⠒⠒⠃\n" +
                  kSchotterCaption + v + "\n");
    // Squares too small for a single pixel row: no art at all.
    EXPECT_EQ(schotter_text(1, 200, 1, v, zero), kSchotterCaption + v + "\n");
}

TEST(Lolwut, SchotterClampsItsArguments) {
    const std::string v = "7.0.15";
    EXPECT_EQ(schotter_text(-5, 0, -1, v, zero), schotter_text(1, 1, 1, v, zero));
    const std::string widest = schotter_text(1000, 200, 1, v, zero);
    EXPECT_EQ(schotter_text(5000, 1000, 1, v, zero), widest);
    // 2000 x 13 pixels: four rows of 1000 characters, the last one starting on line 12.
    const auto lines = split_lines(widest);
    ASSERT_EQ(lines.size(), 6u);
    for (int i = 0; i < 4; i++) EXPECT_EQ(lines[i].size(), 3000u) << i;
    EXPECT_EQ(lines[4], "Georg Nees - schotter, plotter on paper, 1968. Redis ver. 7.0.15");
    EXPECT_EQ(lines[5], "");
    Sequence a{1};
    Sequence b{1};
    EXPECT_EQ(schotter_text(1, 1, 1000, v, [&] { return a.next(); }),
              schotter_text(1, 1, 200, v, [&] { return b.next(); }));
}

TEST(Lolwut, SchotterDefaultShape) {
    Sequence seq{42};
    const std::string text = schotter_text(kSchotterCols, kSchotterPerRow, kSchotterPerCol,
                                           "7.0.15", [&] { return seq.next(); });
    // Six rand() calls per square from the third row down.
    EXPECT_EQ(seq.calls, (12 - 2) * 8 * 6);
    // 132 x 196 pixels: 49 rows of 66 characters, a blank line, the caption.
    const auto lines = split_lines(text);
    ASSERT_EQ(lines.size(), 49u + 3u);
    for (int i = 0; i < 49; i++) {
        EXPECT_EQ(lines[i].size(), 66u * 3) << i;
        for (size_t j = 0; j < lines[i].size(); j += 3) {
            const std::string ch = lines[i].substr(j, 3);
            EXPECT_TRUE(ch >= "\u2800" && ch <= "\u28FF") << i;
        }
    }
    EXPECT_EQ(lines[49], "");
    EXPECT_EQ(lines[50], "Georg Nees - schotter, plotter on paper, 1968. Redis ver. 7.0.15");
    EXPECT_EQ(lines[51], "");
    // The first two rows of squares are in order whatever rand() says.
    const auto still = split_lines(schotter_text(66, 8, 12, "7.0.15", zero));
    for (int i = 0; i < 6; i++) EXPECT_EQ(lines[i], still[i]) << i;
}

TEST(Lolwut, SkylineWithoutRandomness) {
    // With rand() always 0 every building is the narrowest and lowest: traced by hand.
    const Canvas c = draw_skyline(20, 8, zero);
    const std::vector<std::string> expected = {
        "33333333333333333333", "33333333333333333333", "33333333333333333333",
        "33333333333333333333", "22211111122222111111", "21111111111211111111",
        "21110001111211110001", "21000000011211000000",
    };
    for (int y = 0; y < 8; y++) {
        std::string row;
        for (int x = 0; x < 20; x++) row += static_cast<char>('0' + c.get(x, y));
        EXPECT_EQ(row, expected[y]) << y;
    }
}

TEST(Lolwut, SkylineWindows) {
    // A black building 7 wide from x=2, 10 tall: two-pixel windows at x=5,6 on every other row.
    const Canvas c = draw_skyline(20, 30, zero);
    for (int y = 20; y <= 29; y++) {
        const bool window = y == 22 || y == 24 || y == 26;
        EXPECT_EQ(c.get(5, y), window ? 1 : 0) << y;
        EXPECT_EQ(c.get(6, y), window ? 1 : 0) << y;
        EXPECT_EQ(c.get(4, y), 0) << y;
    }
}

TEST(Lolwut, SkylineTextShapeAndClamping) {
    Sequence seq{7};
    const std::string text =
        skyline_text(kSkylineCols, kSkylineRows, "7.0.15", [&] { return seq.next(); });
    const auto lines = split_lines(text);
    ASSERT_EQ(lines.size(), 20u + 3u);
    const std::string white = "\033[0;97;107m \033[0m";
    for (int i = 0; i < 20; i++) {
        std::string rest = lines[i];
        int cells = 0;
        for (const char* color : {"0;30;40m", "0;90;100m", "0;37;47m", "0;97;107m"}) {
            const std::string cell = std::string("\033[") + color + " \033[0m";
            for (size_t at; (at = rest.find(cell)) != std::string::npos; cells++) {
                rest.erase(at, cell.size());
            }
        }
        EXPECT_EQ(cells, 80) << i;
        EXPECT_EQ(rest, "") << i;
    }
    // No building reaches the top line of an even-height canvas.
    EXPECT_EQ(lines[0], repeat(white, 80));
    EXPECT_EQ(lines[20], "Dedicated to the 8 bit game developers of past and present.");
    EXPECT_EQ(lines[21], "Original 8 bit image from Plaguemon by hikikomori. Redis ver. 7.0.15");
    EXPECT_EQ(lines[22], "");

    EXPECT_EQ(skyline_text(-3, 0, "7.0.15", zero), white + kSkylineCaption + "7.0.15\n");
    EXPECT_EQ(skyline_text(5000, 1, "7.0.15", zero),
              repeat(white, 1000) + kSkylineCaption + "7.0.15\n");
    EXPECT_EQ(split_lines(skyline_text(1, 99999, "7.0.15", zero)).size(), 1000u + 3u);
}

}  // namespace
}  // namespace cairn::lolwut
